// Issue 18, items 6 and 7 in real headless Chromium against `cronkeeper serve --ui-port`: History's period
// presets (last hour, today, 24 h, 7 days) and a typed one-day range that covers the whole day; a retry
// linking to the run it retried and back; the editor's test run streaming output and progress before it
// ends, cancelled by its button, and saying why a command in a missing folder could not start. Both themes
// (light in English, dark in Chinese). Saves test-results/screenshots/history-*.png and test-run-*.png.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import dayjs from 'dayjs';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/main/core/db/connection';
import { CHROMIUM_SKIP_REASON, chromiumAvailable, startApp, type App } from './harness';

const hasChromium = chromiumAvailable();

async function go(page: Page, hash: string) {
  await page.evaluate((h) => (window.location.hash = h), hash);
}

describe.skipIf(!hasChromium)(
  `History dates, retry links and live test runs in Chromium${hasChromium ? '' : ` (skipped: ${CHROMIUM_SKIP_REASON})`}`,
  () => {
    let app: App;
    let page: Page;
    let scratch: string;
    /** Noon, three days ago (local time: the browser and this process share the zone). */
    const threeDaysAgo = dayjs().subtract(3, 'day').hour(12).minute(0).second(0).millisecond(0);
    // A run earlier today but more than an hour ago exists only after 01:05 (else "today" = "last hour").
    const earlierToday = dayjs().startOf('day').add(1, 'second');
    const hasEarlierToday = Date.now() - earlierToday.valueOf() > 65 * 60_000;

    const rows = (name: string) => page.getByTestId('history-row').filter({ hasText: name });
    async function choosePeriod(label: string) {
      await page.getByTestId('history-period').click();
      await page
        .locator('.ant-select-item-option')
        .filter({ hasText: new RegExp(`^${label}$`) })
        .click();
      // The list closes before anything is read or pictured.
      await expect.poll(() => page.locator('.ant-select-dropdown:visible').count()).toBe(0);
    }

    beforeAll(async () => {
      scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'ck-e2e-scratch-'));
      app = await startApp({ hash: '#/tasks' });
      page = app.page;
      page.setDefaultTimeout(15_000);
      for (const args of [
        ['--name', 'Flaky', '--cron', '0 3 * * *', '--command', 'echo try >&2; exit 2'],
        ['--name', 'Archive', '--cron', '0 12 * * *', '--command', 'true'],
      ]) {
        const added = await app.cli([
          'task',
          'add',
          ...args,
          ...(args[1] === 'Flaky' ? ['--retries', '1', '--retry-delay', '0'] : []),
        ]);
        expect(added.code, added.stderr).toBe(0);
      }
      const list = JSON.parse((await app.cli(['task', 'list', '--json'])).stdout) as {
        id: number;
        name: string;
      }[];
      const flaky = list.find((t) => t.name === 'Flaky')!.id;
      const archive = list.find((t) => t.name === 'Archive')!.id;
      // Older runs of Archive, as days of use would have left them.
      const db = await openDatabase({ storage: path.join(app.dataDir, 'cronkeeper.db') });
      try {
        const starts = [threeDaysAgo.valueOf(), ...(hasEarlierToday ? [earlierToday.valueOf()] : [])];
        for (const start of starts) {
          await db.query(
            `INSERT INTO task_executions (task_id, status, "trigger", scheduled_at, start_time, end_time,
               duration_seconds, exit_code, retry_count, created_at)
             VALUES (?, 'success', 'schedule', ?, ?, ?, 1, 0, 0, ?)`,
            { replacements: [archive, start, start, start + 1000, start] },
          );
        }
      } finally {
        await db.close();
      }
      // The run fails; the scheduler (serve) runs its retry at once, which fails too.
      const ran = await app.cli(['task', 'run', String(flaky), '--wait']);
      expect(ran.code).not.toBe(0);
    }, 90_000);

    afterAll(async () => {
      await app?.close();
      if (scratch) fs.rmSync(scratch, { recursive: true, force: true });
    });

    it('period presets and a typed one-day range pick the right runs', async () => {
      await go(page, '#/history');
      await page.getByTestId('history-view').waitFor();
      await expect.poll(() => rows('Flaky').count()).toBe(2); // the run and its retry
      await expect.poll(() => rows('Archive').count()).toBe(hasEarlierToday ? 2 : 1);

      await choosePeriod('Last hour');
      await expect.poll(() => rows('Archive').count()).toBe(0);
      expect(await rows('Flaky').count()).toBe(2);

      await choosePeriod('Today');
      await expect.poll(() => rows('Archive').count()).toBe(hasEarlierToday ? 1 : 0);
      expect(await rows('Flaky').count()).toBe(2);
      // Today is the whole local day: both fields name today.
      const today = dayjs().format('YYYY-MM-DD');
      expect(await page.getByTestId('history-from').inputValue()).toBe(today);
      expect(await page.getByTestId('history-to').inputValue()).toBe(today);
      await app.screenshot('history-preset-today');

      await choosePeriod('Last 24 hours');
      await expect.poll(() => rows('Flaky').count()).toBe(2);
      expect(
        await rows('Archive')
          .filter({ hasText: threeDaysAgo.format('YYYY-MM-DD') })
          .count(),
      ).toBe(0);
      await choosePeriod('Last 7 days');
      await expect
        .poll(() =>
          rows('Archive')
            .filter({ hasText: threeDaysAgo.format('YYYY-MM-DD') })
            .count(),
        )
        .toBe(1);

      // Typed, From = To = that day: the whole day, so its noon run is in.
      await choosePeriod('Any time');
      const day = threeDaysAgo.format('YYYY-MM-DD');
      await page.getByTestId('history-from').fill(day);
      await page.getByTestId('history-to').fill(day);
      await expect.poll(() => rows('Flaky').count()).toBe(0);
      await expect.poll(() => rows('Archive').count()).toBe(1);
      expect(await page.getByTestId('history-period').textContent()).toContain('Custom');
    });

    it('Clear filters, on a list a filter emptied or in the toolbar, shows every run again', async () => {
      // A filter nothing matches: the empty list says so, and offers the way out.
      await go(page, '#/history?status=timed_out&trigger=file');
      const fromEmpty = page.getByTestId('history-empty-clear');
      await fromEmpty.waitFor();
      expect(await page.getByTestId('history-grid').textContent()).toContain(
        'No executions match these filters.',
      );
      await fromEmpty.click();
      await expect.poll(() => rows('Flaky').count()).toBe(2);
      expect(await page.evaluate(() => window.location.hash)).toBe('#/history');
      expect(await page.getByTestId('history-clear-filters').count()).toBe(0); // nothing left to clear
      // Filters that leave some rows: cleared from the toolbar, period included.
      await go(page, '#/history?status=failed');
      await choosePeriod('Last hour');
      await expect.poll(() => rows('Archive').count()).toBe(0);
      await page.getByTestId('history-clear-filters').click();
      await expect.poll(() => rows('Archive').count()).toBe(hasEarlierToday ? 2 : 1);
      expect(await page.getByTestId('history-period').textContent()).toContain('Any time');
      expect(await page.evaluate(() => window.location.hash)).toBe('#/history');
    });

    it('a retry links to the run it retried, and that run to its retry', async () => {
      await go(page, '#/history');
      await expect.poll(() => rows('Flaky').count()).toBe(2);
      const retryRow = rows('Flaky').filter({ has: page.getByTestId('history-retry-mark') });
      await expect.poll(() => retryRow.count()).toBe(1);
      const retryId = Number(await retryRow.getAttribute('data-execution-id'));
      const mark = retryRow.getByTestId('history-retry-mark');
      const originalId = Number((await mark.getAttribute('title'))!.match(/#(\d+)/)![1]);
      expect(originalId).toBeLessThan(retryId);
      await app.screenshot('history-retry-mark');

      await retryRow.click();
      const drawer = page.getByTestId('execution-drawer');
      await drawer.getByText(`Execution #${retryId}`).waitFor();
      const back = drawer.getByTestId('exec-retry-of');
      await expect.poll(() => back.textContent()).toBe(`#${originalId}`);
      await page.waitForTimeout(400); // the drawer's slide-in
      await app.screenshot('history-retry-drawer');
      await back.click();
      await drawer.getByText(`Execution #${originalId}`).waitFor();
      const forward = drawer.getByTestId('exec-retried-by');
      await expect.poll(() => forward.textContent()).toBe(`#${retryId}`);
      expect(await drawer.getByTestId('exec-retry-of').count()).toBe(0);
      await forward.click();
      await drawer.getByText(`Execution #${retryId}`).waitFor();
      expect(page.url()).toContain(`execution=${retryId}`);
      await page.keyboard.press('Escape');
      await drawer.waitFor({ state: 'detached' });
    });

    it('a test run streams output and progress before it ends, can be cancelled, and says why it could not start', async () => {
      const marker = path.join(scratch, 'go-on');
      await go(page, '#/tasks');
      await page.getByTestId('tasks-view').waitFor();
      await page.keyboard.press('Control+n');
      const command = page.getByTestId('field-command');
      await command.fill(
        [
          'echo "step one: connecting"',
          'echo "::progress 30 Loading prices"',
          `while [ ! -f '${marker}' ]; do sleep 0.1; done`,
          'echo "step two: done"',
          `echo '::result {"rows": 3}'`,
        ].join('\n'),
      );
      await page.getByTestId('test-run').click();
      const output = page.getByTestId('test-run-output');
      await expect.poll(() => output.textContent()).toContain('step one: connecting');
      await expect
        .poll(() => page.getByTestId('test-run-progress').textContent())
        .toContain('Loading prices');
      expect(await page.getByTestId('test-run-progress').textContent()).toContain('30%');
      // Still going: no result yet, a Cancel button, no protocol line in the text.
      expect(await page.getByTestId('test-run-result').count()).toBe(0);
      expect(await page.getByTestId('test-run-cancel').isVisible()).toBe(true);
      expect(await output.textContent()).not.toContain('::progress');
      await page.getByTestId('test-run-output').scrollIntoViewIfNeeded();
      await app.screenshot('test-run-live');
      fs.writeFileSync(marker, '');
      await page.getByTestId('test-run-result').waitFor();
      expect(await page.getByTestId('test-run-status').getAttribute('data-status')).toBe('success');
      expect(await output.textContent()).toBe('step one: connecting\nstep two: done\n');
      fs.rmSync(marker);

      // Cancel: the button stops it.
      await command.fill('echo "waiting for ever"; sleep 60');
      await page.getByTestId('test-run').click();
      await expect.poll(() => output.textContent()).toContain('waiting for ever');
      await page.getByTestId('test-run-cancel').click();
      await expect
        .poll(() => page.getByTestId('test-run-status').getAttribute('data-status'))
        .toBe('cancelled');
      expect(await page.getByTestId('test-run-status').textContent()).toMatch(/Cancelled after/);

      // A working folder that does not exist: said so, with no empty log.
      const missing = path.join(scratch, 'no-such-folder');
      await command.fill('echo hi');
      await page.getByTestId('field-workdir').fill(missing);
      await page.getByTestId('test-run').click();
      await expect
        .poll(() => page.getByTestId('test-run-status').textContent())
        .toContain(`Could not start: the working folder ${missing} does not exist`);
      expect(await page.getByTestId('test-run-output').count()).toBe(0);
      expect(await page.getByTestId('test-run-path').count()).toBe(0); // it never ran: no PATH to show
      await page.getByTestId('test-run-status').scrollIntoViewIfNeeded();
      await app.screenshot('test-run-missing-folder');
    }, 60_000);

    it('the same in Chinese with the dark theme', async () => {
      // Leave the editor (discarding the draft).
      await page.keyboard.press('Escape');
      const discard = page.getByTestId('editor-unsaved-discard');
      if (await discard.isVisible().catch(() => false)) await discard.click();
      await go(page, '#/settings');
      await page.getByTestId('settings-language').click();
      await page.locator('.ant-select-item-option').filter({ hasText: '简体中文' }).click();
      await page.getByTestId('settings-theme').click();
      await page.locator('.ant-select-item-option').filter({ hasText: '深色' }).click();
      await expect.poll(() => page.evaluate(() => document.documentElement.dataset.theme)).toBe('dark');
      // The "saved" toasts go before the pictures are taken.
      await expect.poll(() => page.locator('.ant-message-notice:visible').count()).toBe(0);

      await go(page, '#/history');
      await choosePeriod('今天');
      await expect.poll(() => rows('Flaky').count()).toBe(2);
      await app.screenshot('history-preset-today-dark-zh');
      const retryRow = rows('Flaky').filter({ has: page.getByTestId('history-retry-mark') });
      await retryRow.click();
      const drawer = page.getByTestId('execution-drawer');
      await drawer.getByText('重试自').waitFor();
      await page.waitForTimeout(400);
      await app.screenshot('history-retry-drawer-dark-zh');
      await page.keyboard.press('Escape');
      await drawer.waitFor({ state: 'detached' });

      await go(page, '#/tasks');
      await page.getByTestId('tasks-view').waitFor();
      await page.keyboard.press('Control+n');
      const marker = path.join(scratch, 'go-on-zh');
      await page
        .getByTestId('field-command')
        .fill(`echo "第一步"; echo "::progress 60 正在加载"; while [ ! -f '${marker}' ]; do sleep 0.1; done`);
      await page.getByTestId('test-run').click();
      await expect.poll(() => page.getByTestId('test-run-output').textContent()).toContain('第一步');
      await expect.poll(() => page.getByTestId('test-run-progress').textContent()).toContain('正在加载');
      expect(await page.getByTestId('test-run-cancel').textContent()).toContain('取消试运行');
      await page.getByTestId('test-run-output').scrollIntoViewIfNeeded();
      await app.screenshot('test-run-live-dark-zh');
      fs.writeFileSync(marker, '');
      await page.getByTestId('test-run-result').waitFor();
      await page.getByTestId('field-workdir').fill(path.join(scratch, 'missing'));
      await page.getByTestId('test-run').click();
      await expect
        .poll(() => page.getByTestId('test-run-status').textContent())
        .toContain('无法启动：工作目录');
      await page.getByTestId('test-run-status').scrollIntoViewIfNeeded();
      await app.screenshot('test-run-missing-folder-dark-zh');
      expect(app.pageErrors).toEqual([]);
    }, 60_000);
  },
);
