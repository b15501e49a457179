// A pump starting many queued runs claims them with ONE statement (run-queue.ts, claimQueuedRows): one
// round trip per row held the scheduler's chain, and with it the next second's tick and its claims, for
// hundreds of milliseconds at 200 runs a second. Each queued row still starts exactly once, in order, and
// a row taken meanwhile (cancelled) is left alone.
import type { Database as SqliteDatabase } from 'sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { addTask, closeCores, executions, openCore, waitFor } from './scheduler-helpers';
import { onPostgres } from './test-database';

afterEach(() => closeCores());

const QUEUED = 5;

async function coreWithQueuedRuns() {
  const core = await openCore();
  await core.handlers['settings.update']({ concurrencyLimit: 1 });
  const blocker = await addTask(core, { paused: true, command: 'sleep 30' });
  const tasks: number[] = [];
  for (let i = 0; i < QUEUED; i++) tasks.push(await addTask(core, { paused: true, command: 'true' }));
  await core.start();
  const blocking = await core.handlers['tasks.runNow']({ id: blocker });
  const queued: number[] = [];
  for (const id of tasks) queued.push((await core.handlers['tasks.runNow']({ id })).executionId);
  const rows = await executions(core);
  expect(rows.filter((r) => queued.includes(r.id)).map((r) => r.status)).toEqual(queued.map(() => 'queued'));
  return { core, queued, blocking: blocking.executionId };
}

describe('pump', () => {
  it.skipIf(onPostgres)(
    'claims the queued runs it starts with one statement',
    async () => {
      const { core, queued, blocking } = await coreWithQueuedRuns();
      const manager = core.db.sequelize.connectionManager as unknown as {
        getConnection: (opts: unknown) => Promise<SqliteDatabase>;
      };
      const conn = await manager.getConnection({});
      const claims: string[] = [];
      const onTrace = (sql: string) => {
        if (/^\s*UPDATE task_executions SET status = 'running'/i.test(sql)) claims.push(sql);
      };
      conn.on('trace', onTrace);
      try {
        // Room for everything: one pump starts the five queued runs.
        await core.handlers['settings.update']({ concurrencyLimit: 64 });
      } finally {
        conn.removeListener('trace', onTrace);
      }
      expect(claims).toHaveLength(1);
      const done = await waitFor(
        async () => {
          const rows = (await executions(core)).filter((r) => queued.includes(r.id));
          return rows.every((r) => r.status === 'success') && rows;
        },
        20_000,
        'the queued runs to succeed',
      );
      expect(done.map((r) => r.id)).toEqual(queued);
      expect((await executions(core)).find((r) => r.id === blocking)!.status).toBe('running');
    },
    40_000,
  );

  it('starts each queued run once, and leaves a cancelled one alone', async () => {
    const { core, queued } = await coreWithQueuedRuns();
    expect(await core.handlers['executions.cancel']({ id: queued[2] })).toEqual({ cancelled: true });
    await core.handlers['settings.update']({ concurrencyLimit: 64 });
    const rows = await waitFor(
      async () => {
        const all = (await executions(core)).filter((r) => queued.includes(r.id));
        return all.every((r) => r.status !== 'queued' && r.status !== 'running') && all;
      },
      20_000,
      'the queued runs to end',
    );
    expect(rows.map((r) => r.status)).toEqual(['success', 'success', 'cancelled', 'success', 'success']);
    expect(rows.filter((r) => r.status === 'success').every((r) => r.pid !== null)).toBe(true);
    // Nothing ran twice: one row per queued run, and no other rows of those tasks.
    const all = await executions(core);
    expect(all.filter((r) => queued.includes(r.id))).toHaveLength(QUEUED);
    expect(all).toHaveLength(QUEUED + 1);
  }, 40_000);
});
