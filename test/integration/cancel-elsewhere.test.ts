// A run is cancelled from whichever process the user is looking at, not only from the one running it: the
// app while `serve` runs the task (SQLite), the app while the CLI runs it by itself, another machine's UI in
// team mode (PostgreSQL). The request goes through the row; the running process stops the whole tree and
// records `cancelled` (no retry after a user's cancel). A run cancelled just before its machine died is
// not retried by the reaper either. And `replace` on one scheduler cancels the run another scheduler is
// running. Runs on both engines (the PostgreSQL pass of npm test runs this file too).
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { requestCancel } from '../../src/main/core/store/execution-requests';
import { insertExecution } from '../../src/main/core/store/execution-writes';
import { CANCEL_MESSAGES } from '../../src/main/core/runner/process-run';
import { reapDeadRuns, TEAM_STALE_MS } from '../../src/main/core/scheduler/team';
import type { Core } from '../../src/main/core/core';
import {
  addTask,
  closeCores,
  executions,
  isPidAlive,
  makeDataDir,
  openCore,
  waitFor,
  createTask,
} from './scheduler-helpers';
import { createPostgresDatabase, onPostgres } from './test-database';

afterEach(() => closeCores());

/** A command whose grandchild (a background sleep) writes its pid, then waits. */
function sleeperCommand(dir: string): string {
  return `sleep 30 & echo $! > ${JSON.stringify(path.join(dir, 'grandchild.pid'))}; wait`;
}

async function runningGrandchild(dir: string): Promise<number> {
  const file = path.join(dir, 'grandchild.pid');
  return waitFor(
    () => fs.existsSync(file) && Number(fs.readFileSync(file, 'utf8').trim()),
    10_000,
    'the run to start its grandchild',
  );
}

/** Cancels execution `id` through `from`'s contract handler; checks the outcome recorded by `runner`. */
async function cancelFrom(
  from: Core,
  runner: Core,
  taskId: number,
  id: number,
  dir: string,
): Promise<number> {
  const grandchild = await runningGrandchild(dir);
  const t0 = Date.now();
  expect(await from.handlers['executions.cancel']({ id })).toEqual({ cancelled: true });
  const elapsed = Date.now() - t0;
  const rows = await waitFor(
    async () => {
      const all = await executions(runner, taskId);
      return all.find((r) => r.id === id)?.status === 'cancelled' && all;
    },
    5_000,
    'the run to be recorded cancelled',
  );
  expect(rows.find((r) => r.id === id)).toMatchObject({
    status: 'cancelled',
    error_message: CANCEL_MESSAGES.user,
  });
  await waitFor(() => !isPidAlive(grandchild), 5_000, 'the grandchild to be gone');
  // A user's cancel is final: the task allows retries, none is queued.
  expect(rows.filter((r) => r.trigger === 'retry')).toHaveLength(0);
  return elapsed;
}

/** A long task (retries allowed) on `core`, run now there. */
async function startSleeper(core: Core, dir: string): Promise<{ taskId: number; executionId: number }> {
  const taskId = await addTask(core, {
    command: sleeperCommand(dir),
    cronExpression: '0 0 1 1 *',
    maxRetries: 2,
    retryDelaySeconds: 1,
  });
  const { executionId } = await core.scheduler.runNow(taskId);
  expect(core.scheduler.state().running).toBe(1);
  return { taskId, executionId };
}

describe('cancel from another process', () => {
  it('cancels a run that the scheduler of another process is running', async () => {
    const dir = makeDataDir();
    const scheduler = await openCore({ dataDir: dir });
    await scheduler.start();
    // The app without the lease (SQLite), or another machine's UI (PostgreSQL: the same database).
    const ui = await openCore({ dataDir: dir, schedule: false });
    await ui.start();
    const { taskId, executionId } = await startSleeper(scheduler, dir);
    const elapsed = await cancelFrom(ui, scheduler, taskId, executionId, dir);
    // The scheduler sees the request within its data watch (SQLite, 0.5 s) or heartbeat (team, 2 s),
    // then the process group gets SIGTERM; the cancel call answers once the row has ended.
    expect(elapsed).toBeLessThan(onPostgres ? 4_500 : 3_000);
    console.log(`[cancel] run of another scheduler cancelled from here in ${elapsed} ms`);
    await waitFor(() => scheduler.scheduler.state().running === 0, 5_000, 'the scheduler to let go');
  }, 30_000);

  it('cancels a run that a process without a scheduler (the CLI) runs by itself', async () => {
    const dir = makeDataDir();
    const cli = await openCore({ dataDir: dir, schedule: false });
    await cli.start();
    // No scheduler is alive, so the run happens in this process.
    const { taskId, executionId } = await startSleeper(cli, dir);
    const app = await openCore({ dataDir: dir, schedule: false });
    await app.start();
    const elapsed = await cancelFrom(app, cli, taskId, executionId, dir);
    expect(elapsed).toBeLessThan(3_000); // the lease-less run polls for requests every second
  }, 30_000);

  it('says no for a run that already ended, and changes nothing', async () => {
    const dir = makeDataDir();
    const core = await openCore({ dataDir: dir, schedule: false });
    await core.start();
    const taskId = await addTask(core, { command: 'true', cronExpression: '0 0 1 1 *' });
    const { executionId } = await core.scheduler.runNow(taskId);
    await waitFor(
      async () => (await executions(core, taskId))[0]?.status === 'success',
      5_000,
      'the run to end',
    );
    const other = await openCore({ dataDir: dir, schedule: false });
    expect(await other.handlers['executions.cancel']({ id: executionId })).toEqual({ cancelled: false });
    const [row] = await executions(core, taskId);
    expect(row).toMatchObject({ status: 'success', error_message: null });
  }, 20_000);
});

describe('a cancel request outlives a dead machine', () => {
  it('the reaper marks the run interrupted and queues no retry for it (it does for a run not cancelled)', async () => {
    const core = await openCore({ schedule: false });
    const taskId = await addTask(core, { command: 'true', cronExpression: '0 0 1 1 *', maxRetries: 2 });
    const longAgo = Date.now() - TEAM_STALE_MS - 60_000;
    const deadRun = () =>
      insertExecution(core.db, {
        taskId,
        status: 'running',
        trigger: 'manual',
        scheduledAt: null,
        startTime: longAgo,
        host: 'a-machine-that-died',
        createdAt: longAgo,
      }) as Promise<number>;
    const [cancelled, plain] = [await deadRun(), await deadRun()];
    expect(await requestCancel(core.db, cancelled, 'user')).toBe(true);
    const reaped = await reapDeadRuns(core.db, Date.now());
    expect(reaped.map((r) => r.id).sort()).toEqual([cancelled, plain].sort());
    expect(reaped.find((r) => r.id === cancelled)!.retryId).toBeNull();
    expect(reaped.find((r) => r.id === plain)!.retryId).not.toBeNull();
    const rows = await executions(core, taskId);
    expect(rows.filter((r) => r.trigger === 'retry')).toHaveLength(1);
    expect(rows.find((r) => r.id === cancelled)!.status).toBe('interrupted');
  });
});

describe.runIf(onPostgres)('replace across machines (PostgreSQL)', () => {
  it("a slot on one scheduler cancels the task's run on another and starts at once", async () => {
    const databaseUrl = await createPostgresDatabase();
    const dirA = makeDataDir();
    const a = await openCore({ dataDir: dirA, databaseUrl, hostTags: ['a'] });
    const b = await openCore({ databaseUrl, hostTags: ['b'] });
    await Promise.all([a.start(), b.start()]);
    const task = await createTask(a, {
      name: 'replaced',
      command: sleeperCommand(dirA),
      cronExpression: '0 0 1 1 *',
      timezone: 'UTC',
      overlapPolicy: 'replace',
      hostTag: 'a',
    });
    const { executionId } = await a.scheduler.runNow(task.id);
    await runningGrandchild(dirA);
    // Now only B may schedule the task, every second: its first slot finds A's run still going.
    const requestedAfter = Date.now();
    await b.handlers['tasks.update']({
      id: task.id,
      patch: { hostTag: 'b', cronExpression: '* * * * * *', command: 'true' },
    });
    const rows = await waitFor(
      async () => {
        const all = await executions(b, task.id);
        return all.find((r) => r.id === executionId)?.status === 'cancelled' && all;
      },
      8_000,
      "A's run to be cancelled by B's replace",
    );
    expect(rows.find((r) => r.id === executionId)!.error_message).toBe(CANCEL_MESSAGES.replace);
    const replacing = rows.filter((r) => r.trigger === 'schedule' && r.start_time >= requestedAfter);
    expect(replacing.length).toBeGreaterThanOrEqual(1);
    // The new run started before the old one had ended: B did not wait for A.
    const cancelledAt = rows.find((r) => r.id === executionId)!.end_time!;
    expect(Math.min(...replacing.map((r) => r.start_time))).toBeLessThanOrEqual(cancelledAt);
  }, 30_000);
});
