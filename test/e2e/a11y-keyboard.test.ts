// Keyboard only, in real headless Chromium against `cronkeeper serve --ui-port`: create a task, run it,
// open its history and the run's detail, and close everything, without the mouse, checking where focus
// is after every step (focus that falls to <body> strands a keyboard user at the top of the page). Also:
// History's filters let Tab through (the old date range held it), the ⋮ menu reports aria-expanded and
// keeps focus inside, and the delete confirmation starts on Cancel and gives focus back.
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { CHROMIUM_SKIP_REASON, chromiumAvailable, startApp } from './harness';
import { settled } from './a11y-helpers';

const hasChromium = chromiumAvailable();

interface Focused {
  testid: string | null;
  tag: string;
  text: string;
  /** Inside which overlay, if any: 'drawer', 'dialog', 'menu'. */
  inside: string | null;
  expanded: string | null;
}

function focused(page: Page): Promise<Focused> {
  return page.evaluate(() => {
    const el = document.activeElement as HTMLElement | null;
    const inside = el?.closest('.ant-drawer')
      ? 'drawer'
      : el?.closest('.ant-modal-root')
        ? 'dialog'
        : el?.closest('.ant-dropdown')
          ? 'menu'
          : null;
    return {
      testid: el?.closest('[data-testid]')?.getAttribute('data-testid') ?? null,
      tag: el?.tagName.toLowerCase() ?? '',
      text: (el?.textContent ?? '').trim().slice(0, 80),
      inside,
      expanded: el?.getAttribute('aria-expanded') ?? null,
    };
  });
}

/** Presses Tab until the focused element matches, failing if it takes more than `max` presses. */
async function tabTo(page: Page, match: (f: Focused) => boolean, max = 30, key = 'Tab'): Promise<number> {
  for (let i = 1; i <= max; i++) {
    await page.keyboard.press(key);
    // Some widgets move focus a frame later (rc-menu, the virtualized rows).
    await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 0))));
    if (match(await focused(page))) return i;
  }
  throw new Error(
    `focus never reached the target in ${max} presses of ${key}: ${JSON.stringify(await focused(page))}`,
  );
}

const on = (testid: string) => (f: Focused) => f.testid === testid;

describe.skipIf(!hasChromium)(
  `keyboard only in Chromium${hasChromium ? '' : ` (skipped: ${CHROMIUM_SKIP_REASON})`}`,
  () => {
    it('creates, runs and inspects a task with the keyboard, focus always where the user is', async () => {
      const app = await startApp({ hash: '#/tasks' });
      const { page } = app;
      page.setDefaultTimeout(15_000);
      try {
        await page.getByTestId('tasks-empty').waitFor();

        // New task: Tab to the button, Enter. The editor opens with focus in its first field.
        await tabTo(page, on('new-task'));
        await page.keyboard.press('Enter');
        await page.getByTestId('task-editor').waitFor();
        await expect.poll(async () => (await focused(page)).testid).toBe('field-name');
        await page.keyboard.type('Keyboard task');
        await tabTo(page, on('field-command'));
        await page.keyboard.type('echo "::progress 50 half"; echo typed by keyboard');
        // Save with Space (a button does its own action on Enter and on Space); focus goes back to "New task".
        await tabTo(page, on('editor-save'), 60);
        await page.keyboard.press('Space');
        await page.getByTestId('task-editor').waitFor({ state: 'detached' });
        const row = page.getByTestId('task-row');
        await expect.poll(() => row.count()).toBe(1);
        await expect.poll(async () => (await focused(page)).testid).toBe('new-task');

        // The grid is one Tab stop; its row's first button is Run now. Enter runs (and opens nothing).
        await tabTo(page, on('task-row'));
        await tabTo(page, on('task-run'));
        await page.keyboard.press('Enter');
        await expect
          .poll(() => row.getByTestId('task-status').getAttribute('data-status'), { timeout: 20_000 })
          .toBe('success');
        expect(await page.getByTestId('task-editor').count()).toBe(0);
        expect((await focused(page)).testid).toBe('task-run');

        // Enter on the row opens the editor; Escape closes it and focus is back on the row.
        await tabTo(page, on('task-row'), 5, 'Shift+Tab');
        await page.keyboard.press('Enter');
        await page.getByTestId('task-editor').waitFor();
        await page.keyboard.press('Escape');
        await page.getByTestId('task-editor').waitFor({ state: 'detached' });
        await expect.poll(async () => (await focused(page)).testid).toBe('task-row');

        // Delete asks, starting on Cancel; Escape keeps the task and focus returns to the row.
        await page.keyboard.press('Delete');
        await page.getByTestId('delete-confirm-body').waitFor();
        await settled(page);
        const cancel = await focused(page);
        expect(cancel.inside).toBe('dialog');
        expect(cancel.text).toBe('Cancel');
        await page.keyboard.press('Escape');
        await page.getByTestId('delete-confirm-body').waitFor({ state: 'detached' });
        await expect.poll(async () => (await focused(page)).testid).toBe('task-row');
        expect(await row.count()).toBe(1);

        // The ⋮ menu: says it is expanded, takes focus, and History opens the task's history.
        await tabTo(page, on('task-more'));
        expect((await focused(page)).expanded).toBe('false');
        await page.keyboard.press('Enter');
        await expect.poll(async () => (await focused(page)).inside).toBe('menu');
        expect(await row.getByTestId('task-more').getAttribute('aria-expanded')).toBe('true');
        await tabTo(page, (f) => f.text === 'History' && f.inside === 'menu', 6, 'ArrowDown');
        await page.keyboard.press('Enter');
        await page.getByTestId('history-view').waitFor();
        // The old view (and the menu's item) is gone: focus lands on the new view's heading.
        await expect.poll(async () => (await focused(page)).tag).toBe('h1');
        expect((await focused(page)).text).toContain('Keyboard task');

        // No trap in the filters: Tab goes through each of them to the first run. (A date field takes a
        // Tab per part, day, month and year, and one for its calendar button; the old range picker held
        // Tab for good.)
        const seen: string[] = [];
        await tabTo(
          page,
          (f) => {
            seen.push(`${f.testid}/${f.tag}/${f.text}`);
            return f.testid === 'history-row';
          },
          25,
        );
        let run = 1;
        for (let i = 1; i < seen.length; i++) {
          run = seen[i] === seen[i - 1] ? run + 1 : 1;
          expect(run, seen.join('\n')).toBeLessThanOrEqual(4);
        }
        expect(seen.some((f) => f.startsWith('history-to/'))).toBe(true);

        // Space opens the run's detail, focus inside the drawer; the log is a focusable region.
        await page.keyboard.press('Space');
        const drawer = page.getByTestId('execution-drawer');
        await drawer.waitFor();
        await expect.poll(async () => (await focused(page)).inside).toBe('drawer');
        await expect.poll(() => drawer.getByTestId('log-text').textContent()).toContain('typed by keyboard');
        await tabTo(page, on('log-text'), 20);
        expect((await focused(page)).inside).toBe('drawer');
        // Escape closes it: focus is back on the run's row.
        await page.keyboard.press('Escape');
        await drawer.waitFor({ state: 'detached' });
        await expect.poll(async () => (await focused(page)).testid).toBe('history-row');

        // Back to the tasks (Ctrl+F focuses the search there); nothing is left open.
        await page.keyboard.press('Control+f');
        await page.getByTestId('tasks-view').waitFor();
        await expect.poll(async () => (await focused(page)).testid).toBe('task-search');
        expect(await page.locator('.ant-drawer-open, .ant-modal-root .ant-modal').count()).toBe(0);
        expect(app.pageErrors).toEqual([]);
      } finally {
        await app.close();
      }
    }, 120_000);
  },
);
