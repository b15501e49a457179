// `npm run bench -- ui`: the operator UI in headless Chromium, against the real core through the browser
// host (`cronkeeper serve --ui-port 0` on a temp data dir, seeded by raw SQL).
//   (a) 1,000 tasks, 50 running at once and reporting progress at 10 Hz: task-row renders per applied
//       progress batch (window.__cronkeeperStats) and frame time p95 over 5 s.
//   (b) 100,000 executions: time to the first history row, scroll frame time p95 while scrolling the
//       virtualized list programmatically, and the most history rows in the DOM at once.
// Frame time is what a frame costs the page's main thread, from a Chromium trace (see
// test/fixtures/e2e/frame-cost.ts): headless Chromium paces requestAnimationFrame at 60 Hz, so rAF
// intervals are 16.7 ms at best whatever the page does, and cannot show whether a frame fits in 16 ms.
// The same figure for an empty page, traced in the same run, is the baseline. The gate is the main
// thread's CPU time per frame; its wall time, beside it, adds whatever the machine's other load took.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import WebSocket from 'ws';
import { createWsBridge, type SocketConstructor, type WsBridge } from '../src/shared/ws-client';
import { chromiumAvailable, startApp, type App } from '../test/e2e/harness';
import { breakdown, initialScriptBytes, measureColdLoads } from './cold-load';
import { traceFrameCosts, WINDOW_END, WINDOW_START, type FrameCosts } from '../test/fixtures/e2e/frame-cost';
import { progressReporterCommand } from '../test/fixtures/e2e/progress-reporter';
import { seedExecutions, seedTasks } from '../test/fixtures/e2e/seed';

const TASKS = 1_000;
const RUNNING = 50;
const EXECUTIONS = 100_000;
const WINDOW_MS = 5_000;
/** Fresh browsers per cold-load figure (each launch costs a second or two). */
const COLD_ROUNDS = 3;
// The 10 Hz reporter, 600 steps (60 s) long: the measuring window must fall while all 50 still run.
const PROGRESS_COMMAND = progressReporterCommand(600, 100);

interface Row {
  metric: string;
  value: string;
  target: string;
  pass: boolean | null;
}
const rows: Row[] = [];
const record = (metric: string, value: number | string, target: string, pass: boolean | null) =>
  rows.push({ metric, value: typeof value === 'number' ? value.toFixed(1) : value, target, pass });

interface Stats {
  taskRowRenders: number;
  historyRowRenders: number;
  progressBatches: number;
}

/** The "at most 16 ms" per frame, checked against the main thread's work per frame. */
const FRAME_BUDGET_MS = 16;

const quantile = (values: number[], q: number) => {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * q))];
};
const p50 = (values: number[]) => quantile(values, 0.5);
const p95 = (values: number[]) => quantile(values, 0.95);

/** The app of the part running now, for the failure report. */
let current: App | undefined;

/**
 * tsx compiles this file with esbuild's keepNames, which wraps functions in `__name(fn, "name")` calls; the
 * functions handed to page.evaluate carry those calls into the page, where `__name` must exist.
 */
const KEEP_NAMES_SHIM = 'globalThis.__name ??= (fn) => fn;';

/** A screenshot to look at afterwards; a page too busy to take one does not fail the benchmark. */
async function screenshot(app: App, name: string): Promise<void> {
  await app
    .screenshot(name)
    .catch((err: Error) => console.log(`(screenshot ${name} skipped: ${err.message.split('\n')[0]})`));
}

const tempDir = () => fs.mkdtempSync(path.join(os.tmpdir(), 'ck-bench-'));

function nodeBridge(url: string): WsBridge {
  return createWsBridge(url, { WebSocket: WebSocket as unknown as SocketConstructor });
}

async function until<T>(what: string, check: () => Promise<T | null | false>, timeoutMs: number): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

interface Window_ {
  ms: number;
  marks: [string, string];
}
const windowOf = (ms: number): Window_ => ({ ms, marks: [WINDOW_START, WINDOW_END] });

/**
 * In the page: a frame on every vsync for `ms` (a rAF loop, so that idle frames are traced too), between
 * the two trace marks; __cronkeeperStats before and after.
 */
function measureFrames({
  ms,
  marks,
}: Window_): Promise<{ frames: number; before: Stats; after: Stats; rows: number }> {
  const read = (): Stats => ({
    taskRowRenders: 0,
    historyRowRenders: 0,
    progressBatches: 0,
    ...(window as unknown as { __cronkeeperStats?: Stats }).__cronkeeperStats,
  });
  return new Promise((resolve) => {
    const before = read();
    let frames = 0;
    performance.mark(marks[0]);
    const start = performance.now();
    const frame = (t: number) => {
      frames++;
      if (t - start < ms) requestAnimationFrame(frame);
      else {
        performance.mark(marks[1]);
        resolve({
          frames,
          before,
          after: read(),
          rows: document.querySelectorAll('[data-testid="task-row"]').length,
        });
      }
    };
    requestAnimationFrame(frame);
  });
}

const summary = (c: FrameCosts) =>
  `frame cost p50/p95/max CPU ${p50(c.cpu).toFixed(1)}/${p95(c.cpu).toFixed(1)}/${Math.max(...c.cpu).toFixed(1)} ms, ` +
  `wall ${p50(c.wall).toFixed(1)}/${p95(c.wall).toFixed(1)}/${Math.max(...c.wall).toFixed(1)} ms`;

async function benchLiveProgress(): Promise<void> {
  const dataDir = tempDir();
  const tasks = Array.from({ length: TASKS }, (_, i) =>
    i < RUNNING
      ? {
          // "a-" sorts the running tasks first by name: the rows on screen are the ones that change.
          name: `a-progress-${String(i).padStart(2, '0')}`,
          command: PROGRESS_COMMAND,
          overlapPolicy: 'parallel' as const,
        }
      : { name: `idle-${String(i).padStart(4, '0')}`, command: 'true' },
  );
  const ids = await seedTasks(dataDir, tasks);
  const t0 = Date.now();
  const step = (what: string) => console.log(`(a) +${((Date.now() - t0) / 1000).toFixed(1)} s ${what}`);
  const app = await startApp({
    dataDir,
    hash: '#/tasks',
    beforeOpen: async (context) => void (await context.addInitScript(KEEP_NAMES_SHIM)),
  });
  current = app;
  const bridge = nodeBridge(app.url);
  const executionIds: number[] = [];
  let progressEvents = 0;
  bridge.on('execution.progress', () => progressEvents++);
  try {
    await app.page.waitForSelector('[data-testid="task-row"]', { state: 'attached', timeout: 120_000 });
    step('task rows on screen');
    const idle = await idleFrameCosts(app);
    await bridge['app.ready']({});
    await bridge['settings.update']({ concurrencyLimit: 64 });
    for (const id of ids.slice(0, RUNNING))
      executionIds.push((await bridge['tasks.runNow']({ id })).executionId);
    step(`${executionIds.length} runs started`);
    // Progress flowing into the page: batches applied and still counting.
    await until(
      'progress batches in the page',
      async () => (await app.page.evaluate(() => window.__cronkeeperStats?.progressBatches ?? 0)) > 20,
      60_000,
    );
    await new Promise((r) => setTimeout(r, 1_000)); // every run has started and reports
    const runningBefore = (await bridge['scheduler.state']({})).running;
    step(`measuring (${runningBefore} running)`);
    const eventsBefore = progressEvents;
    const windowStart = Date.now();
    const traced = await traceFrameCosts(app.page, () =>
      app.page.evaluate(measureFrames, windowOf(WINDOW_MS)),
    );
    const result = traced.result;
    const windowMs = Date.now() - windowStart;
    const eventRate = ((progressEvents - eventsBefore) / windowMs) * 1000;
    const runningAfter = (await bridge['scheduler.state']({})).running;
    const batches = result.after.progressBatches - result.before.progressBatches;
    const renders = result.after.taskRowRenders - result.before.taskRowRenders;
    const perBatch = batches > 0 ? renders / batches : NaN;
    console.log(
      `(a) ${TASKS} tasks, ${runningBefore} running at the start of the window and ${runningAfter} at its end ` +
        `(${windowMs} ms): ${Math.round(eventRate)} progress events/s from the core, ` +
        `${batches} batches applied in ${WINDOW_MS / 1000} s, ${renders} task-row renders, ` +
        `${result.rows} task rows in the DOM, ${result.frames} frames; ${summary(traced)}; ` +
        `blank page ${summary(idle)}`,
    );
    recordFrameCosts('blank page (baseline)', idle, false);
    record('progress events/s (core -> WebSocket)', eventRate, `~${RUNNING * 10}`, null);
    record('task-row renders per progress batch', perBatch, `<= ${RUNNING}`, perBatch <= RUNNING);
    record('frames shown in 5 s (60 Hz: 300)', result.frames, 'report', null);
    recordFrameCosts('live progress', traced, true);
    await screenshot(app, 'bench-tasks-live-progress');
  } finally {
    for (const id of executionIds) await bridge['executions.cancel']({ id }).catch(() => {});
    bridge.close();
    await app.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

/**
 * The same measurement on an empty page in the same browser, at the same moment: what this machine and
 * headless Chromium cost per frame at best, to read the app's figures against.
 */
async function idleFrameCosts(app: App): Promise<FrameCosts> {
  const blank = await app.context.newPage();
  try {
    await blank.goto('about:blank');
    await blank.evaluate(KEEP_NAMES_SHIM);
    return await traceFrameCosts(blank, () => blank.evaluate(measureFrames, windowOf(2_000)));
  } finally {
    await blank.close();
  }
}

/**
 * Frame time p95 as the main thread's CPU time per frame (the gate: the page's own work, which is what a
 * frame costs on a machine that is not shared) and as wall time (what the page waited for here and now,
 * including the CPU that other processes took: above the CPU figure by however loaded the machine is).
 */
function recordFrameCosts(what: string, costs: FrameCosts, gate: boolean): void {
  const cpu = p95(costs.cpu);
  record(
    `frame time p95, ${what} (ms, main-thread CPU)`,
    cpu,
    gate ? '<= 16' : 'baseline',
    gate ? cpu <= FRAME_BUDGET_MS : null,
  );
  record(`  same in wall time, on this machine now (ms)`, p95(costs.wall), 'report', null);
}

/** Installed before the page loads: when the first history row appears, relative to navigation start. */
function watchFirstHistoryRow(): void {
  const w = window as unknown as { __firstHistoryRowAt?: number };
  const observer = new MutationObserver(() => {
    if (w.__firstHistoryRowAt === undefined && document.querySelector('[data-testid="history-row"]')) {
      w.__firstHistoryRowAt = performance.now();
    }
  });
  const start = () => observer.observe(document.documentElement, { childList: true, subtree: true });
  if (document.documentElement) start();
  else document.addEventListener('DOMContentLoaded', start);
}

/** In the page: scroll the virtualized list a fixed distance per frame, between the two trace marks. */
function scrollHistory({ ms, marks }: Window_): Promise<{
  frames: number;
  maxRows: number;
  minRows: number;
  scrolledPx: number;
  scrollHeight: number;
  renders: number;
}> {
  const el = document.querySelector('[data-testid="history-scroll"]') as HTMLElement;
  const stats = () =>
    (window as unknown as { __cronkeeperStats?: { historyRowRenders: number } }).__cronkeeperStats
      ?.historyRowRenders ?? 0;
  return new Promise((resolve) => {
    const rendersBefore = stats();
    let maxRows = 0;
    let minRows = Infinity;
    performance.mark(marks[0]);
    const start = performance.now();
    let n = 0;
    const frame = (t: number) => {
      el.scrollTop += 240; // six or so rows a frame: fast reading speed, every frame renders new rows
      if (n++ % 5 === 0) {
        const count = document.querySelectorAll('[data-testid="history-row"]').length;
        maxRows = Math.max(maxRows, count);
        minRows = Math.min(minRows, count);
      }
      if (t - start < ms) requestAnimationFrame(frame);
      else {
        performance.mark(marks[1]);
        resolve({
          frames: n,
          maxRows,
          minRows,
          scrolledPx: el.scrollTop,
          scrollHeight: el.scrollHeight,
          renders: stats() - rendersBefore,
        });
      }
    };
    requestAnimationFrame(frame);
  });
}

async function benchHistory(): Promise<void> {
  const dataDir = tempDir();
  const ids = await seedTasks(
    dataDir,
    Array.from({ length: 50 }, (_, i) => ({ name: `history-task-${i}`, command: 'true' })),
  );
  const seedStart = Date.now();
  await seedExecutions(dataDir, ids, EXECUTIONS);
  console.log(`(b) seeded ${EXECUTIONS} executions in ${Date.now() - seedStart} ms`);
  let app: App | undefined;
  try {
    app = await startApp({
      dataDir,
      hash: '#/history',
      beforeOpen: async (context) => {
        await context.addInitScript(KEEP_NAMES_SHIM);
        await context.addInitScript(watchFirstHistoryRow);
      },
    });
    current = app;
    const page = app.page;
    const idle = await idleFrameCosts(app);
    const cold = await until(
      'the first history row (cold load)',
      () =>
        page.evaluate(
          () => (window as unknown as { __firstHistoryRowAt?: number }).__firstHistoryRowAt ?? null,
        ),
      120_000,
    );
    // Switching views inside the running app: tasks, then history again.
    await page.evaluate(() => (window.location.hash = '#/tasks'));
    await page.waitForSelector('[data-testid="history-row"]', { state: 'detached', timeout: 60_000 });
    const warm = await page.evaluate(
      () =>
        new Promise<number>((resolve) => {
          const t0 = performance.now();
          const observer = new MutationObserver(() => {
            if (document.querySelector('[data-testid="history-row"]')) {
              observer.disconnect();
              resolve(performance.now() - t0);
            }
          });
          observer.observe(document.body, { childList: true, subtree: true });
          window.location.hash = '#/history';
        }),
    );
    await page.waitForSelector('[data-testid="history-scroll"]');
    await new Promise((r) => setTimeout(r, 500));
    const traced = await traceFrameCosts(page, () => page.evaluate(scrollHistory, windowOf(WINDOW_MS)));
    const scroll = traced.result;
    await page.waitForTimeout(300);
    const rowsAfter = await page.locator('[data-testid="history-row"]').count();
    const scrollTopAfter = await page.evaluate(
      () => (document.querySelector('[data-testid="history-scroll"]') as HTMLElement).scrollTop,
    );
    await screenshot(app, 'bench-history-100k');
    console.log(
      `(b) scrolled ${Math.round(scroll.scrolledPx)} px of ${scroll.scrollHeight} in ${WINDOW_MS / 1000} s, ` +
        `${scroll.frames} frames, ${scroll.renders} history-row renders, ` +
        `rows in the DOM ${scroll.minRows}..${scroll.maxRows}, ${rowsAfter} after stopping ` +
        `(scrollTop ${Math.round(scrollTopAfter)} px after 300 ms); ${summary(traced)}; ` +
        `blank page ${summary(idle)}`,
    );
    recordFrameCosts('blank page (baseline)', idle, false);
    record('history first row, cold page load (ms)', cold, 'report', null);
    record('history first row, switching views (ms)', warm, 'report', null);
    record('frames shown in 5 s of scrolling (60 Hz: 300)', scroll.frames, 'report', null);
    recordFrameCosts('history scroll', traced, true);
    record(
      'history rows in the DOM (max)',
      scroll.maxRows,
      '<= 60',
      scroll.maxRows > 0 && scroll.maxRows <= 60,
    );
    record('rows shown after scrolling', rowsAfter, '> 0', rowsAfter > 0);
    // Cold loads, each in a fresh browser against the same host and data (50 tasks, 100,000 runs).
    const cold3 = await measureColdLoads(app.url, COLD_ROUNDS);
    const med = (values: number[]) => quantile(values, 0.5);
    console.log(
      `(b) cold loads (ms, ${COLD_ROUNDS} fresh browsers each): blank page ${cold3.blank.map((v) => v.toFixed(0)).join(', ')}; ` +
        `first task row ${cold3.tasks.map((v) => v.toFixed(0)).join(', ')}; ` +
        `first history row ${cold3.history.map((v) => v.toFixed(0)).join(', ')}`,
    );
    for (const line of breakdown) console.log(`    ${line}`);
    record('cold load, blank page from the same host (ms, median)', med(cold3.blank), 'baseline', null);
    record('cold load, first task row (ms, median)', med(cold3.tasks), 'report', null);
    record(
      'cold load, first history row (ms, median)',
      med(cold3.history),
      '<= 700',
      med(cold3.history) <= 700,
    );
  } finally {
    await app?.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

function printTable(): void {
  const width = Math.max(...rows.map((r) => r.metric.length));
  console.log(`\n${'metric'.padEnd(width)}  ${'value'.padStart(10)}  ${'target'.padEnd(8)}  result`);
  for (const r of rows) {
    const verdict = r.pass === null ? '' : r.pass ? 'PASS' : 'MISS';
    console.log(`${r.metric.padEnd(width)}  ${r.value.padStart(10)}  ${r.target.padEnd(8)}  ${verdict}`);
  }
}

/** The renderer's first script: what a cold load must fetch and parse before anything shows. */
function recordInitialScript(): void {
  const { bytes, files } = initialScriptBytes();
  console.log(`renderer initial script: ${files.join(', ')}`);
  record('renderer initial script (KB, minified)', bytes / 1000, '<= 500', bytes <= 500_000);
}

async function main(): Promise<void> {
  console.log(`Node ${process.version}, ${os.cpus().length} CPUs`);
  recordInitialScript();
  if (!chromiumAvailable()) {
    console.log('ui bench skipped: no Chromium (set CRONKEEPER_CHROMIUM or install Debian chromium)');
    return;
  }
  const only = process.env.CRONKEEPER_BENCH_UI; // 'progress' or 'history' to run one part
  let failed = false;
  for (const [name, part] of [
    ['progress', benchLiveProgress],
    ['history', benchHistory],
  ] as const) {
    if (only && only !== name) continue;
    try {
      current = undefined;
      await part();
    } catch (err) {
      failed = true;
      console.log(`(${name}) failed: ${err instanceof Error ? err.message : String(err)}`);
      if (current?.pageErrors.length) console.log(`  errors in the page: ${current.pageErrors.join(' | ')}`);
      record(`${name} benchmark`, 'error', 'runs', false);
    }
  }
  printTable();
  if (failed) process.exitCode = 1;
}

void main();
