// Escape, then Discard, closes a changed editor even when Discard is pressed the moment the question
// appears (what Playwright's click did on a loaded CI machine, and what a quick user does). In real
// headless Chromium against `cronkeeper serve --ui-port`, with trusted mouse events (the browser's own
// hit testing decides which element gets the press, the release and the click).
//
// The flake: antd's zoom laid the question's buttons out at full size for its first frames (invisible,
// yet under the pointer), then shrank them to a fifth and grew them back. Playwright saw Discard stable,
// pressed it, and released over the backdrop: the click went to the backdrop, Discard never ran and the
// editor stayed open. The animations run 20 times slower here, so that the release reliably falls while
// the question is still appearing.
import type { CDPSession, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pressAsItAppears } from './appearing-dialog';
import { CHROMIUM_SKIP_REASON, chromiumAvailable, startApp, type App } from './harness';

const hasChromium = chromiumAvailable();

describe.skipIf(!hasChromium)(
  `Escape then Discard closes the editor${hasChromium ? '' : ` (skipped: ${CHROMIUM_SKIP_REASON})`}`,
  () => {
    let app: App;
    let page: Page;
    let cdp: CDPSession;

    beforeAll(async () => {
      app = await startApp({ hash: '#/tasks' });
      page = app.page;
      page.setDefaultTimeout(15_000);
      cdp = await page.context().newCDPSession(page);
      await cdp.send('Animation.enable');
    }, 90_000);

    afterAll(async () => {
      await app?.close();
    });

    it('a press on Discard as the question appears, released while it still appears, discards', async () => {
      await page.getByTestId('new-task').click();
      await page.getByTestId('field-name').fill('Draft to throw away');
      await cdp.send('Animation.setPlaybackRate', { playbackRate: 0.05 });
      try {
        const pointer = await pressAsItAppears(page, 'editor-unsaved-discard', () =>
          page.keyboard.press('Escape'),
        );
        await page.getByTestId('task-editor').waitFor({ state: 'detached', timeout: 10_000 });
        expect(await page.getByTestId('editor-unsaved').count()).toBe(0);
        // What the test exercised: pressed while the question appeared, released while it still did.
        expect(pointer).toEqual([
          expect.stringMatching(/^pointerdown .*appear/),
          expect.stringMatching(/^pointerup .*appear-active/),
        ]);
      } finally {
        await cdp.send('Animation.setPlaybackRate', { playbackRate: 1 });
      }
      // Nothing was saved.
      const list = JSON.parse((await app.cli(['task', 'list', '--json'])).stdout) as { name: string }[];
      expect(list.map((t) => t.name)).not.toContain('Draft to throw away');
    });
  },
);
