// Accessibility audit in real headless Chromium: axe-core (through @axe-core/playwright) on every view
// (tasks, history, dashboard, settings) and every drawer, dialog and menu (the task editor new, with its
// errors shown, and editing; the ⋮ menu; the delete confirmation; a running and a failed run's detail),
// in the light and dark themes and in English and Simplified Chinese: one browser context per theme and
// language. Passes with no violation of impact serious or critical, one h1 per view and headings in order
// (axe's page-has-heading-one and heading-order, which it rates moderate). The per-state counts are printed and
// saved to test-results/axe-summary.json (the figures the accessibility issue asks for).
import { AxeBuilder } from '@axe-core/playwright';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { callCore, go, seed, settled } from './a11y-helpers';
import {
  CHROMIUM_SKIP_REASON,
  ROOT,
  chromiumAvailable,
  launchBrowser,
  runCli,
  startServe,
  type Browser,
  type ServeProcess,
} from './harness';

/**
 * Rules left out, each with the reason. Empty: every axe rule runs. (Tags: WCAG 2.0-2.2 A and AA plus
 * axe's best practices, which include one h1 per page and headings in order.)
 */
const EXCLUDED_RULES: Record<string, string> = {};

const TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'];

/** Structure rules axe rates "moderate" that the issue asks for all the same: they fail the audit too. */
const STRUCTURE_RULES = ['page-has-heading-one', 'heading-order'];

const ALL_COMBOS = [
  { theme: 'light', language: 'en' },
  { theme: 'dark', language: 'en' },
  { theme: 'light', language: 'zh-CN' },
  { theme: 'dark', language: 'zh-CN' },
] as const;
// CK_AXE_COMBOS=dark/en,light/zh-CN audits just those while working on a fix; CI audits all four.
const only = process.env.CK_AXE_COMBOS?.split(',');
const COMBOS = ALL_COMBOS.filter((c) => !only || only.includes(`${c.theme}/${c.language}`));

interface Finding {
  rule: string;
  impact: string;
  nodes: number;
  target: string;
  /** axe's explanation for the first node (e.g. the contrast ratio it measured). */
  detail: string;
}

const hasChromium = chromiumAvailable();

async function audit(page: Page, scope?: string): Promise<Finding[]> {
  let builder = new AxeBuilder({ page }).withTags(TAGS);
  const excluded = Object.keys(EXCLUDED_RULES);
  if (excluded.length) builder = builder.disableRules(excluded);
  if (scope) builder = builder.include(scope);
  await settled(page);
  const results = await builder.analyze();
  // One h1 per view (axe only asks for at least one).
  const h1s = scope ? 1 : await page.locator('.ck-content h1').count();
  const extra: Finding[] =
    h1s === 1
      ? []
      : [{ rule: 'one-h1-per-view', impact: 'serious', nodes: h1s, target: '.ck-content h1', detail: '' }];
  return results.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical' || STRUCTURE_RULES.includes(v.id))
    .map((v): Finding => ({
      rule: v.id,
      impact: v.impact ?? 'unknown',
      nodes: v.nodes.length,
      target: v.nodes
        .slice(0, 3)
        .map((n) => n.target.join(' '))
        .join(' | '),
      detail: (v.nodes[0]?.failureSummary ?? '').replace(/\s+/g, ' ').slice(0, 300),
    }))
    .concat(extra);
}

describe.skipIf(!hasChromium)(
  `axe-core audit in Chromium${hasChromium ? '' : ` (skipped: ${CHROMIUM_SKIP_REASON})`}`,
  () => {
    it('finds no serious or critical violation on any view or drawer, in both themes and languages', async () => {
      const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ck-axe-'));
      let serve: ServeProcess | undefined;
      let browser: Browser | undefined;
      let runningExecution: number | undefined;
      const summary: Record<string, Record<string, Finding[]>> = {};
      try {
        serve = await startServe(dataDir);
        const cli = (args: string[]) => runCli(dataDir, args);
        for (const combo of COMBOS) {
          const key = `${combo.theme}/${combo.language}`;
          const found: Record<string, Finding[]> = (summary[key] = {});
          browser = await launchBrowser({ locale: combo.language === 'en' ? 'en-US' : 'zh-CN' });
          const page = browser.context.pages()[0] ?? (await browser.context.newPage());
          page.setDefaultTimeout(15_000);
          await page.goto(`${serve.url}#/tasks`);
          await callCore(page, 'settings.update', { theme: combo.theme, language: combo.language });
          const fixture = runningExecution ? null : await seed(page, cli);
          if (fixture) runningExecution = fixture.runningExecution;
          await page.reload();
          await expect
            .poll(() =>
              page.evaluate(
                () => `${document.documentElement.dataset.theme}/${document.documentElement.lang}`,
              ),
            )
            .toBe(key);

          // Tasks: three rows, one with a live progress bar.
          const rows = page.getByTestId('task-row');
          await expect.poll(() => rows.count()).toBe(3);
          const bar = page.getByTestId('task-progress').first();
          await bar.waitFor();
          found.tasks = await audit(page);
          // The running task's bar: named after its task, a whole percent, and the line it shows.
          const en = combo.language === 'en';
          expect(await bar.getAttribute('aria-label')).toBe(
            en ? 'Progress of Long import' : 'Long import 的进度',
          );
          expect(await bar.getAttribute('aria-valuenow')).toBe('40');
          expect(await bar.getAttribute('aria-valuetext')).toBe('40%');

          const longRow = rows.filter({ hasText: 'Long import' });
          await longRow.getByTestId('task-more').click();
          const menu = page.locator('.ant-dropdown:not(.ant-dropdown-hidden)');
          await settled(page);
          await menu.waitFor();
          found['tasks ⋮ menu'] = await audit(page, '.ant-dropdown:not(.ant-dropdown-hidden)');
          // Delete (the item with the bin icon; a running task's menu also has a red Cancel run).
          await menu.locator('.ant-dropdown-menu-item-danger:has(.anticon-delete)').click();
          const confirm = page.locator('.ant-modal-confirm');
          await confirm.waitFor();
          await page.getByTestId('delete-confirm-body').waitFor();
          found['delete confirmation'] = await audit(page, '.ant-modal-root');
          await page.keyboard.press('Escape');
          await confirm.waitFor({ state: 'detached' });

          await page.getByTestId('new-task').click();
          const editor = page.getByTestId('task-editor');
          await editor.waitFor();
          await page
            .getByTestId('next-runs')
            .waitFor({ state: 'attached' })
            .catch(() => {});
          found['editor (new)'] = await audit(page, '.ant-drawer-open');
          await page.getByTestId('editor-save').click();
          await page.getByTestId('editor-errors').waitFor();
          found['editor (errors)'] = await audit(page, '.ant-drawer-open');
          await page.keyboard.press('Escape');
          await editor.waitFor({ state: 'detached' });

          await longRow.getByTestId('task-edit').click();
          await expect.poll(() => page.getByTestId('field-name').inputValue()).toBe('Long import');
          await page.getByTestId('next-runs').waitFor();
          found['editor (edit)'] = await audit(page, '.ant-drawer-open');
          await page.keyboard.press('Escape');
          await editor.waitFor({ state: 'detached' });

          // History: three runs.
          await go(page, '#/history');
          await expect.poll(() => page.getByTestId('history-row').count()).toBe(3);
          found.history = await audit(page);

          const drawer = page.getByTestId('execution-drawer');
          await go(page, `#/history?execution=${runningExecution}`);
          await expect.poll(() => drawer.getByTestId('log-text').textContent()).toContain('Copying');
          found['run detail (running)'] = await audit(page, '.ant-drawer-open');
          await page.keyboard.press('Escape');
          await drawer.waitFor({ state: 'detached' });

          await page.getByTestId('history-row').filter({ hasText: 'Broken sync' }).click();
          await expect.poll(() => drawer.getByTestId('log-text').textContent()).toContain('cannot reach');
          found['run detail (failed)'] = await audit(page, '.ant-drawer-open');
          await page.keyboard.press('Escape');
          await drawer.waitFor({ state: 'detached' });

          await go(page, '#/dashboard');
          await page.getByTestId('chart-daily').waitFor();
          await page.getByTestId('running-item').waitFor();
          found.dashboard = await audit(page);
          // The runs per day as text: one success and one failure today.
          const daily = page.getByTestId('chart-daily-table');
          expect(await daily.locator('tbody tr').last().locator('td').allTextContents()).toEqual(['1', '1']);
          expect(await page.getByTestId('chart-daily').getAttribute('role')).toBe('img');

          await go(page, '#/settings');
          await page.getByTestId('settings-view').waitFor();
          await expect.poll(() => page.getByTestId('database-in-use').textContent()).toMatch(/\//);
          found.settings = await audit(page);

          await browser.close();
          browser = undefined;
        }
      } finally {
        await browser?.close();
        if (runningExecution) await runCli(dataDir, ['cancel', String(runningExecution)]).catch(() => {});
        await serve?.stop();
        fs.rmSync(dataDir, { recursive: true, force: true });
      }

      // The figures: serious and critical violations per state (nodes, over rules), per theme/language.
      const table: Record<string, Record<string, string>> = {};
      for (const [combo, states] of Object.entries(summary))
        for (const [state, findings] of Object.entries(states)) {
          const nodes = findings.reduce((n, f) => n + f.nodes, 0);
          (table[state] ??= {})[combo] = `${nodes} (${findings.map((f) => f.rule).join(', ') || '-'})`;
        }
      console.table(table);
      fs.mkdirSync(path.join(ROOT, 'test-results'), { recursive: true });
      fs.writeFileSync(
        path.join(ROOT, 'test-results', 'axe-summary.json'),
        JSON.stringify({ excludedRules: EXCLUDED_RULES, summary }, null, 2),
      );
      const failures = Object.entries(summary).flatMap(([combo, states]) =>
        Object.entries(states).flatMap(([state, findings]) =>
          findings.map(
            (f) => `${combo} ${state}: ${f.rule} (${f.impact}, ${f.nodes}) ${f.target}: ${f.detail}`,
          ),
        ),
      );
      expect(failures).toEqual([]);
    }, 600_000);
  },
);
