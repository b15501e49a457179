// Team mode, one scheduler cut off from the database while the others still reach it (issue #19). Its
// connections fail (every statement of that core is refused, as with a cut network) for long enough that
// its run's heartbeat goes stale: it turns degraded and writes nothing, another scheduler reaps the run and
// retries it, and when the cut scheduler is back it re-checks its claims before anything else and stops the
// run it no longer owns, so the task never runs twice for long. (The whole server stopped and restarted,
// under two `serve` processes: test/cli/faults-postgres.test.ts.)
import { afterEach, describe, expect, it } from 'vitest';
import { INTERRUPTED_MESSAGE } from '../../src/main/core/scheduler/recovery';
import { TEAM_HEARTBEAT_MS, TEAM_STALE_MS } from '../../src/main/core/scheduler/team';
import { execute } from '../../src/main/core/store/sql';
import { cutOff } from './fault-helpers';
import { closeCores, executions, isPidAlive, openCore, waitFor, createTask } from './scheduler-helpers';
import { createPostgresDatabase, onPostgres } from './test-database';

afterEach(() => closeCores());

describe.skipIf(!onPostgres)('team mode: a scheduler cut off from the database', () => {
  it('goes degraded, its run is taken over by another, and back it stops the run it lost', async () => {
    const databaseUrl = await createPostgresDatabase();
    const linesA: string[] = [];
    const a = await openCore({ databaseUrl, log: (line) => linesA.push(line) });
    const b = await openCore({ databaseUrl });
    const task = await createTask(a, {
      name: 'long',
      command: 'sleep 60',
      cronExpression: '0 0 1 1 *',
      timezone: 'UTC',
      maxRetries: 1,
      retryDelaySeconds: 0,
    });
    await a.start();
    await b.start();
    const { executionId } = await a.handlers['tasks.runNow']({ id: task.id });
    const started = await waitFor(
      async () => (await executions(b, task.id)).find((r) => r.id === executionId && r.pid && r.heartbeat_at),
      15_000,
      'the run on A to start and heartbeat',
    );
    const pid = Number(started.pid);
    // A plays another machine: B must not kill its process (a reaper kills leftovers on its own host only).
    await execute(b.db, `UPDATE task_executions SET host = 'machine-a' WHERE id = ?`, [executionId]);

    const restore = cutOff(a);
    await waitFor(() => a.scheduler.state().health === 'degraded', 10_000, 'A to turn degraded');
    // B takes over: the run is reaped (interrupted) and its retry runs on B.
    const reaped = await waitFor(
      async () =>
        (await executions(b, task.id)).find((r) => r.id === executionId && r.status === 'interrupted'),
      TEAM_STALE_MS + 4 * TEAM_HEARTBEAT_MS + 10_000,
      'B to reap the run of A',
    );
    expect(reaped.error_message).toBe(INTERRUPTED_MESSAGE);
    const retry = await waitFor(
      async () => (await executions(b, task.id)).find((r) => r.trigger === 'retry' && r.status === 'running'),
      10_000,
      'the retry to run on B',
    );
    // Meanwhile A's process still runs: nobody could tell it.
    expect(isPidAlive(pid)).toBe(true);

    const backAt = Date.now();
    restore();
    await waitFor(() => a.scheduler.state().health === 'ok', 10_000, 'A to recover');
    await waitFor(
      () => linesA.some((l) => l.includes(`execution ${executionId} was marked interrupted by another`)),
      10_000,
      'A to find that it lost the run, before anything else',
    );
    await waitFor(() => a.scheduler.state().running === 0, 10_000, 'A to let go of the run');
    expect(isPidAlive(pid)).toBe(false);
    console.log(`[team-faults] A recovered and stopped its lost run within ${Date.now() - backAt} ms`);
    expect(linesA.some((l) => l.startsWith('Scheduler degraded: the database is unavailable since'))).toBe(
      true,
    );
    expect(linesA.some((l) => l.startsWith('Scheduler recovered'))).toBe(true);
    const rows = await executions(b, task.id);
    // The reaper's verdict stands (A's stop does not overwrite it), and only the retry runs.
    expect(rows.find((r) => r.id === executionId)?.status).toBe('interrupted');
    expect(rows.filter((r) => r.status === 'running').map((r) => r.id)).toEqual([retry.id]);
    expect(rows).toHaveLength(2);
  }, 90_000);
});
