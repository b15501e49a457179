// Crash recovery on start: leftovers become interrupted; a leftover process is killed only if its pid AND
// start time match (a reused pid is never touched). Graceful stop: running runs get the grace, then cancel.
import { spawn, type ChildProcess } from 'node:child_process';
import { afterEach, describe, expect, it } from 'vitest';
import { processStartTime } from '../../src/main/core/runner/process-tree';
import { INTERRUPTED_MESSAGE } from '../../src/main/core/scheduler/recovery';
import {
  addTask,
  closeCores,
  executions,
  insertExecutionRow,
  isPidAlive,
  openCore,
  waitFor,
} from './scheduler-helpers';
import { onPostgres } from './test-database';

const children: ChildProcess[] = [];
afterEach(async () => {
  await closeCores();
  for (const child of children.splice(0)) if (child.exitCode === null) child.kill('SIGKILL');
});

function spawnSleeper(): ChildProcess {
  // detached: its own process group, like the executor's children
  const child = spawn('sleep', ['30'], { detached: true, stdio: 'ignore' });
  children.push(child);
  return child;
}

// SQLite: the lease holder starts alone, so every leftover is interrupted at once. In team mode (PostgreSQL)
// other schedulers may be running, so only runs whose heartbeat went stale are (team-postgres.test.ts).
describe.skipIf(onPostgres)('SQLite: recovery on start', () => {
  it('marks running and queued leftovers interrupted and kills a leftover process whose start time matches', async () => {
    const core = await openCore();
    const taskId = await addTask(core, { paused: true });
    const child = spawnSleeper();
    const pid = child.pid!;
    const startedAt = await waitFor(() => processStartTime(pid));
    const running = await insertExecutionRow(core, taskId, {
      pid,
      pid_started_at: startedAt,
      scheduled_at: 1000,
    });
    const queued = await insertExecutionRow(core, taskId, { status: 'queued', trigger: 'manual' });
    const futureRetry = await insertExecutionRow(core, taskId, {
      status: 'queued',
      trigger: 'retry',
      retry_count: 1,
      start_time: Date.now() + 3_600_000,
    });
    await core.start();
    const rows = await executions(core, taskId);
    const byId = (id: number) => rows.find((r) => r.id === id)!;
    expect(byId(running)).toMatchObject({ status: 'interrupted', error_message: INTERRUPTED_MESSAGE });
    expect(byId(running).end_time).toBeGreaterThan(byId(running).start_time);
    expect(byId(queued)).toMatchObject({ status: 'interrupted', error_message: INTERRUPTED_MESSAGE });
    expect(byId(futureRetry).status).toBe('queued');
    await waitFor(
      () => !isPidAlive(pid) || child.exitCode !== null || child.signalCode !== null,
      5000,
      'kill',
    );
    expect(child.exitCode === null ? child.signalCode : 'exited').toBeTruthy();
  });

  it('never touches a process whose pid matches but whose start time differs (a reused pid)', async () => {
    const core = await openCore();
    const taskId = await addTask(core, { paused: true });
    const child = spawnSleeper();
    const pid = child.pid!;
    const startedAt = await waitFor(() => processStartTime(pid));
    const id = await insertExecutionRow(core, taskId, { pid, pid_started_at: startedAt - 60_000 });
    await core.start();
    expect((await executions(core, taskId)).find((r) => r.id === id)!.status).toBe('interrupted');
    await new Promise((r) => setTimeout(r, 300));
    expect(isPidAlive(pid)).toBe(true);
    expect(child.exitCode).toBeNull();
  });

  it('leaves alone a run that a lease-less process (the CLI) is running right now', async () => {
    const cli = await openCore({ schedule: false });
    const taskId = await addTask(cli, { paused: true, command: 'sleep 1.5' });
    const { executionId } = await cli.handlers['tasks.runNow']({ id: taskId });
    await waitFor(async () => (await executions(cli, taskId))[0]?.pid);
    const server = await openCore({ dataDir: cli.dataDir });
    await server.start();
    expect((await executions(server, taskId))[0]).toMatchObject({ id: executionId, status: 'running' });
    await waitFor(async () => (await executions(server, taskId))[0]?.status === 'success', 5000);
  });

  it('a core that does not schedule (schedule: false) recovers nothing', async () => {
    const dataDir = (await openCore()).dataDir;
    const cli = await openCore({ dataDir, schedule: false });
    const taskId = await addTask(cli, { paused: true });
    const id = await insertExecutionRow(cli, taskId, {});
    await cli.start();
    expect((await executions(cli, taskId)).find((r) => r.id === id)!.status).toBe('running');
  });
});

describe('graceful stop', () => {
  it('running executions get the grace period, then are cancelled with a shutdown message', async () => {
    const core = await openCore();
    const slow = await addTask(core, {
      paused: true,
      command: 'sleep 30',
      maxRetries: 2,
      retryDelaySeconds: 0,
    });
    const quick = await addTask(core, { paused: true, command: 'sleep 0.3' });
    await core.start();
    await core.handlers['tasks.runNow']({ id: slow });
    await core.handlers['tasks.runNow']({ id: quick });
    const pid = (await waitFor(async () => (await executions(core, slow)).find((r) => r.pid)))!.pid!;
    const begin = Date.now();
    await core.scheduler.stop(800);
    const took = Date.now() - begin;
    expect(took).toBeGreaterThanOrEqual(700);
    expect(took).toBeLessThan(5000);
    const [slowRow] = await executions(core, slow);
    expect(slowRow).toMatchObject({
      status: 'cancelled',
      error_message: 'Cancelled: Cronkeeper was shutting down',
    });
    expect((await executions(core, slow)).length).toBe(1); // no retry after a shutdown cancel
    expect((await executions(core, quick))[0].status).toBe('success');
    expect(isPidAlive(pid)).toBe(false);
    // the lease is released: another scheduler can start at once
    const next = await openCore({ dataDir: core.dataDir });
    await expect(next.start()).resolves.toBeUndefined();
  });
});
