// One language end to end (issue 18, item 9), in real headless Chromium against `cronkeeper serve
// --ui-port`, with the browser in Chinese: a failed run's message (written by the core in English and
// stored so), a cron error and a daylight-saving note appear in Chinese; switching the UI to English
// turns the same OLD stored run message back into English. Refusals too: a too-long name (the editor's own
// check), a too-long description (the core's validation, through the browser host's WebSocket with its
// code) and a database setting that is not PostgreSQL's, in Chinese and then in English. The CLI says it
// in Chinese under a Chinese locale (LANG). Saves test-results/screenshots/i18n-core-*.png and
// i18n-*-zh.png / i18n-*-en.png.
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHROMIUM_SKIP_REASON, chromiumAvailable, runCli, startApp, type App } from './harness';

const hasChromium = chromiumAvailable();

async function go(page: Page, hash: string) {
  await page.evaluate((h) => (window.location.hash = h), hash);
}

describe.skipIf(!hasChromium)(
  `Core messages in the user's language in Chromium${hasChromium ? '' : ` (skipped: ${CHROMIUM_SKIP_REASON})`}`,
  () => {
    let app: App;
    let page: Page;

    beforeAll(async () => {
      app = await startApp({ hash: '#/tasks', locale: 'zh-CN' });
      page = app.page;
      page.setDefaultTimeout(15_000);
      const add = (name: string, cron: string, tz: string, command: string) =>
        app.cli(['task', 'add', '--name', name, '--cron', cron, '--tz', tz, '--command', command]);
      const failing = await add('Exporter', '0 3 * * *', 'UTC', 'exit 3');
      expect(failing.code, failing.stderr).toBe(0);
      const dst = await add('Night sync', '30 2 * * *', 'America/New_York', 'true');
      expect(dst.code, dst.stderr).toBe(0);
      const list = JSON.parse((await app.cli(['task', 'list', '--json'])).stdout) as {
        id: number;
        name: string;
      }[];
      const exporter = list.find((t) => t.name === 'Exporter')!;
      const ran = await app.cli(['task', 'run', String(exporter.id), '--wait']);
      expect(ran.code).not.toBe(0);
    }, 90_000);

    afterAll(async () => {
      await app?.close();
    });

    it("shows a failed run's message in Chinese in History, the drawer and Recent failures", async () => {
      await go(page, '#/history');
      await page.getByTestId('history-view').waitFor();
      const row = page.getByTestId('history-row').filter({ hasText: 'Exporter' }).first();
      await expect.poll(() => row.textContent()).toContain('退出码 3');
      expect(await row.textContent()).not.toContain('Exited with code');
      await app.screenshot('i18n-core-history-zh');
      await row.click();
      const message = page.getByTestId('execution-drawer').getByTestId('exec-error-message');
      await expect.poll(() => message.textContent()).toBe('退出码 3');
      await page.waitForTimeout(400); // the drawer's slide-in
      await app.screenshot('i18n-core-drawer-zh');
      await page.keyboard.press('Escape');
      await page.getByTestId('execution-drawer').waitFor({ state: 'detached' });
      await go(page, '#/dashboard');
      const failure = page.getByTestId('recent-failure').first();
      await expect.poll(() => failure.locator('xpath=..').textContent()).toContain('退出码 3');
    });

    it('shows a cron error and a daylight-saving note in Chinese in the editor', async () => {
      await go(page, '#/tasks');
      const row = page.getByTestId('task-row').filter({ hasText: 'Night sync' });
      await row.getByTestId('task-edit').click();
      await page.getByTestId('task-editor').waitFor();
      const note = page.getByTestId('dst-warning').first();
      await expect.poll(() => note.textContent()).toContain('America/New_York 不存在 02:30（时钟向前跳）');
      expect(await note.textContent()).not.toContain('does not exist');
      await page.waitForTimeout(400);
      await note.scrollIntoViewIfNeeded();
      await app.screenshot('i18n-core-dst-zh');
      await page.getByTestId('field-cron').fill('0 25 * * *');
      const error = page.getByText('小时字段：25 超出范围 0-23');
      await error.waitFor();
      await error.scrollIntoViewIfNeeded();
      expect(await page.getByText('Hour field').count()).toBe(0);
      await app.screenshot('i18n-core-cron-error-zh');
      await page.keyboard.press('Escape');
      await page.getByTestId('editor-unsaved-discard').click();
      await page.getByTestId('task-editor').waitFor({ state: 'detached' });
    });

    /** A new task refused twice: its name is too long (the editor says so), then its description (the core). */
    async function refusedTask(lang: 'zh' | 'en', texts: { name: string; description: string }) {
      await go(page, '#/tasks');
      await page.getByTestId('new-task').click();
      await page.getByTestId('task-editor').waitFor();
      await page.getByTestId('field-name').fill('N'.repeat(201));
      await page.getByTestId('field-command').fill('true');
      await page.getByTestId('field-cron').fill('0 1 * * *');
      await page.getByTestId('editor-save').click();
      const errors = page.getByTestId('editor-errors');
      await expect.poll(() => errors.textContent()).toContain(texts.name);
      await page.waitForTimeout(400); // the drawer's slide-in
      await page.getByTestId('field-name').scrollIntoViewIfNeeded();
      await app.screenshot(`i18n-name-too-long-${lang}`);
      await page.getByTestId('field-name').fill(`Long notes ${lang}`);
      await page.locator('#ck-editor-description').fill('d'.repeat(10_001));
      await page.getByTestId('editor-save').click();
      // The core's answer, by its code: in the list of errors and under the field.
      await expect.poll(() => errors.textContent()).toContain(texts.description);
      const help = page.locator('#ck-editor-description-help');
      await expect.poll(() => help.textContent()).toBe(texts.description.replace(/^[^:：]*(: |：)/, ''));
      await help.scrollIntoViewIfNeeded();
      await app.screenshot(`i18n-server-validation-${lang}`);
      await page.keyboard.press('Escape');
      await page.getByTestId('editor-unsaved-discard').click();
      await page.getByTestId('task-editor').waitFor({ state: 'detached' });
    }

    /** The Database setting refuses a URL that is not PostgreSQL's, before sending it. */
    async function refusedDatabase(lang: 'zh' | 'en', text: string) {
      await go(page, '#/settings');
      await page.getByTestId('database-section').scrollIntoViewIfNeeded();
      await page.getByTestId('database-url').fill('mysql://ops@db.example/team');
      await page.getByTestId('database-save').click();
      await page.getByTestId('database-section').getByText(text).waitFor();
      await app.screenshot(`i18n-database-${lang}`);
      await page.getByTestId('database-url').fill('');
    }

    it('refuses a too-long name and description and a database setting in Chinese', async () => {
      await refusedTask('zh', { name: '名称：最多 200 个字符', description: '描述：最多 10,000 个字符' });
      expect(await page.getByText(/at most/).count()).toBe(0);
      await refusedDatabase(
        'zh',
        '请使用 postgres:// 或 postgresql:// URL，例如 postgres://user:password@host:5432/cronkeeper',
      );
      expect(await page.getByText('Use a postgres://', { exact: false }).count()).toBe(0);
    });

    it('turns the same old stored message into English when the language changes', async () => {
      await go(page, '#/settings');
      await page.getByTestId('settings-language').click();
      await page.locator('.ant-select-item-option').filter({ hasText: 'English' }).click();
      await go(page, '#/history');
      const row = page.getByTestId('history-row').filter({ hasText: 'Exporter' }).first();
      await expect.poll(() => row.textContent()).toContain('Exited with code 3');
      await app.screenshot('i18n-core-history-en');
    });

    it('refuses the same in English', async () => {
      await refusedTask('en', {
        name: 'Name: at most 200 characters',
        description: 'Description: at most 10,000 characters',
      });
      await refusedDatabase(
        'en',
        'Use a postgres:// or postgresql:// URL, e.g. postgres://user:password@host:5432/cronkeeper',
      );
    });

    it('the CLI speaks the locale: Chinese under LANG=zh_CN.UTF-8, English under C', async () => {
      const zh = await runCli(app.dataDir, ['history'], { LANG: 'zh_CN.UTF-8', LC_ALL: '', LC_MESSAGES: '' });
      expect(zh.stdout).toContain('退出码 3');
      const c = await runCli(app.dataDir, ['history'], { LANG: 'zh_CN.UTF-8', LC_ALL: 'C' });
      expect(c.stdout).toContain('Exited with code 3');
      const bad = await runCli(app.dataDir, ['schedule', '0 25 * * *'], { LANG: 'zh_CN.UTF-8' });
      expect(bad.stderr).toContain('小时字段：25 超出范围 0-23');
      const long = ['task', 'add', '--name', 'N'.repeat(201), '--cron', '* * * * *', '--command', 'true'];
      const refusedZh = await runCli(app.dataDir, long, { LANG: 'zh_CN.UTF-8', LC_ALL: '' });
      expect(refusedZh.stderr).toContain('--name: 最多 200 个字符');
      const refusedC = await runCli(app.dataDir, long, { LANG: 'zh_CN.UTF-8', LC_ALL: 'C' });
      expect(refusedC.stderr).toContain('--name: Name is at most 200 characters');
    });
  },
);
