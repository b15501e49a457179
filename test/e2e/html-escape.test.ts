// Task names are data, never HTML: they come from import files, crontabs and shared databases. A task
// named like markup shows literally in the tasks view, the editor, the history, the execution drawer and
// the dashboard, with every chart's tooltip hovered; no element from the name ever enters the page (a
// MutationObserver installed before the page's own scripts watches every insertion, tooltips included).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHROMIUM_SKIP_REASON, chromiumAvailable, startApp, type App } from './harness';

const hasChromium = chromiumAvailable();
const NAME = '<b id=x>bold</b><img src=x>';

/** Records every element matching the injected markup, whenever and wherever it is inserted. */
const WATCH = `
window.__injected = [];
const record = (node) => {
  if (node.nodeType !== 1) return;
  const hits = [node, ...node.querySelectorAll('*')].filter((n) => n.matches('b#x, img[src="x"]'));
  for (const hit of hits) window.__injected.push(hit.outerHTML);
};
new MutationObserver((mutations) => {
  for (const m of mutations) m.addedNodes.forEach(record);
}).observe(document, { childList: true, subtree: true });
`;

describe.skipIf(!hasChromium)(
  `a task named like HTML${hasChromium ? '' : ` (skipped: ${CHROMIUM_SKIP_REASON})`}`,
  () => {
    let app: App;
    const injected = () =>
      app.page.evaluate(() => (window as unknown as { __injected: string[] }).__injected);
    const go = (hash: string) => app.page.evaluate((h) => (window.location.hash = h), hash);

    beforeAll(async () => {
      app = await startApp({
        hash: '#/tasks',
        beforeOpen: async (context) => void (await context.addInitScript(WATCH)),
      });
      app.page.setDefaultTimeout(15_000);
      const added = await app.cli([
        'task',
        'add',
        '--name',
        NAME,
        '--cron',
        '*/5 * * * *',
        '--command',
        'true',
        '--json',
      ]);
      expect(added.code, added.stderr).toBe(0);
      const id = String((JSON.parse(added.stdout) as { id: number }).id);
      for (let i = 0; i < 2; i++) {
        const run = await app.cli(['task', 'run', id, '--wait']);
        expect(run.code, run.stderr).toBe(0);
      }
    }, 120_000);

    afterAll(async () => {
      await app?.close();
    });

    it('shows the name literally in the tasks view and the editor', async () => {
      const name = app.page.getByTestId('task-name').first();
      await expect.poll(() => name.textContent()).toBe(NAME);
      await app.page.getByTestId('task-row').first().dblclick();
      await expect.poll(() => app.page.getByTestId('field-name').inputValue()).toBe(NAME);
      await app.page.keyboard.press('Escape');
      await app.page.getByTestId('field-name').waitFor({ state: 'detached' });
      expect(await injected()).toEqual([]);
    });

    it('shows it literally in the history and the execution drawer', async () => {
      await go('#/history');
      const row = app.page.getByTestId('history-row').first();
      await expect.poll(() => row.textContent()).toContain(NAME);
      await row.click();
      const drawer = app.page.getByTestId('execution-drawer');
      await expect.poll(() => drawer.textContent()).toContain(NAME);
      await app.page.keyboard.press('Escape');
      await drawer.waitFor({ state: 'detached' });
      expect(await injected()).toEqual([]);
    });

    it('shows it literally on the dashboard, every chart tooltip hovered', { timeout: 120_000 }, async () => {
      await go('#/dashboard');
      await app.page.getByTestId('dashboard-view').waitFor();
      const seen: Record<string, string> = {};
      for (const [chart, expected] of [
        ['chart-upcoming', NAME],
        ['chart-daily', 'Success'],
        ['chart-duration', NAME],
      ] as const) {
        const element = app.page.getByTestId(chart);
        await element.scrollIntoViewIfNeeded();
        const box = (await element.boundingBox())!;
        // Sweep the plot area's middle row (every chart's grid: 8 px top, 24 px bottom) left to right
        // until the tooltip shows; the scatter's one category sits exactly there.
        const middle = box.y + (8 + box.height - 24) / 2;
        let text = '';
        sweep: for (const dy of [0, -3, 3]) {
          for (let x = box.x + 10; x < box.x + box.width - 10; x += 3) {
            await app.page.mouse.move(x, middle + dy);
            text = (await element.textContent()) ?? '';
            if (text.includes(expected)) break sweep;
          }
        }
        seen[chart] = text;
        expect(text, chart).toContain(expected);
        await app.page.mouse.move(0, 0);
      }
      expect(seen['chart-upcoming']).toContain(NAME);
      expect(seen['chart-duration']).toContain(NAME);
      expect(await app.page.locator('b#x').count()).toBe(0);
      expect(await app.page.locator('img[src="x"]').count()).toBe(0);
      expect(await injected()).toEqual([]);
      expect(app.pageErrors).toEqual([]);
      await app.screenshot('html-name-dashboard');
    });
  },
);
