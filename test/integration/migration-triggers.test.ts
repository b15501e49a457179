// Migration 0010 (triggers) on a database holding data, on the engine under test: every task and execution
// survives, tasks read as having no triggers, and the new tables save, load and cascade. The partial unique
// index on (task_id, upstream_execution_id) is the exactly-once claim of chain runs.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { QueryTypes, type Sequelize } from 'sequelize';
import { afterEach, expect, it } from 'vitest';
import { openDatabase } from '../../src/main/core/db/connection';
import { dialectOf } from '../../src/main/core/db/dialect';
import { MIGRATIONS, migrateToLatest } from '../../src/main/core/db/migrator';
import { defineModels } from '../../src/main/core/store/models';
import type { Database } from '../../src/main/core/db/database';
import {
  allChains,
  saveTriggers,
  startupTasks,
  triggersOf,
  watchedFolders,
} from '../../src/main/core/store/triggers';
import { NO_TRIGGERS } from '../../src/shared/triggers';
import { createPostgresDatabase, onPostgres } from './test-database';

const dirs: string[] = [];
const open: Sequelize[] = [];
afterEach(async () => {
  for (const s of open.splice(0)) await s.close();
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

async function connect(): Promise<{ sequelize: Sequelize; db: Database }> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ck-mig10-'));
  dirs.push(dir);
  const url = onPostgres ? await createPostgresDatabase() : undefined;
  const sequelize = await openDatabase({ storage: path.join(dir, 'cronkeeper.db'), url });
  open.push(sequelize);
  const db: Database = {
    sequelize,
    models: null as never,
    path: dir,
    dialect: dialectOf(url ? 'postgres' : 'sqlite'),
    close: () => sequelize.close(),
  };
  return { sequelize, db };
}

const before = MIGRATIONS.filter((m) => m.name < '0010-triggers');

it('upgrades a populated database: rows kept, no triggers; then saves, loads, claims and cascades', async () => {
  const { sequelize, db } = await connect();
  await migrateToLatest(sequelize, before);
  const q = (sql: string, replacements: unknown[] = []) => sequelize.query(sql, { replacements });
  for (const id of [1, 2, 3]) {
    await q(
      `INSERT INTO scheduled_tasks (id, name, command, cron_expression, timezone, enabled, created_at, updated_at)
       VALUES (?, ?, 'echo hi', '0 * * * *', 'UTC', ?, 1, 1)`,
      [id, `任务 ${id}`, id === 3 ? 0 : 1],
    );
  }
  for (const [id, task] of [
    [10, 1],
    [11, 1],
    [12, 2],
  ]) {
    await q(
      `INSERT INTO task_executions (id, task_id, status, "trigger", start_time, created_at, result_json)
       VALUES (?, ?, 'success', 'schedule', ?, ?, '{"rows":1}')`,
      [id, task, id, id],
    );
  }
  expect(await migrateToLatest(sequelize)).toContain('0010-triggers');
  defineModels(sequelize);

  const count = async (table: string) =>
    Number(
      (
        await sequelize.query<{ n: number }>(`SELECT COUNT(*) AS n FROM ${table}`, {
          type: QueryTypes.SELECT,
        })
      )[0].n,
    );
  expect(await count('scheduled_tasks')).toBe(3);
  expect(await count('task_executions')).toBe(3);
  expect((await triggersOf(db, [1, 2])).get(1)).toEqual(NO_TRIGGERS);

  await saveTriggers(db, 2, {
    ...NO_TRIGGERS,
    chains: [{ upstreamTaskId: 1, condition: 'success' }],
    onStartup: true,
    startupDelaySeconds: 30,
    watch: { folder: '/data/inbox', glob: '*.csv', debounceMs: 2000 },
    keepAwake: true,
    webhookMode: 'custom',
    webhookUrl: 'https://example.com/hook',
    webhookOn: 'always',
    webhookSecret: 'k',
  });
  await saveTriggers(db, 3, {
    ...NO_TRIGGERS,
    onStartup: true,
    chains: [{ upstreamTaskId: 2, condition: 'failure' }],
  });
  const loaded = (await triggersOf(db)).get(2)!;
  expect(loaded).toMatchObject({
    chains: [{ upstreamTaskId: 1, condition: 'success' }],
    onStartup: true,
    startupDelaySeconds: 30,
    watch: { folder: '/data/inbox', glob: '*.csv', debounceMs: 2000 },
    keepAwake: true,
    onlyOnAc: false,
    webhookUrl: 'https://example.com/hook',
  });
  // Task 3 is disabled: no start-up run, no watcher.
  expect(await startupTasks(db)).toEqual([{ taskId: 2, delaySeconds: 30 }]);
  expect((await watchedFolders(db)).map((w) => w.taskId)).toEqual([2]);
  // Saving again replaces, never duplicates.
  await saveTriggers(db, 2, { ...loaded, chains: [{ upstreamTaskId: 1, condition: 'always' }] });
  expect(await allChains(db)).toEqual([
    { taskId: 2, upstreamTaskId: 1, condition: 'always' },
    { taskId: 3, upstreamTaskId: 2, condition: 'failure' },
  ]);

  // One chain run per upstream run: a second claim of the same (task, upstream execution) is refused.
  const claim = () =>
    q(
      `INSERT INTO task_executions (task_id, status, "trigger", start_time, created_at, upstream_execution_id)
       VALUES (2, 'running', 'chain', 20, 20, 10)`,
    );
  await claim();
  await expect(claim()).rejects.toMatchObject({ name: 'SequelizeUniqueConstraintError' });

  // Deleting the upstream task removes its links (and the downstream task's triggers stay).
  await q(`DELETE FROM scheduled_tasks WHERE id = 1`);
  expect(await allChains(db)).toEqual([{ taskId: 3, upstreamTaskId: 2, condition: 'failure' }]);
  expect(await count('task_executions')).toBe(2); // 12 and task 2's chain run; 10 and 11 went with task 1
  // The chain run's upstream was deleted with task 1: the run stays and keeps the id of the run it followed
  // (a plain id since migration 0011; its detail stops offering the link, run-links-migration.test.ts).
  const [run] = await sequelize.query<{ upstream_execution_id: number | null }>(
    `SELECT upstream_execution_id FROM task_executions WHERE "trigger" = 'chain'`,
    { type: QueryTypes.SELECT },
  );
  expect(Number(run.upstream_execution_id)).toBe(10);
  // Deleting task 2 removes its trigger row and its links.
  await q(`DELETE FROM scheduled_tasks WHERE id = 2`);
  expect(await count('task_triggers')).toBe(1);
  expect(await allChains(db)).toEqual([]);
});
