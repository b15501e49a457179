// The import dialog in real headless Chromium against `cronkeeper serve --ui-port` (issue 18, item 10):
// a user crontab picked through the dialog's file input is previewed by the core (CRON_TZ, a skipped
// unknown @nickname line and a bad line with why, a name clash), the clash is renamed, and Import creates the
// tasks; a clash renamed to a taken name refuses the whole file naming its line, writing nothing; a
// binary file is refused. The same in Chinese with the dark theme. Saves test-results/screenshots/import-*.png.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { AxeBuilder } from '@axe-core/playwright';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHROMIUM_SKIP_REASON, chromiumAvailable, startApp, type App } from './harness';

const CRONTAB = [
  'CRON_TZ=Europe/Berlin', // 1
  'PATH=/usr/local/bin:/usr/bin', // 2
  '# nightly backup', // 3
  '0 3 * * * /usr/local/bin/backup.sh --full', // 4
  '@fortnightly /usr/bin/start-agent', // 5 (@reboot is imported: a start-up task)
  '61 * * * * /bin/broken', // 6
  '*/15 * * * * /usr/bin/sync-mail <b>now</b>', // 7
  '',
].join('\n');

const hasChromium = chromiumAvailable();

interface Listed {
  name: string;
  timezone: string;
  cronExpression: string;
}

describe.skipIf(!hasChromium)(
  `The import dialog in Chromium${hasChromium ? '' : ` (skipped: ${CHROMIUM_SKIP_REASON})`}`,
  () => {
    let app: App;
    let page: Page;
    let dir: string;
    let crontab: string;

    const tasks = async () => JSON.parse((await app.cli(['task', 'list', '--json'])).stdout) as Listed[];

    async function openAndPick(file: string) {
      await page.getByTestId('import-tasks').click();
      await page.getByTestId('import-pick').waitFor();
      await page.getByTestId('import-file').setInputFiles(file);
    }

    /** Serious or critical axe findings in the open dialog (WCAG 2.2 AA). */
    async function axeFindings(): Promise<string[]> {
      const results = await new AxeBuilder({ page })
        .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'])
        .include('.ant-modal')
        .analyze();
      return results.violations
        .filter((v) => v.impact === 'serious' || v.impact === 'critical')
        .map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(' | ')}`);
    }

    beforeAll(async () => {
      dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ck-import-e2e-'));
      crontab = path.join(dir, 'my-crontab');
      fs.writeFileSync(crontab, CRONTAB);
      app = await startApp({ hash: '#/tasks' });
      page = app.page;
      page.setDefaultTimeout(15_000);
      const added = await app.cli([
        'task',
        'add',
        '--name',
        'backup.sh',
        '--cron',
        '0 0 * * *',
        '--command',
        'true',
      ]);
      expect(added.code, added.stderr).toBe(0);
    }, 90_000);

    afterAll(async () => {
      await app?.close();
      if (dir) fs.rmSync(dir, { recursive: true, force: true });
    });

    it('previews a crontab, renames the clash, shows the skipped lines, and imports', async () => {
      await page.getByTestId('task-row').first().waitFor();
      await openAndPick(crontab);
      const summary = page.getByTestId('import-summary');
      await expect
        .poll(() => summary.textContent())
        .toBe('Read as: Crontab (user) · 2 to create · 2 skipped · name clashes: 1');
      const skipped = page.getByTestId('import-skipped-row');
      await expect
        .poll(() => skipped.allTextContents())
        .toEqual([
          expect.stringMatching(/^Line 5Unknown schedule nickname.*@fortnightly \/usr\/bin\/start-agent$/),
          expect.stringMatching(
            /^Line 6Not a valid crontab line \(.*minute.*\)61 \* \* \* \* \/bin\/broken$/i,
          ),
        ]);
      // The file's text is shown as text, never as HTML.
      await page.getByText('/usr/bin/sync-mail <b>now</b>').waitFor();
      expect(await page.locator('[data-testid="import-dialog"] b').count()).toBe(0);
      await expect.poll(() => page.getByTestId('import-apply').textContent()).toBe('Import 1 task');
      const clash = page.getByTestId('import-clash');
      await clash.getByText('Rename').click();
      await expect.poll(() => page.getByTestId('import-rename').inputValue()).toBe('backup.sh (2)');
      await expect.poll(() => page.getByTestId('import-apply').textContent()).toBe('Import 2 tasks');
      await page.waitForTimeout(300); // the modal's opening animation
      await app.screenshot('import-preview-light');
      expect(await axeFindings()).toEqual([]);
      await page.getByTestId('import-apply').click();
      await page.getByTestId('import-dialog').waitFor({ state: 'detached' });
      await page.getByTestId('task-row').filter({ hasText: 'backup.sh (2)' }).waitFor();
      const listed = await tasks();
      expect(listed.map((t) => t.name).sort()).toEqual(['backup.sh', 'backup.sh (2)', 'sync-mail']);
      expect(listed.find((t) => t.name === 'backup.sh (2)')).toMatchObject({
        timezone: 'Europe/Berlin',
        cronExpression: '0 3 * * *',
      });
      await app.screenshot('import-done-light');
    });

    it('refuses the whole file when a clash is renamed to a taken name, naming the line', async () => {
      await openAndPick(crontab);
      await expect.poll(() => page.getByTestId('import-clash').count()).toBe(2);
      const first = page.getByTestId('import-clash').first();
      await first.getByText('Rename').click();
      await page.getByTestId('import-rename').fill('Backup.sh (2)');
      await page.getByTestId('import-apply').click();
      await expect
        .poll(() => page.getByTestId('import-error').textContent())
        .toMatch(
          /^Line 4 "backup.sh": a task named "Backup.sh \(2\)" already exists; skip or rename it\. Nothing was imported/,
        );
      expect((await tasks()).length).toBe(3);
      await page.getByTestId('import-cancel').click();
      await page.getByTestId('import-dialog').waitFor({ state: 'detached' });
    });

    it('says the same in Chinese with the dark theme, and refuses a binary file', async () => {
      await page.evaluate(() => (window.location.hash = '#/settings'));
      await page.getByTestId('settings-language').click();
      await page.locator('.ant-select-item-option').filter({ hasText: '简体中文' }).click();
      await page.getByTestId('settings-theme').click();
      await page.locator('.ant-select-item-option').filter({ hasText: '深色' }).click();
      await expect.poll(() => page.evaluate(() => document.documentElement.dataset.theme)).toBe('dark');
      // "Settings saved" (once per change: two may be up at once) must be gone before the screenshot.
      await expect.poll(() => page.locator('.ant-message-notice').count(), { timeout: 15_000 }).toBe(0);
      await page.evaluate(() => (window.location.hash = '#/tasks'));
      await page.getByTestId('task-row').first().waitFor();
      await openAndPick(crontab);
      await expect
        .poll(() => page.getByTestId('import-summary').textContent())
        .toBe('识别为：Crontab（用户） · 将创建 2 个 · 跳过 2 个 · 名称冲突 2 个');
      await page.getByTestId('import-clash').first().getByText('重命名').click();
      await expect.poll(() => page.getByTestId('import-rename').inputValue()).toBe('backup.sh (3)');
      await page.getByText('未知的计划别名').waitFor();
      await page.waitForTimeout(300);
      await app.screenshot('import-preview-dark-zh');
      expect(await axeFindings()).toEqual([]);
      const binary = path.join(dir, 'picture.png');
      fs.writeFileSync(binary, Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]));
      await page.getByTestId('import-file').setInputFiles(binary);
      await page
        .getByTestId('import-error')
        .getByText(/^这不是文本文件/)
        .waitFor();
      await app.screenshot('import-binary-dark-zh');
      await page.getByTestId('import-cancel').click();
      expect((await tasks()).length).toBe(3);
      expect(app.pageErrors).toEqual([]);
    });
  },
);
