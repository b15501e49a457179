// Issue #16 end to end, in real headless Chromium against `cronkeeper serve --ui-port`: a chain made in the
// editor (Report after Import, on success), Import run from its row, and Report's chain run appearing in
// History linked to Import's run both ways in the drawer. Needs the core's chain triggers (the save path
// storing TaskInput.triggers and the scheduler firing chain runs). Screenshots of the editor's section and
// the drawer's links in both themes: test-results/screenshots/triggers-*.png.
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHROMIUM_SKIP_REASON, chromiumAvailable, startApp, type App } from './harness';

const hasChromium = chromiumAvailable();

async function go(page: Page, hash: string) {
  await page.evaluate((h) => (window.location.hash = h), hash);
}

describe.skipIf(!hasChromium)(
  `Chains in Chromium${hasChromium ? '' : ` (skipped: ${CHROMIUM_SKIP_REASON})`}`,
  () => {
    let app: App;
    let page: Page;
    // The row whose task NAME is `name` ("Report after Import ✓" also contains "Import").
    const row = (name: string) =>
      page
        .getByTestId('task-row')
        .filter({ has: page.getByTestId('task-name').getByText(name, { exact: true }) });

    beforeAll(async () => {
      app = await startApp({ hash: '#/tasks' });
      page = app.page;
      page.setDefaultTimeout(20_000);
      for (const [name, command] of [
        ['Import', 'echo imported'],
        ['Report', 'echo "::result {\\"report\\": \\"$CRONKEEPER_UPSTREAM_STATUS\\"}"'],
      ]) {
        const added = await app.cli([
          'task',
          'add',
          '--name',
          name,
          '--cron',
          '0 3 1 1 *',
          '--command',
          command,
        ]);
        expect(added.code, added.stderr).toBe(0);
      }
      await page.reload();
      await page.getByTestId('task-row').nth(1).waitFor();
    }, 90_000);

    afterAll(async () => {
      await app?.close();
    });

    async function openChainDrawers(theme: string) {
      await go(page, '#/history');
      const reportRun = page.getByTestId('history-row').filter({ hasText: 'Report' });
      await expect.poll(() => reportRun.count(), { timeout: 30_000 }).toBeGreaterThan(0);
      await reportRun.first().click();
      const drawer = page.getByTestId('execution-drawer');
      const upstream = drawer.getByTestId('exec-upstream');
      await upstream.waitFor();
      await page.waitForTimeout(400);
      await app.screenshot(`triggers-drawer-upstream-${theme}`);
      const upstreamId = await upstream.getAttribute('data-execution-id');
      await upstream.click();
      await expect.poll(() => page.evaluate(() => window.location.hash)).toContain(`execution=${upstreamId}`);
      const downstream = drawer.getByTestId('exec-downstream');
      await downstream.first().waitFor();
      await page.waitForTimeout(400);
      await app.screenshot(`triggers-drawer-downstream-${theme}`);
      await page.keyboard.press('Escape');
      await drawer.waitFor({ state: 'detached' });
    }

    it('creates "Report after Import on success", runs Import, and links the two runs', async () => {
      await row('Report').getByTestId('task-edit').click();
      const section = page.getByTestId('triggers-section');
      await section.waitFor();
      await page.getByTestId('chain-add').click();
      await page.getByTestId('chain-upstream-0').click();
      await page
        .locator('.ant-select-item-option')
        .filter({ hasText: /^Import$/ })
        .click();
      await expect.poll(() => page.locator('.ant-select-dropdown:visible').count()).toBe(0);
      await section.scrollIntoViewIfNeeded();
      await app.screenshot('triggers-editor-light');
      await page.getByTestId('editor-save').click();
      await page.getByTestId('task-editor').waitFor({ state: 'detached' });
      await expect.poll(() => row('Report').getByTestId('task-chain').textContent()).toBe('after Import ✓');

      await row('Import').getByTestId('task-run').click();
      await openChainDrawers('light');
      expect(app.pageErrors).toEqual([]);
    }, 120_000);

    it('shows the same in the dark theme', async () => {
      await go(page, '#/settings');
      await page.getByTestId('settings-theme').click();
      await page.locator('.ant-select-item-option').filter({ hasText: 'Dark' }).click();
      await expect.poll(() => page.evaluate(() => document.documentElement.dataset.theme)).toBe('dark');
      await expect.poll(() => page.locator('.ant-message-notice:visible').count()).toBe(0);
      await go(page, '#/tasks');
      await row('Report').getByTestId('task-edit').click();
      await page.getByTestId('triggers-section').scrollIntoViewIfNeeded();
      await page.waitForTimeout(300);
      await app.screenshot('triggers-editor-dark');
      await page.keyboard.press('Escape');
      await page.getByTestId('task-editor').waitFor({ state: 'detached' });
      await openChainDrawers('dark');
    }, 120_000);
  },
);
