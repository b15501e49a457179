// The operator's flows in real headless Chromium against `cronkeeper serve --ui-port` on a temp data
// dir: create a task in the editor, run it, watch the progress bar reach 100% and the status turn to
// success, open the execution (result and log), pause and resume, delete it and see its history gone,
// switch language and theme, save a number setting, export the tasks and import them back. Saves a
// screenshot of each main view under test-results/screenshots/.
import fs from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHROMIUM_SKIP_REASON, chromiumAvailable, startApp, type App } from './harness';

const COMMAND =
  'sh -c \'for i in 1 2 3 4 5; do echo "::progress $((i*20)) step $i"; sleep 0.3; done; echo "::result {\\"insert_count\\": 5}"\'';

const hasChromium = chromiumAvailable();

async function go(page: Page, hash: string) {
  await page.evaluate((h) => (window.location.hash = h), hash);
}

describe.skipIf(!hasChromium)(
  `UI flows in Chromium${hasChromium ? '' : ` (skipped: ${CHROMIUM_SKIP_REASON})`}`,
  () => {
    let app: App;
    let page: Page;

    beforeAll(async () => {
      app = await startApp({ hash: '#/tasks' });
      page = app.page;
      page.setDefaultTimeout(10_000);
    }, 60_000);

    afterAll(async () => {
      await app?.close();
    });

    it('creates a task in the editor, with as-you-type validation and a schedule preview', async () => {
      await page.getByTestId('tasks-empty').waitFor();
      await app.screenshot('tasks-empty');
      await page.keyboard.press('Control+n');
      await page.getByTestId('field-name').fill('Import orders');
      await page.getByTestId('field-command').fill(COMMAND);
      const cron = page.getByTestId('field-cron');
      await cron.fill('0 25 * * *');
      await page.getByText('Hour field: 25 is out of range 0-23').waitFor();
      await cron.fill('0 3 1 1 *');
      await page
        .getByTestId('cron-words')
        .getByText('At 03:00, on day 1 of the month, only in January')
        .waitFor();
      await expect.poll(() => page.getByTestId('next-runs').locator('li').count()).toBe(10);
      await app.screenshot('editor');
      await page.getByTestId('editor-save').click();
      await page.getByTestId('task-editor').waitFor({ state: 'detached' });
      const row = page.getByTestId('task-row');
      await expect.poll(() => row.count()).toBe(1);
      expect(await row.getByTestId('task-name').textContent()).toBe('Import orders');
    });

    it('runs it now: the progress bar advances to 100% and the status turns to success', async () => {
      const row = page.getByTestId('task-row').first();
      // Record every value the bar shows, in the page itself, so that nothing is missed while the test
      // process is busy (e.g. taking a screenshot).
      await page.evaluate(() => {
        const seen: number[] = [];
        (window as unknown as { __seen: number[] }).__seen = seen;
        const record = () => {
          const bar = document.querySelector('[data-testid="task-progress"]');
          const value = bar?.getAttribute('data-percent');
          if (value && seen[seen.length - 1] !== Number(value)) seen.push(Number(value));
        };
        new MutationObserver(record).observe(document.body, {
          subtree: true,
          childList: true,
          attributes: true,
          attributeFilter: ['data-percent'],
        });
      });
      await row.getByTestId('task-run').click();
      await expect
        .poll(() => page.evaluate(() => (window as unknown as { __seen: number[] }).__seen.length))
        .toBeGreaterThan(0);
      await app.screenshot('tasks-running');
      await expect
        .poll(() => row.getByTestId('task-status').getAttribute('data-status'), { timeout: 15_000 })
        .toBe('success');
      const seen = await page.evaluate(() => (window as unknown as { __seen: number[] }).__seen);
      expect(seen.length).toBeGreaterThanOrEqual(3);
      expect(seen).toEqual([...seen].sort((a, b) => a - b));
      expect(seen[seen.length - 1]).toBe(100);
      expect(await row.getByTestId('task-progress').count()).toBe(0);
      await app.screenshot('tasks');
    });

    it('opens the execution from the history: result JSON and log', async () => {
      await page.getByTestId('task-row').first().getByTestId('task-more').click();
      // The ⋮ menu's item (the side nav has one named History too).
      await page.locator('.ant-dropdown').getByRole('menuitem', { name: 'History', exact: true }).click();
      await page.getByTestId('history-view').waitFor();
      await expect.poll(() => page.getByTestId('history-row').count()).toBe(1);
      await app.screenshot('history');
      await page.getByTestId('history-row').first().click();
      const drawer = page.getByTestId('execution-drawer');
      await drawer.waitFor();
      const result = JSON.parse((await drawer.getByTestId('exec-result').textContent()) ?? '{}');
      expect(result.insert_count).toBe(5);
      expect(await drawer.getByTestId('exec-status').getAttribute('data-status')).toBe('success');
      await expect.poll(() => drawer.getByTestId('log-text').textContent()).toContain('step 5');
      await drawer.getByTestId('log-search').locator('input').fill('step 3');
      await expect.poll(() => drawer.locator('mark').count()).toBe(1);
      await app.screenshot('execution-detail');
      await page.keyboard.press('Escape');
      await drawer.waitFor({ state: 'detached' });
    });

    it('pauses and resumes the task', async () => {
      await go(page, '#/tasks');
      const row = page.getByTestId('task-row').first();
      const taskId = Number(await row.getAttribute('data-task-id'));
      await row.getByTestId('task-pause').click();
      await expect.poll(() => row.getByTestId('task-state').textContent()).toBe('Paused');
      const shown = await app.cli(['task', 'show', String(taskId), '--json']);
      expect(shown.code, shown.stderr).toBe(0);
      expect(JSON.parse(shown.stdout).paused).toBe(true);
      await row.getByTestId('task-resume').click();
      await expect.poll(() => row.getByTestId('task-state').textContent()).toBe('Enabled');
      expect(JSON.parse((await app.cli(['task', 'show', String(taskId), '--json'])).stdout).paused).toBe(
        false,
      );
    });

    it('shows the dashboard', async () => {
      await go(page, '#/dashboard');
      await page.getByTestId('dashboard-view').waitFor();
      await page.getByTestId('chart-daily').waitFor();
      await page.waitForTimeout(400); // chart animation
      await app.screenshot('dashboard');
    });

    it('deletes the task, saying how many executions go with it, and its history is gone', async () => {
      await go(page, '#/tasks');
      const row = page.getByTestId('task-row').first();
      await row.click();
      await page.keyboard.press('Delete');
      const body = page.getByTestId('delete-confirm-body');
      await body.waitFor();
      expect(await body.textContent()).toContain('its 1 recorded execution and');
      await page.getByTestId('delete-confirm-ok').click();
      await expect.poll(() => page.getByTestId('task-row').count()).toBe(0);
      await page.getByTestId('tasks-empty').waitFor();
      await go(page, '#/history');
      await page.getByTestId('history-view').waitFor();
      await page.getByText('No executions yet.', { exact: false }).waitFor();
      expect(await page.getByTestId('history-row').count()).toBe(0);
      const history = await app.cli(['history', '--json']);
      expect(history.code, history.stderr).toBe(0);
      expect(JSON.parse(history.stdout)).toHaveLength(0);
    });

    it('switches language and theme in the settings', async () => {
      await go(page, '#/settings');
      await page.getByTestId('settings-view').waitFor();
      await app.screenshot('settings');
      await page.getByTestId('settings-language').click();
      await page.locator('.ant-select-item-option').filter({ hasText: '简体中文' }).click();
      await page.getByRole('menuitem', { name: '任务' }).waitFor();
      expect(await page.evaluate(() => document.documentElement.lang)).toBe('zh-CN');
      await page.getByTestId('settings-theme').click();
      await page.locator('.ant-select-item-option').filter({ hasText: '深色' }).click();
      await expect.poll(() => page.evaluate(() => document.documentElement.dataset.theme)).toBe('dark');
      const background = await page.evaluate(
        () => getComputedStyle(document.querySelector('.ck-content')!).backgroundColor,
      );
      expect(background).not.toBe('rgb(245, 245, 245)');
      await app.screenshot('settings-dark-zh');
      // The choice is stored by the core: a reload keeps it.
      await page.reload();
      await page.getByRole('menuitem', { name: '设置' }).waitFor();
      expect(await page.evaluate(() => document.documentElement.dataset.theme)).toBe('dark');
      await go(page, '#/tasks');
      await page.getByText('还没有任务').waitFor();
      // A task made from the CLI shows up in the open window (the core notices the other writer).
      const added = await app.cli([
        'task',
        'add',
        '--name',
        'Nightly report',
        '--cron',
        '30 2 * * 1-5',
        '--command',
        'echo hi',
      ]);
      expect(added.code, added.stderr).toBe(0);
      await go(page, '#/settings');
      await go(page, '#/tasks');
      await expect.poll(() => page.getByTestId('task-row').count(), { timeout: 10_000 }).toBe(1);
      expect(await page.getByTestId('task-row').first().textContent()).toContain('星期一至星期五');
      await app.screenshot('tasks-dark-zh');
    });

    it('saves a number setting once the field is left, and keeps it across a reload', async () => {
      await go(page, '#/settings');
      const days = page.getByTestId('settings-retention-days');
      await days.fill('45');
      await days.press('Tab');
      await page.getByText('设置已保存').waitFor();
      await page.reload();
      await page.getByTestId('settings-view').waitFor();
      await expect.poll(() => page.getByTestId('settings-retention-days').inputValue()).toBe('45');
    });

    it('shows where the application log is; the browser cannot open folders, so it shows the path', async () => {
      await go(page, '#/settings');
      const folder = page.getByTestId('log-folder');
      await folder.waitFor();
      expect(await folder.textContent()).toContain(path.join(app.dataDir, 'logs'));
      expect(await page.getByTestId('open-log-folder').count()).toBe(0);
      // serve writes its own lines there (the page is served by `cronkeeper serve --ui-port`).
      const log = fs.readFileSync(path.join(app.dataDir, 'logs', 'cronkeeper.log'), 'utf8');
      expect(log).toMatch(/INFO {2}Cronkeeper \S+ serving /);
    });

    it('exports the tasks to a file and imports that file back through the core', async () => {
      await go(page, '#/settings');
      const [download] = await Promise.all([
        page.waitForEvent('download'),
        page.getByTestId('export-tasks').click(),
      ]);
      expect(download.suggestedFilename()).toMatch(/^cronkeeper-tasks-\d{4}-\d{2}-\d{2}\.json$/);
      const file = path.join(app.dataDir, 'exported-tasks.json');
      await download.saveAs(file);
      expect(fs.readFileSync(file, 'utf8')).toContain('Nightly report');

      // Importing the file while its task exists: the import dialog's preview shows the name clash (skipped
      // unless renamed), so nothing would be created.
      await page.getByTestId('settings-import').click();
      await page.getByTestId('import-file').setInputFiles(file);
      await expect.poll(() => page.getByTestId('import-clash').count(), { timeout: 10_000 }).toBe(1);
      await page.getByTestId('import-cancel').click();
      await page.getByTestId('import-dialog').waitFor({ state: 'detached' });
      // Once the task is gone (deleted from the CLI), the same file brings it back.
      const listed = await app.cli(['task', 'list', '--json']);
      expect(listed.code, listed.stderr).toBe(0);
      const [task] = JSON.parse(listed.stdout) as { id: number; name: string }[];
      expect((await app.cli(['task', 'rm', String(task.id)])).code).toBe(0);
      await page.getByTestId('settings-import').click();
      await page.getByTestId('import-file').setInputFiles(file);
      await expect
        .poll(() => page.getByTestId('import-apply').textContent(), { timeout: 10_000 })
        .toBe('导入 1 个任务');
      await page.getByTestId('import-apply').click();
      await page.getByText('已导入 1 个任务').waitFor();
      const after = JSON.parse((await app.cli(['task', 'list', '--json'])).stdout) as {
        id: number;
        name: string;
      }[];
      expect(after.map((t) => t.name)).toEqual(['Nightly report']);
      expect(after[0].id).not.toBe(task.id);
      await go(page, '#/tasks');
      await expect.poll(() => page.getByTestId('task-row').count(), { timeout: 10_000 }).toBe(1);
      expect(await page.getByTestId('task-row').first().getAttribute('data-task-id')).toBe(
        String(after[0].id),
      );
    });
  },
);
