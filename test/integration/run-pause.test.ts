// Pausing a running execution: its whole process tree stops (SIGSTOP) and goes on when resumed, from this
// process or from another (the app while `serve` runs it; another machine's UI in team mode), with the row
// and the events saying so. The timeout counts running time only; cancel and a graceful stop end a paused
// run at once. Real child processes; runs on both engines (the PostgreSQL pass of npm test runs it too).
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Core } from '../../src/main/core/core';
import {
  addTask,
  closeCores,
  executionEnded,
  executions,
  isPidAlive,
  makeDataDir,
  openCore,
  recordEvents,
  sleep,
  waitFor,
} from './scheduler-helpers';
import { insert } from '../../src/main/core/store/sql';
import { onPostgres } from './test-database';

afterEach(() => closeCores());

/** A job that appends a line to $OUT every 100 ms, `lines` times, through a child `sleep` each time. */
const ticker = (lines: number) =>
  `i=0; while [ $i -lt ${lines} ]; do echo $i >> "$OUT"; i=$((i+1)); sleep 0.1; done`;

const lineCount = (file: string) =>
  fs.existsSync(file) ? fs.readFileSync(file, 'utf8').split('\n').filter(Boolean).length : 0;

/** A ticker task on `runner`, run now, once it has written a few lines. */
async function startTicker(
  runner: Core,
  dir: string,
  options: { lines?: number; timeoutSeconds?: number } = {},
): Promise<{ taskId: number; executionId: number; out: string }> {
  const out = path.join(dir, `ticks-${Math.random().toString(36).slice(2, 8)}.txt`);
  const taskId = await addTask(runner, {
    command: ticker(options.lines ?? 40),
    cronExpression: '0 0 1 1 *',
    env: { OUT: out },
    timeoutSeconds: options.timeoutSeconds ?? 0,
  });
  const { executionId } = await runner.scheduler.runNow(taskId);
  await waitFor(() => lineCount(out) >= 3, 10_000, 'the job to start ticking');
  return { taskId, executionId, out };
}

/** The job writes nothing for a second: its processes are stopped. */
async function expectStopped(out: string): Promise<void> {
  await sleep(300); // a tick already under way may land
  const before = lineCount(out);
  await sleep(1_000);
  expect(lineCount(out)).toBe(before);
}

/** A started core that runs what it is asked to here, without scheduling (as the CLI does). */
async function coreWithoutScheduler(): Promise<{ dir: string; core: Core }> {
  const dir = makeDataDir();
  const core = await openCore({ dataDir: dir, schedule: false });
  await core.start();
  return { dir, core };
}

async function expectTicking(out: string): Promise<void> {
  const before = lineCount(out);
  await waitFor(() => lineCount(out) >= before + 3, 5_000, 'the job to tick again');
}

describe.skipIf(process.platform === 'win32')('pausing a run', () => {
  it('pauses and resumes a run of this process: the tree stops, the row and the events say so', async () => {
    const { dir, core } = await coreWithoutScheduler();
    const events = recordEvents(core);
    const { taskId, executionId, out } = await startTicker(core, dir, { lines: 30 });

    const t0 = Date.now();
    expect(await core.handlers['executions.pause']({ id: executionId })).toEqual({ paused: true });
    const paused = await core.handlers['executions.get']({ id: executionId });
    expect(paused.status).toBe('running');
    expect(paused.pausedAt).toBeGreaterThanOrEqual(t0 - 1_000);
    const [row] = await executions(core, taskId);
    expect(Number((row as unknown as { paused_at: number }).paused_at)).toBe(paused.pausedAt);
    await expectStopped(out);
    // Asking again changes nothing.
    expect(await core.handlers['executions.pause']({ id: executionId })).toEqual({ paused: false });

    expect(await core.handlers['executions.resume']({ id: executionId })).toEqual({ resumed: true });
    expect((await core.handlers['executions.get']({ id: executionId })).pausedAt).toBeUndefined();
    await expectTicking(out);
    const final = await executionEnded(core, executionId, 15_000);
    expect(final.status).toBe('success');
    expect(lineCount(out)).toBe(30); // nothing lost, nothing repeated

    const changes = events
      .filter((e) => e.event === 'execution.pauseChanged')
      .map((e) => (e.payload as { execution: { id: number; pausedAt?: number | null } }).execution);
    expect(changes.map((e) => [e.id, e.pausedAt != null])).toEqual([
      [executionId, true],
      [executionId, false],
    ]);
  }, 40_000);

  it('the timeout counts running time only', async () => {
    const { dir, core } = await coreWithoutScheduler();
    // ~1.5 s of work under a 3 s timeout, paused for 3.5 s in the middle: over the timeout by the wall
    // clock, well within it by running time.
    const { executionId, out } = await startTicker(core, dir, { lines: 15, timeoutSeconds: 3 });
    await core.handlers['executions.pause']({ id: executionId });
    await sleep(3_500);
    expect((await core.handlers['executions.get']({ id: executionId })).status).toBe('running');
    await core.handlers['executions.resume']({ id: executionId });
    const final = await executionEnded(core, executionId, 10_000);
    expect(final.status).toBe('success');
    expect(lineCount(out)).toBe(15);
    expect(final.durationSeconds).toBeGreaterThan(3);
  }, 30_000);

  it('cancel ends a paused run at once, its whole tree included', async () => {
    const { dir, core } = await coreWithoutScheduler();
    const { taskId, executionId } = await startTicker(core, dir);
    const [{ pid }] = await executions(core, taskId);
    await core.handlers['executions.pause']({ id: executionId });
    const t0 = Date.now();
    expect(await core.handlers['executions.cancel']({ id: executionId })).toEqual({ cancelled: true });
    await waitFor(
      async () => (await executions(core, taskId))[0].status === 'cancelled',
      5_000,
      'the paused run to be recorded cancelled',
    );
    // SIGTERM reaches a stopped tree once it is continued: no 2 s wait for SIGKILL.
    expect(Date.now() - t0).toBeLessThan(1_900);
    await waitFor(() => !isPidAlive(pid!), 5_000, 'the job to be gone');
  }, 30_000);

  it('a graceful stop cancels a paused run at once instead of waiting out the grace period', async () => {
    const { dir, core } = await coreWithoutScheduler();
    const { taskId, executionId } = await startTicker(core, dir);
    await core.handlers['executions.pause']({ id: executionId });
    const t0 = Date.now();
    await core.stop(10_000);
    expect(Date.now() - t0).toBeLessThan(5_000);
    const other = await openCore({ dataDir: dir, schedule: false });
    expect((await executions(other, taskId))[0]).toMatchObject({ status: 'cancelled' });
  }, 30_000);

  it('pauses and resumes a run that another process runs, through its row', async () => {
    const dir = makeDataDir();
    const scheduler = await openCore({ dataDir: dir });
    await scheduler.start();
    // The app without the lease (SQLite), or another machine's UI (PostgreSQL: the same database).
    const ui = await openCore({ dataDir: dir, schedule: false });
    await ui.start();
    const seen = recordEvents(scheduler);
    const { executionId, out } = await startTicker(scheduler, dir, { lines: 60 });

    const t0 = Date.now();
    expect(await ui.handlers['executions.pause']({ id: executionId })).toEqual({ paused: true });
    // The running process acts on its data watch (SQLite, 0.5 s) or heartbeat (team, 2 s); the call waits.
    expect((await ui.handlers['executions.get']({ id: executionId })).pausedAt).toBeGreaterThan(0);
    expect(Date.now() - t0).toBeLessThan(onPostgres ? 4_500 : 3_000);
    await expectStopped(out);
    expect(seen.some((e) => e.event === 'execution.pauseChanged')).toBe(true);

    expect(await ui.handlers['executions.resume']({ id: executionId })).toEqual({ resumed: true });
    expect((await ui.handlers['executions.get']({ id: executionId })).pausedAt).toBeUndefined();
    await expectTicking(out);
    await ui.handlers['executions.cancel']({ id: executionId });
  }, 40_000);

  it('UNSUPPORTED when the process running it never confirms (a Windows owner drops the request)', async () => {
    const { core } = await coreWithoutScheduler();
    const taskId = await addTask(core, { command: 'true', cronExpression: '0 0 1 1 *' });
    // A run owned by a process that takes the request but cannot act on it (Windows has no SIGSTOP).
    const now = Date.now();
    const executionId = await insert(
      core.db,
      `INSERT INTO task_executions (task_id, status, "trigger", start_time, created_at, pid, heartbeat_at, host)
       VALUES (:taskId, 'running', 'manual', :now, :now, 4242, :now, 'windows-box')`,
      { taskId, now },
    );
    const started = Date.now();
    await expect(core.handlers['executions.pause']({ id: executionId })).rejects.toMatchObject({
      code: 'UNSUPPORTED',
      message: expect.stringMatching(/did not confirm that it paused it: a run on Windows cannot be paused/),
    });
    expect(Date.now() - started).toBeGreaterThanOrEqual(5_000);
    expect((await core.handlers['executions.get']({ id: executionId })).pausedAt).toBeUndefined();
  }, 20_000);

  it('says no for a run that is not running, and changes nothing; an unknown id is not found', async () => {
    const { core } = await coreWithoutScheduler();
    const taskId = await addTask(core, { command: 'true', cronExpression: '0 0 1 1 *' });
    const { executionId } = await core.scheduler.runNow(taskId);
    await waitFor(async () => (await executions(core, taskId))[0]?.status === 'success', 5_000, 'the run');
    expect(await core.handlers['executions.pause']({ id: executionId })).toEqual({ paused: false });
    expect(await core.handlers['executions.resume']({ id: executionId })).toEqual({ resumed: false });
    const [row] = await executions(core, taskId);
    expect(row).toMatchObject({ status: 'success' });
    expect((row as unknown as { paused_at: number | null }).paused_at).toBeNull();
    await expect(core.handlers['executions.pause']({ id: 999_999 })).rejects.toMatchObject({
      code: 'NOT_FOUND',
    });
  }, 20_000);
});
