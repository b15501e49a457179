// Many tasks in real headless Chromium against `cronkeeper serve --ui-port` (issue 18, item 11): tags edited
// in the editor, shown on rows and filtered on; rows checked by click, shift-click, the header and the
// keyboard; a bulk disable and a bulk delete that asks with the count; the same in Chinese with the dark
// theme. Saves test-results/screenshots/many-*.png.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHROMIUM_SKIP_REASON, chromiumAvailable, startApp, type App } from './harness';

const hasChromium = chromiumAvailable();

interface Listed {
  id: number;
  name: string;
  enabled: boolean;
  tags: string[];
}

describe.skipIf(!hasChromium)(
  `Many tasks in Chromium${hasChromium ? '' : ` (skipped: ${CHROMIUM_SKIP_REASON})`}`,
  () => {
    let app: App;
    let page: Page;
    const rows = () => page.getByTestId('task-row');
    const count = () => page.getByTestId('bulk-count').textContent();
    const list = async () => JSON.parse((await app.cli(['task', 'list', '--json'])).stdout) as Listed[];

    beforeAll(async () => {
      app = await startApp({ hash: '#/tasks' });
      page = app.page;
      page.setDefaultTimeout(15_000);
      const tasks = [
        ...Array.from({ length: 12 }, (_, i) => ({
          name: `Batch ${String(i + 1).padStart(2, '0')}`,
          command: 'true',
          cronExpression: `${i} 3 * * *`,
          timezone: 'UTC',
          tags: i % 2 ? ['batch', 'nightly'] : ['batch'],
        })),
        {
          name: 'Monthly report',
          command: 'true',
          cronExpression: '0 6 1 * *',
          timezone: 'UTC',
          tags: ['Reports'],
        },
        { name: 'Keep me', command: 'true', cronExpression: '0 * * * *', timezone: 'UTC' },
      ];
      const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'ck-many-')), 'tasks.json');
      fs.writeFileSync(file, JSON.stringify({ format: 'cronkeeper-tasks', version: 1, tasks }));
      const imported = await app.cli(['import', file]);
      expect(imported.code, imported.stderr).toBe(0);
      // (expect.poll works only inside a test)
      await page.getByTestId('task-row').nth(13).waitFor();
    }, 90_000);

    afterAll(async () => {
      await app?.close();
    });

    it('edits tags in the editor and shows them on the row', async () => {
      await rows().filter({ hasText: 'Keep me' }).dblclick();
      await page.getByTestId('task-editor').waitFor();
      const field = page.getByTestId('task-editor').locator('#ck-editor-tags');
      await field.click();
      await field.fill('ops');
      await page.keyboard.press('Enter');
      await page.keyboard.press('Escape'); // closes the tag list, not the editor
      await page.getByTestId('editor-save').click();
      await page.getByTestId('task-editor').waitFor({ state: 'detached' });
      const keep = rows().filter({ hasText: 'Keep me' });
      await expect.poll(() => keep.getByTestId('task-tag').allTextContents()).toEqual(['ops']);
      expect((await list()).find((t) => t.name === 'Keep me')?.tags).toEqual(['ops']);
      await app.screenshot('many-tags-light');
    });

    it('filters by a tag from the toolbar and from a row', async () => {
      await page.getByTestId('task-tag-filter').click();
      await page.locator('.ant-select-item-option').filter({ hasText: 'batch (12)' }).click();
      await expect.poll(() => rows().count()).toBe(12);
      await page.keyboard.press('Escape');
      // A row's chip filters to its tag.
      await rows().first().getByTestId('task-tag').filter({ hasText: 'batch' }).click();
      await rows()
        .filter({ hasText: 'Batch 02' })
        .getByTestId('task-tag')
        .filter({ hasText: 'nightly' })
        .click();
      await expect.poll(() => rows().count()).toBe(6);
      await page.getByTestId('task-tag-filter').click();
      await page.locator('.ant-select-item-option').filter({ hasText: 'batch (12)' }).click();
      await expect.poll(() => rows().count()).toBe(12);
      await page.keyboard.press('Escape');
    });

    it('checks rows by click, shift-click, keyboard and the header', async () => {
      const checks = page.getByTestId('task-check');
      await checks.nth(0).click();
      await expect.poll(count).toBe('Selected: 1');
      await checks.nth(4).click({ modifiers: ['Shift'] });
      await expect.poll(count).toBe('Selected: 5');
      await page.getByTestId('bulk-clear').click();
      await page.getByTestId('bulk-bar').waitFor({ state: 'detached' });
      // Keyboard: Space on a focused row checks it; Shift+Space checks the range.
      await rows().first().focus();
      await page.keyboard.press('Space');
      await expect.poll(count).toBe('Selected: 1');
      await page.keyboard.press('ArrowDown');
      await page.keyboard.press('ArrowDown');
      await page.keyboard.press('Shift+Space');
      await expect.poll(count).toBe('Selected: 3');
      await page.getByTestId('tasks-check-all').click();
      await expect.poll(count).toBe('Selected: 12');
      await app.screenshot('many-selected-light');
    });

    it('disables every checked task at once', async () => {
      await page.getByTestId('bulk-disable').click();
      await expect
        .poll(
          async () =>
            (await rows().getByTestId('task-state').allTextContents()).filter((s) => s === 'Disabled').length,
        )
        .toBe(12);
      const stored = await list();
      expect(stored.filter((t) => t.tags.includes('batch')).every((t) => !t.enabled)).toBe(true);
      expect(stored.find((t) => t.name === 'Keep me')?.enabled).toBe(true);
    });

    it('deletes every checked task after asking with the count', async () => {
      await page.getByTestId('bulk-delete').click();
      const dialog = page.locator('.ant-modal-confirm');
      await dialog.locator('.ant-modal-confirm-title', { hasText: 'Delete 12 tasks?' }).waitFor();
      await page.waitForTimeout(300); // the dialog's zoom-in
      await app.screenshot('many-delete-confirm-light');
      // Cancel has focus: Enter right away does not delete.
      expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Cancel');
      await page.getByTestId('bulk-delete-ok').click();
      await page.getByText('No task matches these filters.').waitFor();
      await page.getByText('Deleted tasks: 12').waitFor();
      await page.locator('.ant-modal-confirm').waitFor({ state: 'detached' });
      await app.screenshot('many-deleted-filtered-light');
      expect((await list()).map((t) => t.name).sort()).toEqual(['Keep me', 'Monthly report']);
      await page.getByTestId('task-tag-filter').locator('.ant-select-clear').click();
      await expect.poll(() => rows().count()).toBe(2);
      expect(app.pageErrors).toEqual([]);
    });

    it('says the same in Chinese with the dark theme', async () => {
      await page.evaluate(() => (window.location.hash = '#/settings'));
      await page.getByTestId('settings-language').click();
      await page.locator('.ant-select-item-option').filter({ hasText: '简体中文' }).click();
      await page.getByTestId('settings-theme').click();
      await page.locator('.ant-select-item-option').filter({ hasText: '深色' }).click();
      await expect.poll(() => page.evaluate(() => document.documentElement.dataset.theme)).toBe('dark');
      await page.evaluate(() => (window.location.hash = '#/tasks'));
      await expect.poll(() => rows().count()).toBe(2);
      await page.getByTestId('tasks-check-all').click();
      await expect.poll(count).toBe('已选择：2');
      await app.screenshot('many-selected-dark-zh');
      await page.getByTestId('bulk-delete').click();
      await page.locator('.ant-modal-confirm-title', { hasText: '删除 2 个任务？' }).waitFor();
      await page.waitForTimeout(300);
      await app.screenshot('many-delete-confirm-dark-zh');
      await page
        .locator('.ant-modal-confirm')
        .getByRole('button', { name: /取\s*消/ })
        .click();
      await page.locator('.ant-modal-confirm').waitFor({ state: 'detached' });
      await page.getByTestId('bulk-clear').click();
      await rows().filter({ hasText: 'Monthly report' }).getByTestId('task-tag').click();
      await expect.poll(() => rows().count()).toBe(1);
      await app.screenshot('many-tag-filter-dark-zh');
      expect((await list()).length).toBe(2);
    });
  },
);
