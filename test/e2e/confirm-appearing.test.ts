// The questions asked before a delete (one task, or every checked one) take a click that begins the moment
// they appear (app/questions.ts): pressed on Delete at the dialog's first frame and released while it still
// appears, the delete happens. With antd's zoom the press landed on a button laid out at full size and the
// release on the backdrop, and the question stayed. In real headless Chromium against `cronkeeper serve
// --ui-port`, with trusted mouse events and the page's animations 20 times slower.
import type { CDPSession, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pressAsItAppears } from './appearing-dialog';
import { CHROMIUM_SKIP_REASON, chromiumAvailable, startApp, type App } from './harness';

const hasChromium = chromiumAvailable();

describe.skipIf(!hasChromium)(
  `a delete question takes a click as it appears${hasChromium ? '' : ` (skipped: ${CHROMIUM_SKIP_REASON})`}`,
  () => {
    let app: App;
    let page: Page;
    let cdp: CDPSession;
    const names = async () =>
      (JSON.parse((await app.cli(['task', 'list', '--json'])).stdout) as { name: string }[]).map(
        (t) => t.name,
      );

    beforeAll(async () => {
      app = await startApp({ hash: '#/tasks' });
      page = app.page;
      page.setDefaultTimeout(15_000);
      for (const name of ['Quick one', 'Quick two', 'Quick three'])
        await app.cli(['task', 'add', '--name', name, '--cron', '0 3 1 1 *', '--command', 'true']);
      await page.reload();
      await page.getByTestId('task-row').nth(2).waitFor();
      cdp = await page.context().newCDPSession(page);
      await cdp.send('Animation.enable');
    }, 90_000);

    afterAll(async () => {
      await app?.close();
    });

    /** Runs `body` with the page's animations slowed, so that the release falls while the dialog appears. */
    async function slowly<T>(body: () => Promise<T>): Promise<T> {
      await cdp.send('Animation.setPlaybackRate', { playbackRate: 0.05 });
      try {
        return await body();
      } finally {
        await cdp.send('Animation.setPlaybackRate', { playbackRate: 1 });
      }
    }

    const pressedAndReleasedAsItAppeared = [
      expect.stringMatching(/^pointerdown .*appear/),
      expect.stringMatching(/^pointerup .*appear-active/),
    ];

    it('one task: Delete pressed as the question appears deletes it', async () => {
      const row = page.getByTestId('task-row').filter({ hasText: 'Quick one' });
      await row.click();
      const pointer = await slowly(() =>
        pressAsItAppears(page, 'delete-confirm-ok', () => page.keyboard.press('Delete')),
      );
      await row.waitFor({ state: 'detached', timeout: 10_000 });
      expect(pointer).toEqual(pressedAndReleasedAsItAppeared);
      expect(await names()).not.toContain('Quick one');
    });

    it('every checked task: Delete pressed as the question appears deletes them', async () => {
      await page.getByTestId('tasks-check-all').click();
      const pointer = await slowly(() =>
        pressAsItAppears(page, 'bulk-delete-ok', () => page.getByTestId('bulk-delete').click()),
      );
      await page.getByTestId('task-row').first().waitFor({ state: 'detached', timeout: 10_000 });
      expect(pointer).toEqual(pressedAndReleasedAsItAppeared);
      expect(await names()).toEqual([]);
    });
  },
);
