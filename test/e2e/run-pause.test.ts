// Pausing a run, end to end: real headless Chromium against `cronkeeper serve --ui-port` on a temp data
// dir. A task appends a line to a file every 100 ms; run from its row, it is paused from the history
// drawer, which then says Paused (and so does its history row), and the file stops growing; resumed, the
// file grows again and the run ends in success with every line written. Set CK_SHOT=/path/to/file.png
// to save a screenshot of the drawer showing the paused run.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { CHROMIUM_SKIP_REASON, chromiumAvailable, startApp } from './harness';

const LINES = 60;
// ~6 s of work in 100 ms steps: long enough to pause in the middle, short enough for a quick test.
const COMMAND = `for i in $(seq ${LINES}); do echo $i >> "$OUT"; sleep 0.1; done`;

const hasChromium = chromiumAvailable();
// Pausing stops the process tree with SIGSTOP, which Windows does not have (the core answers UNSUPPORTED).
const posix = process.platform !== 'win32';

function linesIn(file: string): number {
  return fs.existsSync(file) ? fs.readFileSync(file, 'utf8').split('\n').filter(Boolean).length : 0;
}

describe.skipIf(!hasChromium || !posix)(
  `pausing a run in Chromium${hasChromium ? '' : ` (skipped: ${CHROMIUM_SKIP_REASON})`}`,
  () => {
    it('pauses a running job from the drawer (the job stops writing), resumes it, and it succeeds', async () => {
      const app = await startApp({ hash: '#/tasks' });
      const { page } = app;
      page.setDefaultTimeout(10_000);
      try {
        const out = path.join(app.dataDir, 'ticks.txt');
        const added = await app.cli([
          'task',
          'add',
          '--name',
          'Ticker',
          '--cron',
          '0 3 1 1 *',
          '--command',
          COMMAND,
          '--env',
          `OUT=${out}`,
          '--json',
        ]);
        expect(added.code, added.stderr).toBe(0);

        // The open window notices the CLI's task; run it from its row.
        const row = page.getByTestId('task-row');
        await expect.poll(() => row.count(), { timeout: 10_000 }).toBe(1);
        await row.getByTestId('task-run').click();
        await expect.poll(() => row.getByTestId('task-status').getAttribute('data-status')).toBe('running');

        await page.evaluate(() => (window.location.hash = '#/history'));
        const historyRow = page.getByTestId('history-row').first();
        await historyRow.click();
        const drawer = page.getByTestId('execution-drawer');
        const status = drawer.getByTestId('exec-status');
        await expect.poll(() => status.getAttribute('data-status')).toBe('running');
        await expect.poll(() => linesIn(out)).toBeGreaterThan(3);

        await drawer.getByTestId('exec-pause').click();
        await expect.poll(() => status.textContent()).toBe('Paused');
        await drawer
          .getByTestId('exec-paused-banner')
          .getByText(/^Paused since \d{4}-/)
          .waitFor();
        await drawer.getByTestId('exec-resume').waitFor();
        expect(await status.getAttribute('data-status')).toBe('running');
        // The list behind the drawer says so too.
        expect(await historyRow.locator('.ck-status').textContent()).toBe('Paused');

        // Stopped: not one line for a second (a job at 10 lines a second).
        const atPause = linesIn(out);
        expect(atPause).toBeLessThan(LINES);
        await page.waitForTimeout(1000);
        expect(linesIn(out)).toBe(atPause);
        if (process.env.CK_SHOT) await page.screenshot({ path: process.env.CK_SHOT });

        await drawer.getByTestId('exec-resume').click();
        await expect.poll(() => status.textContent()).toBe('Running');
        await expect.poll(() => linesIn(out)).toBeGreaterThan(atPause);
        await drawer.getByTestId('exec-pause').waitFor();

        await expect.poll(() => status.getAttribute('data-status'), { timeout: 15_000 }).toBe('success');
        expect(linesIn(out)).toBe(LINES);
        expect(await drawer.getByTestId('exec-pause').count()).toBe(0);
        expect(app.pageErrors).toEqual([]);
      } finally {
        await app.close();
      }
    }, 60_000);
  },
);
