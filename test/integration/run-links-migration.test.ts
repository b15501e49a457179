// Migration 0011 (run links become plain ids) on a database holding data, on the engine under test: every row
// and every link survives, no foreign key points into task_executions any more (that is what made deleting
// a task's runs three times slower), the task cascade still works, run ids are not reused (SQLite's
// AUTOINCREMENT counter is carried over), and an execution's detail offers a link only to a run that still
// exists. Runs on SQLite, and on PostgreSQL when CRONKEEPER_TEST_DATABASE_URL is set.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { QueryTypes, type Sequelize } from 'sequelize';
import { afterEach, expect, it } from 'vitest';
import { openDatabase } from '../../src/main/core/db/connection';
import type { Database } from '../../src/main/core/db/database';
import { dialectOf } from '../../src/main/core/db/dialect';
import { MIGRATIONS, migrateToLatest } from '../../src/main/core/db/migrator';
import { getExecutionDetail } from '../../src/main/core/store/executions';
import { defineModels } from '../../src/main/core/store/models';
import { createPostgresDatabase, onPostgres } from './test-database';

const dirs: string[] = [];
const open: Sequelize[] = [];
afterEach(async () => {
  for (const s of open.splice(0)) await s.close();
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

async function connect(): Promise<{ sequelize: Sequelize; url?: string }> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ck-mig11-'));
  dirs.push(dir);
  const url = onPostgres ? await createPostgresDatabase() : undefined;
  const sequelize = await openDatabase({ storage: path.join(dir, 'cronkeeper.db'), url });
  open.push(sequelize);
  return { sequelize, url };
}

/** Foreign keys of task_executions, as "column -> table". */
async function foreignKeys(sequelize: Sequelize): Promise<string[]> {
  const rows = onPostgres
    ? await sequelize.query<{ col: string; target: string }>(
        `SELECT a.attname AS col, c.confrelid::regclass::text AS target
         FROM pg_constraint c JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = ANY (c.conkey)
         WHERE c.contype = 'f' AND c.conrelid = 'task_executions'::regclass`,
        { type: QueryTypes.SELECT },
      )
    : await sequelize.query<{ col: string; target: string }>(
        `SELECT "from" AS col, "table" AS target FROM pragma_foreign_key_list('task_executions')`,
        { type: QueryTypes.SELECT },
      );
  return rows.map((r) => `${r.col} -> ${r.target}`).sort();
}

async function indexNames(sequelize: Sequelize): Promise<string[]> {
  const rows = onPostgres
    ? await sequelize.query<{ name: string }>(
        `SELECT indexname AS name FROM pg_indexes WHERE tablename = 'task_executions'`,
        { type: QueryTypes.SELECT },
      )
    : await sequelize.query<{ name: string }>(`SELECT name FROM pragma_index_list('task_executions')`, {
        type: QueryTypes.SELECT,
      });
  return rows.map((r) => r.name).sort();
}

it('upgrades a populated database: rows and links kept, no self-references, cascade and ids intact', async () => {
  const { sequelize, url } = await connect();
  await migrateToLatest(
    sequelize,
    MIGRATIONS.filter((m) => m.name < '0011'),
  );
  const q = (sql: string, replacements: unknown[] = []) => sequelize.query(sql, { replacements });
  const rows = (sql: string) => sequelize.query<Record<string, unknown>>(sql, { type: QueryTypes.SELECT });
  for (const id of [1, 2]) {
    await q(
      `INSERT INTO scheduled_tasks (id, name, command, cron_expression, timezone, created_at, updated_at)
       VALUES (?, ?, 'exit 1', '0 * * * *', 'UTC', 1, 1)`,
      [id, `任务 ${id}`],
    );
  }
  // Task 1: a failed run (10), its retry (11); task 2: a chain run (20) after run 11. Run 30 is inserted and
  // deleted, so the highest id ever used is above every id left.
  const run = (id: number, task: number, extra: string, values: unknown[]) =>
    q(
      `INSERT INTO task_executions (id, task_id, status, "trigger", start_time, created_at, result_json${extra})
       VALUES (?, ?, 'failed', 'schedule', ?, ?, '{"rows":1}'${values.map(() => ', ?').join('')})`,
      [id, task, id, id, ...values],
    );
  await run(10, 1, '', []);
  await run(11, 1, ', retry_of', [10]);
  await run(20, 2, ', upstream_execution_id', [11]);
  await run(30, 2, '', []);
  await q('DELETE FROM task_executions WHERE id = 30');
  // PostgreSQL's sequence does not see explicit ids; the app never writes them, so set it as use would have.
  if (onPostgres) await q(`SELECT setval(pg_get_serial_sequence('task_executions', 'id'), 30)`);
  const columns = `id, task_id, status, start_time, result_json, retry_of, upstream_execution_id`;
  const before = await rows(`SELECT ${columns} FROM task_executions ORDER BY id`);
  const indexesBefore = await indexNames(sequelize);
  expect(await foreignKeys(sequelize)).toEqual([
    'retry_of -> task_executions',
    'task_id -> scheduled_tasks',
    'upstream_execution_id -> task_executions',
  ]);

  expect(await migrateToLatest(sequelize)).toContain('0011-run-links-unenforced');

  expect(await rows(`SELECT ${columns} FROM task_executions ORDER BY id`)).toEqual(before);
  expect(await indexNames(sequelize)).toEqual(indexesBefore);
  expect(await foreignKeys(sequelize)).toEqual(['task_id -> scheduled_tasks']);

  // A new run never takes the deleted run's id 30.
  await q(
    `INSERT INTO task_executions (task_id, status, "trigger", start_time, created_at)
     VALUES (1, 'success', 'manual', 40, 40)`,
  );
  const [{ id: newId }] = await rows(`SELECT MAX(id) AS id FROM task_executions`);
  expect(Number(newId)).toBeGreaterThan(30);

  const db: Database = {
    sequelize,
    models: defineModels(sequelize),
    path: '',
    dialect: dialectOf(url ? 'postgres' : 'sqlite'),
    close: () => sequelize.close(),
  };
  expect((await getExecutionDetail(db, 11))?.execution.retryOf).toBe(10);
  expect((await getExecutionDetail(db, 20))?.execution.upstreamExecutionId).toBe(11);

  // Deleting task 1 cascades to its runs (10, 11 and the new one); the chain run of task 2 keeps the id of
  // the run it followed, and its detail no longer offers a link to a run that is gone.
  await q('DELETE FROM scheduled_tasks WHERE id = 1');
  expect((await rows(`SELECT id FROM task_executions ORDER BY id`)).map((r) => Number(r.id))).toEqual([20]);
  const [chainRun] = await rows(`SELECT upstream_execution_id FROM task_executions WHERE id = 20`);
  expect(Number(chainRun.upstream_execution_id)).toBe(11);
  const detail = await getExecutionDetail(db, 20);
  expect(detail?.execution.upstreamExecutionId).toBeUndefined();
  expect(detail?.execution.id).toBe(20);
});
