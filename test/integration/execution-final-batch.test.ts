// Runs ending in the same turn of the event loop write their final rows with ONE statement (turn-batch.ts):
// at 50 runs a second, one UPDATE each queued the next second's claims behind them on the connection.
import { afterEach, describe, expect, it } from 'vitest';
import type { Database as SqliteDatabase } from 'sqlite3';
import { finishExecution, insertExecution } from '../../src/main/core/store/execution-writes';
import { addTask, closeCores, executions, openCore } from './scheduler-helpers';
import { onPostgres } from './test-database';

afterEach(() => closeCores());

describe('final rows', () => {
  // The statement count is read from SQLite's trace.
  it.skipIf(onPostgres)(
    'runs ending in the same turn share one UPDATE, and each row gets its own fields',
    async () => {
      const core = await openCore();
      const taskId = await addTask(core, { enabled: false });
      const now = Date.now();
      const ids: number[] = [];
      for (let i = 0; i < 3; i++) {
        const row = { taskId, status: 'running' as const, trigger: 'manual' as const, scheduledAt: null };
        ids.push((await insertExecution(core.db, { ...row, startTime: now, createdAt: now }))!);
      }
      const manager = core.db.sequelize.connectionManager as unknown as {
        getConnection: (opts: unknown) => Promise<SqliteDatabase>;
      };
      const conn = await manager.getConnection({});
      const updates: string[] = [];
      const onTrace = (sql: string) => {
        if (/^\s*UPDATE task_executions/i.test(sql)) updates.push(sql);
      };
      conn.on('trace', onTrace);
      try {
        await Promise.all(
          ids.map((id, i) =>
            finishExecution(core.db, id, {
              status: i === 1 ? 'failed' : 'success',
              endTime: now + 1000 + i,
              durationSeconds: 1 + i / 10,
              exitCode: i,
              resultJson: JSON.stringify({ n: i }),
              errorMessage: i === 1 ? 'exit 1' : null,
            }),
          ),
        );
      } finally {
        conn.removeListener('trace', onTrace);
      }
      expect(updates).toHaveLength(1);
      const rows = (await executions(core, taskId)).filter((r) => ids.includes(r.id));
      expect(
        rows.map((r) => [r.status, r.end_time, r.duration_seconds, r.exit_code, r.error_message]),
      ).toEqual([
        ['success', now + 1000, 1, 0, null],
        ['failed', now + 1001, 1.1, 1, 'exit 1'],
        ['success', now + 1002, 1.2, 2, null],
      ]);
      expect(rows.map((r) => JSON.parse(r.result_json!).n)).toEqual([0, 1, 2]);
    },
    30_000,
  );
});
