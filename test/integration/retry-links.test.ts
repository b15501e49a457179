// Retry links (migration 0008, task_executions.retry_of): an upgraded database keeps every row and gains the
// column empty; a retry queued by the scheduler or by recovery names the run it retried; executions.get
// answers both directions; deleting the retried run keeps the retry. Runs on SQLite,
// and on PostgreSQL when CRONKEEPER_TEST_DATABASE_URL is set.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { QueryTypes, type Sequelize } from 'sequelize';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/main/core/db/connection';
import { MIGRATIONS, migrateToLatest } from '../../src/main/core/db/migrator';
import { queueRetryAfterInterrupt } from '../../src/main/core/scheduler/recovery';
import { addTask, closeCores, executions, insertExecutionRow, openCore, waitFor } from './scheduler-helpers';
import { onPostgres, testDatabaseUrl } from './test-database';

const dirs: string[] = [];
const opened: Sequelize[] = [];
afterEach(async () => {
  await closeCores();
  for (const s of opened.splice(0)) await s.close().catch(() => {});
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

describe('migration 0008-retry-of', () => {
  it('upgrades a database holding runs: nothing lost, retry_of empty, linked rows survive a delete', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ck-'));
    dirs.push(dir);
    const sequelize = await openDatabase({
      storage: path.join(dir, 'cronkeeper.db'),
      url: await testDatabaseUrl(dir),
    });
    opened.push(sequelize);
    const select = <T extends object>(sql: string, replacements: unknown[] = []) =>
      sequelize.query<T>(sql, { replacements, type: QueryTypes.SELECT });
    await migrateToLatest(
      sequelize,
      MIGRATIONS.filter((m) => m.name < '0008'),
    );
    await sequelize.query(
      `INSERT INTO scheduled_tasks (id, name, command, cron_expression, timezone, created_at, updated_at)
       VALUES (1, 'backup ✓', 'exit 1', '* * * * *', 'UTC', 1, 1)`,
    );
    for (let id = 1; id <= 6; id++) {
      await sequelize.query(
        `INSERT INTO task_executions (id, task_id, status, "trigger", start_time, end_time, retry_count,
           error_message, result_json, created_at)
         VALUES (?, 1, ?, ?, ?, ?, ?, ?, ?, ?)`,
        {
          replacements: [
            id,
            id % 2 ? 'failed' : 'success',
            id === 1 ? 'schedule' : 'retry',
            1_700_000_000_000 + id * 1000,
            1_700_000_000_500 + id * 1000,
            id - 1,
            id % 2 ? `exit ${id}` : null,
            JSON.stringify({ message: `结果 ${id}` }),
            1_700_000_000_000 + id,
          ],
        },
      );
    }
    const columns = `id, task_id, status, "trigger", start_time, end_time, retry_count, error_message, result_json, created_at`;
    const before = await select(`SELECT ${columns} FROM task_executions ORDER BY id`);

    expect(await migrateToLatest(sequelize)).toContain('0008-retry-of');

    expect(await select(`SELECT ${columns} FROM task_executions ORDER BY id`)).toEqual(before);
    const links = await select<{ n: number }>(
      'SELECT COUNT(*) AS n FROM task_executions WHERE retry_of IS NULL',
    );
    expect(Number(links[0].n)).toBe(6); // the origin of old retries was never recorded: no guessed links

    // Deleting the retried run keeps the retry and its record of what it retried (a plain id since
    // migration 0011); the detail offers the link only while that run exists (run-links-migration.test.ts).
    await sequelize.query('UPDATE task_executions SET retry_of = 1 WHERE id = 2');
    await sequelize.query('DELETE FROM task_executions WHERE id = 1');
    const [retry] = await select<{ id: number; retry_of: number | null }>(
      'SELECT id, retry_of FROM task_executions WHERE id = 2',
    );
    expect({ id: Number(retry.id), retry_of: Number(retry.retry_of) }).toEqual({ id: 2, retry_of: 1 });
    const [{ n }] = await select<{ n: number }>('SELECT COUNT(*) AS n FROM task_executions');
    expect(Number(n)).toBe(5);

    const indexes = onPostgres
      ? await select<{ name: string }>(
          `SELECT indexname AS name FROM pg_indexes WHERE tablename = 'task_executions'`,
        )
      : await select<{ name: string }>(`PRAGMA index_list('task_executions')`);
    expect(indexes.map((i) => i.name)).toContain('idx_executions_retry_of');
  });
});

describe('retry links at run time', () => {
  it('a retry queued by the scheduler names the run it retried, and that run lists its retries', async () => {
    const core = await openCore();
    const taskId = await addTask(core, {
      paused: true,
      command: 'echo failing >&2; exit 3',
      maxRetries: 2,
      retryDelaySeconds: 0,
    });
    await core.start();
    const { executionId } = await core.handlers['tasks.runNow']({ id: taskId });
    const rows = await waitFor(
      async () => {
        const all = await executions(core, taskId);
        return all.length === 3 && all.every((r) => r.status === 'failed') && all;
      },
      15_000,
      'three failed runs',
    );
    const linkOf = async (id: number) =>
      (await core.handlers['executions.get']({ id })) as { retryOf?: number | null; retries?: unknown };
    expect(rows.map((r) => r.id)[0]).toBe(executionId);
    expect(await linkOf(rows[0].id)).not.toHaveProperty('retryOf');
    expect((await linkOf(rows[1].id)).retryOf).toBe(rows[0].id);
    expect((await linkOf(rows[2].id)).retryOf).toBe(rows[1].id);
    expect((await linkOf(rows[0].id)).retries).toEqual([{ id: rows[1].id, status: 'failed', retryCount: 1 }]);
    expect((await linkOf(rows[1].id)).retries).toEqual([{ id: rows[2].id, status: 'failed', retryCount: 2 }]);
    expect(await linkOf(rows[2].id)).not.toHaveProperty('retries');
    // History rows carry the link too (the marker in the list).
    const page = await core.handlers['executions.list']({ taskId });
    expect(page.items.find((e) => e.id === rows[2].id)?.retryOf).toBe(rows[1].id);
  }, 20_000);

  it('a retry queued after an interrupted run (recovery, the reaper) names that run', async () => {
    const core = await openCore({ schedule: false });
    const taskId = await addTask(core, { paused: true, maxRetries: 1, retryDelaySeconds: 60 });
    const interrupted = await insertExecutionRow(core, taskId, { status: 'interrupted' });
    const retryId = await queueRetryAfterInterrupt(
      core.db,
      { id: interrupted, task_id: taskId, retry_count: 0, cancel_request: null },
      Date.now(),
    );
    expect(retryId).toBeGreaterThan(0);
    const retry = await core.handlers['executions.get']({ id: retryId! });
    expect(retry).toMatchObject({ trigger: 'retry', status: 'queued', retryOf: interrupted });
    expect((await core.handlers['executions.get']({ id: interrupted })).retries).toEqual([
      { id: retryId, status: 'queued', retryCount: 1 },
    ]);
  });
});
