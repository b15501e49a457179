// Issue 18, item 12: every item of the operator's UI in both languages and both themes, in one headless
// Chromium against one seeded `cronkeeper serve --ui-port`. For each of light/en, dark/en, light/zh and
// dark/zh it visits every screen, checks the item's key element and the theme's colours, in Chinese checks
// that no English UI string is left, and saves test-results/screenshots/gallery-<item>-<theme>-<lang>.png.
// Seeded names, tags and output are not English words, so that English on a Chinese screen is the UI's.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import dayjs from 'dayjs';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { englishIn, latinWordsIn, visibleText } from './english-left';
import { CHROMIUM_SKIP_REASON, chromiumAvailable, startApp, type App } from './harness';

type Theme = 'light' | 'dark';
type Lang = 'en' | 'zh';

// 30 frames on stderr, then the exception, as CPython prints it; then exit 1.
const TRACEBACK_JOB = [
  `printf 'Traceback (most recent call last):\\n' >&2`,
  `i=0; while [ $i -lt 30 ]; do printf '  File "/srv/etl/step%s.py", line %s, in run\\n    load_batch()\\n' $i $i >&2; i=$((i+1)); done`,
  `printf 'psycopg2.OperationalError: could not connect to server\\n' >&2`,
  'exit 1',
].join('; ');
const LAST_LINE = 'psycopg2.OperationalError: could not connect to server';

// The list is virtual and sorted by name: these sort (by code point) before the fillers, to be on screen.
const FAILING = '一号-失败';
const FREQUENT = '七号-心跳';
const RETRIED = '三号-重试';
const KILLED = '上号-信号';
const SLOW = '下号-慢';
const DST = '丙号-夏令';
const CLASH = '数据.sh';
const FILLERS = Array.from({ length: 15 }, (_, i) => `任务-${String(i + 1).padStart(2, '0')}`);

const CRONTAB = [
  'CRON_TZ=Asia/Shanghai',
  '0 3 * * * /opt/数据.sh',
  '*/15 * * * * /opt/同步',
  '61 * * * * /opt/坏',
  '',
];

/**
 * English found on Chinese screens that belongs to the message catalog or the renderer's i18n module
 * (another engineer's): screen -> message keys. Anything else found fails the test.
 */
const KNOWN_ENGLISH: Record<string, string[]> = {};

/**
 * Latin words a Chinese screen may show: names (of products, systems, protocols), units, key names and
 * the examples in placeholders. Any other word (antd's own "No data", a date in English) fails the test.
 */
const LATIN_IN_CHINESE = new Set(
  (
    'Cronkeeper cronkeeper Cron Crontab crontab Ctrl ms KB MB UTF- GMT- Webhook Windows Linux macOS ' +
    'Homebrew nvm pyenv PATH SQLite URL https json log database postgres X-Cronkeeper-Signature shell sh ' +
    'progress backup nightly build-server'
  ).split(' '),
);

/** How many pixels of an element's text its box cuts off (scrollWidth rounds a part of a pixel away). */
function cutOff(el: Element): number {
  const range = document.createRange();
  range.selectNodeContents(el);
  return range.getBoundingClientRect().width - el.getBoundingClientRect().width;
}

const hasChromium = chromiumAvailable();

describe.skipIf(!hasChromium)(
  `Every operator item in both languages and themes${hasChromium ? '' : ` (skipped: ${CHROMIUM_SKIP_REASON})`}`,
  () => {
    let app: App;
    let page: Page;
    let scratch: string;
    let crontab: string;
    const missingFolder = () => path.join(scratch, '不存在');
    /** Per Chinese screen: the English UI strings and the Latin words left (for the report). */
    const found: Record<string, { keys: string[]; latin: string[] }> = {};

    const go = (hash: string) => page.evaluate((h) => (window.location.hash = h), hash);
    const row = (name: string) => page.getByTestId('task-row').filter({ hasText: name });
    const historyRow = (name: string) => page.getByTestId('history-row').filter({ hasText: name });
    /** Nothing moving (a dialog zooming in, a drawer sliding, a radio filling, a toast) before a picture. */
    const noAnimation = () =>
      expect
        .poll(() =>
          page.evaluate(() => [
            ...document
              .getAnimations()
              .filter((a) => a.playState === 'running')
              // A spinner turns for ever, and a clicked button's wave fades for 2 s: neither moves anything.
              .filter((a) => a.effect?.getComputedTiming().endTime !== Infinity)
              .map((a) => (a.effect as KeyframeEffect | null)?.target)
              .filter((el) => !(el instanceof Element && el.closest('[class*="ant-wave"]')))
              .map((el) => (el instanceof Element ? el.className : String(el))),
            ...[...document.querySelectorAll('.ant-message-notice')].map(() => 'a toast'),
          ]),
        )
        .toEqual([]);

    async function pick(testId: string, label: string) {
      await page.getByTestId(testId).click();
      await page.locator('.ant-select-item-option:visible').filter({ hasText: label }).first().click();
      await expect.poll(() => page.locator('.ant-select-dropdown:visible').count()).toBe(0);
    }

    /** The theme's colours: every visible surface dark (or light), and the text the other way round. */
    async function expectTheme(theme: Theme) {
      const colours = await page.evaluate(() => {
        const lum = (css: string) => {
          const [r, g, b, a = 1] = (css.match(/[\d.]+/g) ?? []).map(Number);
          if (a === 0) return null;
          const lin = (c: number) => ((c /= 255) <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4);
          return 0.2126 * lin(r) + 0.7152 * lin(g) + 0.0722 * lin(b);
        };
        const surfaces = [
          ...document.querySelectorAll<HTMLElement>(
            '.ck-shell, .ant-card, .ant-drawer-content, .ant-modal-content, .ant-modal-confirm .ant-modal-content',
          ),
        ].filter((el) => el.checkVisibility());
        return {
          backgrounds: surfaces
            .map((el) => lum(getComputedStyle(el).backgroundColor))
            .filter((l) => l !== null),
          text: lum(getComputedStyle(document.querySelector('.ck-shell')!).color),
        };
      });
      expect(colours.backgrounds.length).toBeGreaterThan(0);
      for (const l of colours.backgrounds) {
        if (theme === 'dark') expect(l).toBeLessThan(0.05);
        else expect(l).toBeGreaterThan(0.8);
      }
      if (theme === 'dark') expect(colours.text).toBeGreaterThan(0.5);
      else expect(colours.text).toBeLessThan(0.1);
    }

    async function shot(item: string, theme: Theme, lang: Lang) {
      await noAnimation();
      await expectTheme(theme);
      const name = `gallery-${item}-${theme}-${lang}`;
      const text = await visibleText(page, [scratch]);
      if (lang === 'zh') {
        found[name] = { keys: englishIn(text), latin: latinWordsIn(text) };
        expect(found[name].keys, `English left on ${name}`).toEqual(KNOWN_ENGLISH[item] ?? []);
        const unexpected = found[name].latin.filter((w) => !LATIN_IN_CHINESE.has(w));
        expect(unexpected, `Latin words on ${name}`).toEqual([]);
      } else {
        // The same look at an English screen finds its UI strings: the Chinese check can see English.
        expect(englishIn(text).length, name).toBeGreaterThan(3);
      }
      await app.screenshot(name);
    }

    async function setLook(theme: Theme, lang: Lang) {
      await go('#/settings');
      await page.reload(); // whatever a failed tour left open
      await page.getByTestId('settings-view').waitFor();
      await pick('settings-language', lang === 'zh' ? '简体中文' : 'English');
      await expect
        .poll(() => page.evaluate(() => document.documentElement.lang))
        .toBe(lang === 'zh' ? 'zh-CN' : 'en');
      const label = { light: ['Light', '浅色'], dark: ['Dark', '深色'] }[theme][lang === 'zh' ? 1 : 0];
      await pick('settings-theme', label);
      await expect.poll(() => page.evaluate(() => document.documentElement.dataset.theme)).toBe(theme);
    }

    beforeAll(async () => {
      scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'ck-gallery-'));
      crontab = path.join(scratch, 'crontab');
      fs.writeFileSync(crontab, CRONTAB.join('\n'));
      app = await startApp({ hash: '#/tasks' });
      page = app.page;
      page.setDefaultTimeout(20_000);
      const task = (name: string, cronExpression: string, command: string, more: object = {}) => ({
        name,
        cronExpression,
        command,
        timezone: 'UTC',
        ...more,
      });
      const tasks = [
        task(FAILING, '0 3 * * *', TRACEBACK_JOB, { timezone: 'Europe/Berlin', tags: ['甲组'] }),
        task(FREQUENT, '*/45 * * * * *', 'true', { tags: ['乙组'] }),
        task(RETRIED, '0 5 * * *', 'echo 错误 >&2; exit 2', { maxRetries: 1, retryDelaySeconds: 0 }),
        task(KILLED, '0 6 * * *', 'kill -KILL $$'),
        task(SLOW, '0 4 * * *', 'echo "::progress 10 第一步"; sleep 600', { tags: ['乙组'] }),
        task(DST, '30 2 * * *', 'true', { timezone: 'America/New_York' }),
        task(CLASH, '0 0 * * *', 'true'),
        ...FILLERS.map((name, i) => task(name, `${i} 7 * * *`, 'true', { tags: i % 2 ? ['甲组'] : [] })),
      ];
      const file = path.join(scratch, 'tasks.json');
      fs.writeFileSync(file, JSON.stringify({ format: 'cronkeeper-tasks', version: 1, tasks }));
      const imported = await app.cli(['import', file]);
      expect(imported.code, imported.stderr).toBe(0);
      const ids = new Map(
        (
          JSON.parse((await app.cli(['task', 'list', '--json'])).stdout) as { id: number; name: string }[]
        ).map((t) => [t.name, t.id]),
      );
      // The failures (the retry follows at once in serve), then the run that goes on through every tour.
      const ran = await Promise.all(
        [FAILING, RETRIED, KILLED].map((n) => app.cli(['task', 'run', String(ids.get(n)), '--wait'])),
      );
      for (const r of ran) expect(r.code).not.toBe(0);
      const slow = await app.cli(['task', 'run', String(ids.get(SLOW))]);
      expect(slow.code, slow.stderr).toBe(0);
    }, 90_000);

    afterAll(async () => {
      await app?.close();
      if (scratch) fs.rmSync(scratch, { recursive: true, force: true });
    });

    async function tour(theme: Theme, lang: Lang) {
      const zh = lang === 'zh';
      const say = (en: string, cn: string) => (zh ? cn : en);
      await setLook(theme, lang);

      // 4: times in the task's zone, named, and the viewer's time (this browser runs in another zone).
      await go('#/tasks');
      const failing = row(FAILING);
      await failing.waitFor();
      const all = 7 + FILLERS.length;
      await expect
        .poll(() => page.locator('.ck-toolbar-count').textContent())
        .toMatch(new RegExp(`(^|\\D)${all}\\D`));
      await failing.scrollIntoViewIfNeeded();
      expect(await failing.getByTestId('task-next-time').textContent()).toMatch(/ 03:00 Europe\/Berlin/);
      await failing.locator('.ck-viewer-time').waitFor();
      // The next run and its zone fit in the column (1400 px wide), not cut to "03:00 Eur…".
      const next = failing.getByTestId('task-next-time').locator('.ck-ellipsis').first();
      expect(await next.evaluate(cutOff)).toBeLessThanOrEqual(0);
      const zone = row(DST).locator('.ck-col-zone');
      expect(await zone.textContent()).toBe('America/New_York');
      expect(await zone.evaluate(cutOff)).toBeLessThanOrEqual(0);
      await shot('04-zone', theme, lang);

      // 5: the running run from its row: the drawer with live elapsed, Pause run, Cancel run and its question.
      const slow = row(SLOW);
      await slow.scrollIntoViewIfNeeded();
      await expect.poll(() => slow.getByTestId('task-status').getAttribute('data-status')).toBe('running');
      await slow.getByTestId('task-status').click();
      const drawer = page.getByTestId('execution-drawer');
      const elapsed = drawer.getByTestId('exec-elapsed');
      const first = await elapsed.textContent();
      await expect.poll(() => elapsed.textContent(), { timeout: 5000 }).not.toBe(first);
      await drawer.getByTestId('exec-pause').waitFor();
      expect(await drawer.getByTestId('exec-cancel').textContent()).toBe(say('Cancel run', '取消运行'));
      await shot('05-run-drawer', theme, lang);
      await drawer.getByTestId('exec-cancel').click();
      await page.getByTestId('exec-cancel-keep').waitFor();
      await shot('05-cancel-confirm', theme, lang);
      await page.getByTestId('exec-cancel-keep').click();
      await page.getByTestId('exec-cancel-keep').waitFor({ state: 'detached' });
      expect(await drawer.getByTestId('exec-status').getAttribute('data-status')).toBe('running');
      await page.keyboard.press('Escape');
      await drawer.waitFor({ state: 'detached' });

      // 2: closing a changed editor asks first.
      await page.keyboard.press('Control+n');
      await page.getByTestId('field-name').fill('草稿');
      await page.keyboard.press('Escape');
      await page.getByTestId('editor-unsaved-keep').waitFor();
      await shot('02-unsaved', theme, lang);
      await page.getByTestId('editor-unsaved-keep').click();
      await page.getByTestId('editor-unsaved-keep').waitFor({ state: 'detached' });

      // 6: a live test run (output and progress, Cancel), then one that cannot start.
      await page.getByTestId('field-command').fill('echo "第一步"; echo "::progress 40 加载中"; sleep 60');
      await page.getByTestId('test-run').click();
      await expect.poll(() => page.getByTestId('test-run-output').textContent()).toContain('第一步');
      await expect.poll(() => page.getByTestId('test-run-progress').textContent()).toContain('加载中');
      await page.getByTestId('test-run-output').scrollIntoViewIfNeeded();
      await shot('06-testrun-live', theme, lang);
      await page.getByTestId('test-run-cancel').click();
      await expect
        .poll(() => page.getByTestId('test-run-status').getAttribute('data-status'))
        .toBe('cancelled');
      await page.getByTestId('field-workdir').fill(missingFolder());
      await page.getByTestId('test-run').click();
      await expect
        .poll(() => page.getByTestId('test-run-status').textContent())
        .toContain(say('Could not start: the working folder', '无法启动：工作目录'));
      await page.getByTestId('test-run-status').scrollIntoViewIfNeeded();
      await shot('06-testrun-missing', theme, lang);

      // 9: a cron error in the user's language.
      await page.getByTestId('field-cron').fill('0 25 * * *');
      const cronError = page.getByText(
        say('Hour field: 25 is out of range 0-23', '小时字段：25 超出范围 0-23'),
      );
      await cronError.waitFor();
      await cronError.scrollIntoViewIfNeeded();
      await shot('09-cron-error', theme, lang);
      await page.keyboard.press('Escape');
      await page.getByTestId('editor-unsaved-discard').click();
      await page.getByTestId('task-editor').waitFor({ state: 'detached' });

      // 9: a daylight-saving note.
      await row(DST).getByTestId('task-edit').click();
      const note = page.getByTestId('dst-warning').first();
      await expect
        .poll(() => note.textContent())
        .toContain(say('02:30 does not exist in America/New_York', 'America/New_York 不存在 02:30'));
      await note.scrollIntoViewIfNeeded();
      await shot('09-dst', theme, lang);
      await page.keyboard.press('Escape');
      await page.getByTestId('task-editor').waitFor({ state: 'detached' });

      // 10: the import dialog's preview of a crontab with a clash, renamed.
      await page.getByTestId('import-tasks').click();
      await page.getByTestId('import-file').setInputFiles(crontab);
      await page.getByTestId('import-clash').first().getByText(say('Rename', '重命名')).click();
      await expect.poll(() => page.getByTestId('import-rename').inputValue()).toBe(`${CLASH} (2)`);
      await expect.poll(() => page.getByTestId('import-summary').textContent()).toMatch(/2/);
      await shot('10-import', theme, lang);
      await page.getByTestId('import-cancel').click();
      await page.getByTestId('import-dialog').waitFor({ state: 'detached' });

      // 11: every row checked, the bulk delete asks with the count; a tag filter; an empty filtered list.
      await page.getByTestId('tasks-check-all').click();
      await expect
        .poll(() => page.getByTestId('bulk-count').textContent())
        .toBe(say(`Selected: ${all}`, `已选择：${all}`));
      await page.getByTestId('bulk-delete').click();
      await page
        .locator('.ant-modal-confirm-title', { hasText: say(`Delete ${all} tasks?`, `删除 ${all} 个任务？`) })
        .waitFor();
      await shot('11-bulk-delete', theme, lang);
      await page
        .locator('.ant-modal-confirm')
        .getByRole('button', { name: say('Cancel', '取 消') })
        .click();
      await page.locator('.ant-modal-confirm').waitFor({ state: 'detached' });
      await page.getByTestId('bulk-clear').click();
      await failing.getByTestId('task-tag').filter({ hasText: '甲组' }).click();
      await expect
        .poll(() => page.getByTestId('task-row').count())
        .toBe(1 + FILLERS.filter((_, i) => i % 2).length);
      await shot('11-tag-filter', theme, lang);
      await page.getByTestId('task-search').locator('input').fill('无此任务');
      await page.getByTestId('task-search').locator('input').press('Enter');
      await page.getByText(say('No task matches these filters.', '没有符合筛选条件的任务。')).waitFor();
      await shot('11-empty-filtered', theme, lang);
      await page.reload(); // clears the filters

      // 3: the next 24 hours, a row per task up to the limit and "and N more", the frequent one a band.
      await go('#/dashboard');
      // The running run's last reported progress, though this page (reloaded) heard no report of it.
      await expect.poll(() => page.getByTestId('running-item').first().textContent()).toContain('10%');
      const more = page.getByTestId('upcoming-more');
      await expect
        .poll(() => more.textContent())
        .toBe(say('and 2 more tasks with runs in the next 24 hours', '另有 2 个任务在未来 24 小时内运行'));
      await more.evaluate((el) => el.scrollIntoView({ block: 'end' }));
      const chart = page.getByTestId('chart-upcoming');
      await page.waitForTimeout(600); // the chart's animation
      const box = (await chart.boundingBox())!;
      const plotHeight = box.height - 8 - 24;
      await page.mouse.move(box.x + box.width * 0.6, box.y + 8 + plotHeight / 20 / 2);
      await expect.poll(() => chart.evaluate((el) => el.textContent ?? '')).toContain(FREQUENT);
      // Drawn as a band: the tooltip says how often instead of listing every run.
      expect(await chart.evaluate((el) => el.textContent ?? '')).toContain(say('every ~', '约每'));
      await shot('03-timeline', theme, lang);
      await page.mouse.move(0, 0);

      // 1: why it failed, in History and in the drawer (the traceback's head and last line).
      await go('#/history');
      await page.getByTestId('history-view').waitFor();
      const failed = historyRow(FAILING).first();
      await expect.poll(() => failed.textContent()).toContain(LAST_LINE);
      await failed.click();
      const summary = drawer.getByTestId('exec-error-summary');
      await expect.poll(() => summary.textContent()).toMatch(/^Traceback[\s\S]*could not connect to server$/);
      await shot('01-failure', theme, lang);
      await page.keyboard.press('Escape');
      await drawer.waitFor({ state: 'detached' });

      // 9: exit codes in words (a run killed by SIGKILL).
      await expect.poll(() => historyRow(KILLED).first().textContent()).toContain('SIGKILL');
      await shot('09-exit-words', theme, lang);

      // 7: the Today preset, a retry linked both ways.
      await pick('history-period', say('Today', '今天'));
      expect(await page.getByTestId('history-from').inputValue()).toBe(dayjs().format('YYYY-MM-DD'));
      const retry = historyRow(RETRIED).filter({ has: page.getByTestId('history-retry-mark') });
      await expect.poll(() => retry.count()).toBe(1);
      await shot('07-history-today', theme, lang);
      await retry.click();
      await drawer.getByTestId('exec-retry-of').waitFor();
      await shot('07-retry-drawer', theme, lang);
      // And back: the retried run links to its retry.
      await drawer.getByTestId('exec-retry-of').click();
      await drawer.getByTestId('exec-retried-by').waitFor();
      await page.keyboard.press('Escape');
      await drawer.waitFor({ state: 'detached' });
      await pick('history-period', say('Any time', '任意时间'));

      // 8: Settings refuse an out-of-range value inline.
      await go('#/settings');
      await page.getByTestId('settings-view').waitFor();
      // The title stands clear of the first card (it sat on its edge).
      const gap = await page.evaluate(() => {
        const title = document.querySelector('.ck-settings > .ck-view-title')!.getBoundingClientRect();
        return document.querySelector('.ck-settings-card')!.getBoundingClientRect().top - title.bottom;
      });
      expect(gap).toBeGreaterThanOrEqual(8);
      const concurrency = page.getByTestId('settings-concurrency');
      await concurrency.fill('0');
      await concurrency.press('Tab');
      const refused = page.locator('.ant-form-item-explain-error').first();
      await refused.waitFor();
      expect(await refused.textContent()).toContain(say('Not saved', '未保存'));
      await concurrency.scrollIntoViewIfNeeded();
      await shot('08-settings', theme, lang);
      await page.reload(); // the refused value is not kept
    }

    for (const [theme, lang] of [
      ['light', 'en'],
      ['dark', 'en'],
      ['light', 'zh'],
      ['dark', 'zh'],
    ] as [Theme, Lang][]) {
      it(`every item in ${theme} ${lang}`, () => tour(theme, lang), 90_000);
    }

    it('raised no page errors', () => expect(app.pageErrors).toEqual([]));
  },
);
