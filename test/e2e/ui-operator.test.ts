// The operator's UI in real headless Chromium against `cronkeeper serve --ui-port` (issue 18): why a run
// failed (a real job printing a Python-style traceback), no lost edits (Escape asks first), settings
// that refuse nonsense, times in the task's zone, run controls from the task row, the 24-hour timeline,
// and the same views in Chinese with the dark theme. Saves test-results/screenshots/operator-*.png.
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHROMIUM_SKIP_REASON, chromiumAvailable, startApp, type App } from './harness';

// 30 frames on stderr, then the exception, as CPython prints it; then exit 1.
const TRACEBACK_JOB = [
  `printf 'Traceback (most recent call last):\\n' >&2`,
  `i=0; while [ $i -lt 30 ]; do printf '  File "/srv/etl/step%s.py", line %s, in run\\n    load_batch()\\n' $i $i >&2; i=$((i+1)); done`,
  `printf 'psycopg2.OperationalError: could not connect to server\\n' >&2`,
  'exit 1',
].join('; ');
const CAUSE = 'Exited with code 1: psycopg2.OperationalError: could not connect to server';

const hasChromium = chromiumAvailable();

async function go(page: Page, hash: string) {
  await page.evaluate((h) => (window.location.hash = h), hash);
}

describe.skipIf(!hasChromium)(
  `The operator's UI in Chromium${hasChromium ? '' : ` (skipped: ${CHROMIUM_SKIP_REASON})`}`,
  () => {
    let app: App;
    let page: Page;
    let etlId: number;

    beforeAll(async () => {
      app = await startApp({ hash: '#/tasks' });
      page = app.page;
      page.setDefaultTimeout(15_000);
      const added = await app.cli([
        'task',
        'add',
        '--name',
        'Nightly ETL',
        '--cron',
        '0 3 * * *',
        '--tz',
        'Europe/Berlin',
        '--command',
        TRACEBACK_JOB,
      ]);
      expect(added.code, added.stderr).toBe(0);
      const list = JSON.parse((await app.cli(['task', 'list', '--json'])).stdout) as { id: number }[];
      etlId = list[0].id;
      const ran = await app.cli(['task', 'run', String(etlId), '--wait']);
      expect(ran.code).not.toBe(0);
    }, 90_000);

    afterAll(async () => {
      await app?.close();
    });

    it("shows why a run failed: the traceback's last line in History, head and tail in the drawer", async () => {
      await go(page, '#/history');
      await page.getByTestId('history-view').waitFor();
      const row = page.getByTestId('history-row').first();
      await expect.poll(() => row.textContent()).toContain(CAUSE);
      await app.screenshot('operator-history-failure');
      await row.click();
      const summary = page.getByTestId('execution-drawer').getByTestId('exec-error-summary');
      await summary.waitFor();
      const text = (await summary.textContent()) ?? '';
      expect(text.startsWith('Traceback (most recent call last):')).toBe(true);
      expect(text.endsWith('psycopg2.OperationalError: could not connect to server')).toBe(true);
      await page.waitForTimeout(400); // the drawer's slide-in
      await app.screenshot('operator-failure-drawer');
      await page.keyboard.press('Escape');
      await page.getByTestId('execution-drawer').waitFor({ state: 'detached' });

      await go(page, '#/dashboard');
      const failure = page.getByTestId('recent-failure').first();
      await expect.poll(() => failure.locator('xpath=..').textContent()).toContain(CAUSE);
    });

    it('asks before Escape throws away a changed editor; Escape in the question keeps editing', async () => {
      await go(page, '#/tasks');
      await page.getByTestId('task-row').first().waitFor();
      await page.keyboard.press('Control+n');
      await page.getByTestId('field-name').fill('Half-written task');
      await page.keyboard.press('Escape');
      const keep = page.getByTestId('editor-unsaved-keep');
      await keep.waitFor();
      await expect
        .poll(() => page.evaluate(() => document.activeElement?.getAttribute('data-testid')))
        .toBe('editor-unsaved-keep');
      await app.screenshot('operator-unsaved-changes');
      await page.keyboard.press('Escape');
      await keep.waitFor({ state: 'hidden' });
      expect(await page.getByTestId('field-name').inputValue()).toBe('Half-written task');
      // The question has closed (its animation too) once focus is back in the editor, outside any dialog:
      // an Escape sooner would go to the closing question, not the editor.
      await expect
        .poll(() =>
          page.evaluate(() => {
            const active = document.activeElement;
            return Boolean(active?.closest('[data-testid="task-editor"]') && !active.closest('.ant-modal'));
          }),
        )
        .toBe(true);
      await page.keyboard.press('Escape');
      await page.getByTestId('editor-unsaved-discard').click();
      await page.getByTestId('task-editor').waitFor({ state: 'detached' });
      expect(await page.getByTestId('task-row').count()).toBe(1);
    });

    it("shows the next run in the task's zone, named, and an uneven step in words", async () => {
      const added = await app.cli([
        'task',
        'add',
        '--name',
        'Heartbeat',
        '--cron',
        '*/45 * * * * *',
        '--tz',
        'UTC',
        '--command',
        'true',
      ]);
      expect(added.code, added.stderr).toBe(0);
      await go(page, '#/tasks');
      await expect.poll(() => page.getByTestId('task-row').count()).toBe(2);
      const etl = page.getByTestId('task-row').filter({ hasText: 'Nightly ETL' });
      expect(await etl.getByTestId('task-next-time').textContent()).toMatch(/ 03:00 Europe\/Berlin/);
      const heartbeat = page.getByTestId('task-row').filter({ hasText: 'Heartbeat' });
      expect(await heartbeat.textContent()).toContain('At 0 and 45 seconds past the minute');
      await app.screenshot('operator-tasks');
    });

    it("opens a row's run from its status, asks before cancelling it, and shows no ETA after", async () => {
      const added = await app.cli([
        'task',
        'add',
        '--name',
        'Slow import',
        '--cron',
        '0 4 * * *',
        '--command',
        'echo "::progress 10 starting"; sleep 60',
      ]);
      expect(added.code, added.stderr).toBe(0);
      await go(page, '#/tasks');
      const row = page.getByTestId('task-row').filter({ hasText: 'Slow import' });
      await row.waitFor();
      await row.getByTestId('task-run').click();
      await expect.poll(() => row.getByTestId('task-status').getAttribute('data-status')).toBe('running');
      await row.getByTestId('task-status').click();
      const drawer = page.getByTestId('execution-drawer');
      await drawer.waitFor();
      expect(page.url()).toMatch(/#\/tasks\?execution=\d+$/);
      const elapsed = drawer.getByTestId('exec-elapsed');
      const first = await elapsed.textContent();
      await expect.poll(() => elapsed.textContent(), { timeout: 5000 }).not.toBe(first);
      await drawer.getByTestId('exec-cancel').click();
      const keep = page.getByTestId('exec-cancel-keep');
      await keep.waitFor();
      await expect
        .poll(() => page.evaluate(() => document.activeElement?.getAttribute('data-testid')))
        .toBe('exec-cancel-keep');
      await page.waitForTimeout(300); // the dialog's zoom-in
      await app.screenshot('operator-cancel-confirm');
      await page.getByTestId('exec-cancel-ok').click();
      await expect
        .poll(() => drawer.getByTestId('exec-status').getAttribute('data-status'), { timeout: 15_000 })
        .toBe('cancelled');
      expect(await drawer.textContent()).not.toContain('ETA');
      expect(await drawer.getByTestId('exec-elapsed').count()).toBe(0);
      await drawer.locator('.ant-drawer-close').click();
      await drawer.waitFor({ state: 'detached' });
      expect(page.url()).toMatch(/#\/tasks$/);
    });

    it('compact rows: two lines a row, more rows on screen', async () => {
      await go(page, '#/tasks');
      const first = page.getByTestId('task-row').first();
      await first.waitFor();
      expect(await first.evaluate((el) => el.getBoundingClientRect().height)).toBe(76);
      await page.getByTestId('tasks-compact').click();
      await expect.poll(() => first.evaluate((el) => el.getBoundingClientRect().height)).toBe(48);
      await app.screenshot('operator-tasks-compact');
      await page.getByTestId('tasks-compact').click();
      await expect.poll(() => first.evaluate((el) => el.getBoundingClientRect().height)).toBe(76);
    });

    it('draws the next 24 hours with a row per task, the frequent one as a band', async () => {
      await go(page, '#/dashboard');
      const chart = page.getByTestId('chart-upcoming');
      await chart.waitFor();
      await page.waitForTimeout(600); // chart animation
      // Hover the first row (the band of the task every 45 s): the tooltip names it, with its zone.
      const box = (await chart.boundingBox())!;
      const rows = 3;
      const plotTop = box.y + 8;
      const plotHeight = box.height - 8 - 24;
      await page.mouse.move(box.x + box.width * 0.6, plotTop + plotHeight / rows / 2);
      await expect
        .poll(() => chart.evaluate((el) => el.textContent ?? ''), { timeout: 5000 })
        .toMatch(/Heartbeat\s*UTC\s*\d{4}-\d{2}-\d{2} /);
      await app.screenshot('operator-dashboard');
    });

    it('refuses an out-of-range setting inline and does not save it', async () => {
      await go(page, '#/settings');
      const concurrency = page.getByTestId('settings-concurrency');
      await concurrency.fill('0');
      await concurrency.press('Tab');
      await page.getByText('Not saved: must be a number from 1 to 64').first().waitFor();
      expect(await concurrency.inputValue()).toBe('0');
      await page.getByText('0 keeps every execution forever').waitFor();
      await app.screenshot('operator-settings-refused');
      await page.reload();
      await page.getByTestId('settings-view').waitFor();
      await expect.poll(() => page.getByTestId('settings-concurrency').inputValue()).not.toBe('0');
      const settings = await page.evaluate(() => document.body.textContent);
      expect(settings).not.toContain('Settings saved');
    });

    it('says the same in Chinese with the dark theme', async () => {
      await go(page, '#/settings');
      await page.getByTestId('settings-language').click();
      await page.locator('.ant-select-item-option').filter({ hasText: '简体中文' }).click();
      await page.getByTestId('settings-theme').click();
      await page.locator('.ant-select-item-option').filter({ hasText: '深色' }).click();
      await expect.poll(() => page.evaluate(() => document.documentElement.dataset.theme)).toBe('dark');
      await page.getByText('0 表示永久保留所有执行记录').waitFor();
      await app.screenshot('operator-settings-dark-zh');
      await go(page, '#/tasks');
      const heartbeat = page.getByTestId('task-row').filter({ hasText: 'Heartbeat' });
      await expect.poll(() => heartbeat.textContent()).toContain('每分钟的第 0 和 45 秒');
      await app.screenshot('operator-tasks-dark-zh');
      await page.keyboard.press('Control+n');
      await page.getByTestId('field-name').fill('草稿');
      await page.keyboard.press('Escape');
      await page.getByText('放弃所做的更改？').waitFor();
      await page.waitForTimeout(300);
      await app.screenshot('operator-unsaved-dark-zh');
      await page.getByTestId('editor-unsaved-discard').click();
      await page.getByTestId('task-editor').waitFor({ state: 'detached' });
      await go(page, '#/history?status=failed');
      await page.getByTestId('history-row').filter({ hasText: 'Nightly ETL' }).first().click();
      await page.getByTestId('exec-error-summary').waitFor();
      await page.waitForTimeout(400);
      await app.screenshot('operator-failure-dark-zh');
      await page.keyboard.press('Escape');
      await go(page, '#/dashboard');
      await page.getByTestId('chart-upcoming').waitFor();
      await page.waitForTimeout(600);
      await app.screenshot('operator-dashboard-dark-zh');
    });
  },
);
