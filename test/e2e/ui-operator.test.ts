// The operator's UI in real headless Chromium against `cronkeeper serve --ui-port` (issue 18): why a run
// failed (a real job printing a Python-style traceback), no lost edits (Escape asks first), settings
// that refuse nonsense. Saves screenshots under test-results/screenshots/operator-*.png.
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
      await page.keyboard.press('Escape');
      await page.getByTestId('editor-unsaved-discard').click();
      await page.getByTestId('task-editor').waitFor({ state: 'detached' });
      expect(await page.getByTestId('task-row').count()).toBe(1);
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
  },
);
