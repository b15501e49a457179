// The data-folder lease and slot claiming: two schedulers on one data dir never both schedule, the second
// says who holds it, and even two schedulers racing on one database never run a slot twice.
import os from 'node:os';
import { afterEach, describe, expect, it } from 'vitest';
import { insertExecution } from '../../src/main/core/store/execution-writes';
import { execute, select } from '../../src/main/core/store/sql';
import { addTask, closeCores, executions, openCore, sleep, waitFor } from './scheduler-helpers';
import { onPostgres } from './test-database';

afterEach(() => closeCores());

const LOCKED_MESSAGE = new RegExp(
  `^Another Cronkeeper scheduler \\(pid ${process.pid} on ${os.hostname().replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\) is already running on this data folder$`,
);

// The lease is SQLite's single-writer rule; team mode (PostgreSQL) has none: see team-postgres.test.ts.
describe.skipIf(onPostgres)('SQLite: data-folder lease', () => {
  it('a second scheduler on the same data folder fails with LOCKED and says who holds it', async () => {
    const first = await openCore();
    await first.start();
    const second = await openCore({ dataDir: first.dataDir });
    const error = await second.start().then(
      () => null,
      (err: unknown) => err,
    );
    expect(error).toMatchObject({ code: 'LOCKED' });
    expect((error as Error).message).toMatch(LOCKED_MESSAGE);
    // a one-shot (CLI) core works alongside
    const cli = await openCore({ dataDir: first.dataDir, schedule: false });
    await expect(cli.start()).resolves.toBeUndefined();
    expect((await cli.tasks.list({})).total).toBe(0);
    // once the first stops, the second can take over
    await first.stop(0);
    await expect(second.start()).resolves.toBeUndefined();
  });

  it('takes over a lease left by a dead process or with a stale heartbeat', async () => {
    const core = await openCore();
    await execute(
      core.db,
      `INSERT INTO scheduler_leases (name, holder, pid, hostname, heartbeat_at) VALUES ('scheduler', 'dead', ?, ?, ?)`,
      [2 ** 22 + 12345, os.hostname(), Date.now()],
    );
    await expect(core.start()).resolves.toBeUndefined();
    await core.stop(0);

    const other = await openCore({ dataDir: core.dataDir });
    await execute(
      other.db,
      `INSERT INTO scheduler_leases (name, holder, pid, hostname, heartbeat_at) VALUES ('scheduler', 'away', 1, 'elsewhere', ?)`,
      [Date.now()],
    );
    await expect(other.start()).rejects.toMatchObject({
      code: 'LOCKED',
      message: expect.stringContaining('pid 1 on elsewhere'),
    });
    await execute(other.db, `UPDATE scheduler_leases SET heartbeat_at = ?`, [Date.now() - 20_000]);
    await expect(other.start()).resolves.toBeUndefined();
    const [lease] = await select<{ pid: number }>(other.db, 'SELECT pid FROM scheduler_leases');
    expect(Number(lease.pid)).toBe(process.pid);
  });
});

describe('slot claiming', () => {
  it('inserting the same slot twice: exactly one wins, from two cores on one database', async () => {
    const a = await openCore();
    const b = await openCore({ dataDir: a.dataDir, schedule: false });
    const taskId = await addTask(a, { paused: true });
    const slot = Date.parse('2030-01-01T00:00:00Z');
    const row = (trigger: 'schedule') => ({
      taskId,
      status: 'running' as const,
      trigger,
      scheduledAt: slot,
      startTime: Date.now(),
      createdAt: Date.now(),
    });
    const results = await Promise.all([
      insertExecution(a.db, row('schedule')),
      insertExecution(b.db, row('schedule')),
    ]);
    expect(results.filter((r) => r === null)).toHaveLength(1);
    expect(results.filter((r) => typeof r === 'number' && r > 0)).toHaveLength(1);
    expect(await executions(a, taskId)).toHaveLength(1);
    // manual runs (scheduled_at NULL) never collide
    const manual = { ...row('schedule'), scheduledAt: null, trigger: 'manual' as const };
    expect(await insertExecution(a.db, manual)).toBeGreaterThan(0);
    expect(await insertExecution(b.db, manual)).toBeGreaterThan(0);
  });

  it('two schedulers racing on one data dir (lease forced away) still run each slot once', async () => {
    const a = await openCore();
    const taskId = await addTask(a, { command: 'true' });
    await a.start();
    // Simulate a split brain: the lease row vanishes, so a second scheduler starts too.
    await execute(a.db, 'DELETE FROM scheduler_leases');
    const b = await openCore({ dataDir: a.dataDir });
    await b.start();
    const startedBoth = Date.now();
    await sleep(3200);
    const rows = (await executions(a, taskId)).filter((r) => r.scheduled_at! > startedBoth);
    const slots = rows.map((r) => r.scheduled_at);
    expect(rows.length).toBeGreaterThanOrEqual(2);
    expect(new Set(slots).size).toBe(slots.length);
    const [dupes] = await select<{ n: number }>(
      a.db,
      'SELECT COUNT(*) AS n FROM (SELECT scheduled_at FROM task_executions WHERE task_id = ? GROUP BY scheduled_at HAVING COUNT(*) > 1) AS d',
      [taskId],
    );
    expect(Number(dupes.n)).toBe(0);
    await waitFor(async () => (await executions(a, taskId)).every((r) => r.status !== 'running'));
  });
});
