// A database created at the first schema, with data in it, upgraded to the latest: nothing may be lost.
// 0002 rebuilds scheduled_tasks; with foreign keys on, dropping the old table would cascade-delete every
// execution, so this test is the guard for the migrator's foreign-keys-off handling.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { QueryTypes, UniqueConstraintError, type Sequelize } from 'sequelize';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { openDatabase } from '../../src/main/core/db/connection';
import { MIGRATIONS, migrateToLatest } from '../../src/main/core/db/migrator';

let dir: string;
let sequelize: Sequelize;

beforeEach(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ck-'));
  sequelize = await openDatabase({ storage: path.join(dir, 'cronkeeper.db') });
});
afterEach(async () => {
  await sequelize.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

const select = <T extends object>(sql: string, replacements: unknown[] = []) =>
  sequelize.query<T>(sql, { replacements, type: QueryTypes.SELECT });

const TASK_COLUMNS = `id, name, description, command, working_dir, env_json, cron_expression, timezone, enabled,
  paused, timeout_seconds, max_retries, retry_delay_seconds, overlap_policy, misfire_policy, notify_on,
  next_run_at, created_at, updated_at`;
const EXECUTION_COLUMNS = `id, task_id, status, "trigger", scheduled_at, start_time, end_time, duration_seconds,
  exit_code, result_json, error_message, retry_count, pid, log_path, created_at`;

async function seedFirstSchema(): Promise<void> {
  expect(await migrateToLatest(sequelize, MIGRATIONS.slice(0, 1))).toEqual(['0001-initial']);
  for (let t = 1; t <= 5; t++) {
    await sequelize.query(
      `INSERT INTO scheduled_tasks (${TASK_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      {
        replacements: [
          t * 10,
          `任务 ${t} 🚀`,
          `description ${t}`,
          `echo ${t}`,
          t % 2 ? '/tmp' : '',
          JSON.stringify({ N: String(t) }),
          `${t} * * * *`,
          t % 2 ? 'Asia/Shanghai' : 'UTC',
          t % 2,
          t === 3 ? 1 : 0,
          t * 100,
          t,
          t * 7,
          'queue',
          'run-all',
          'always',
          t === 5 ? null : 1_700_000_000_000 + t,
          1_600_000_000_000 + t,
          1_650_000_000_000 + t,
        ],
      },
    );
    for (let e = 0; e < 20; e++) {
      await sequelize.query(
        `INSERT INTO task_executions (${EXECUTION_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        {
          replacements: [
            null,
            t * 10,
            e % 3 ? 'success' : 'failed',
            e % 2 ? 'schedule' : 'manual',
            e % 2 ? 1_700_000_000_000 + e * 60_000 : null,
            1_700_000_000_000 + e * 60_000,
            1_700_000_000_000 + e * 60_000 + 1500,
            1.5,
            e % 3 ? 0 : 1,
            JSON.stringify({ message: `结果 ${e}`, total: e }),
            e % 3 ? null : 'exit 1',
            e % 4,
            1000 + e,
            `/logs/${t}-${e}.log`,
            1_700_000_000_000 + e,
          ],
        },
      );
    }
  }
}

it('upgrades a populated first-schema database without losing a row or a value', async () => {
  await seedFirstSchema();
  const tasksBefore = await select<Record<string, unknown>>(
    `SELECT ${TASK_COLUMNS} FROM scheduled_tasks ORDER BY id`,
  );
  const executionsBefore = await select<Record<string, unknown>>(
    `SELECT ${EXECUTION_COLUMNS} FROM task_executions ORDER BY id`,
  );
  expect(tasksBefore).toHaveLength(5);
  expect(executionsBefore).toHaveLength(100);

  expect(await migrateToLatest(sequelize)).toEqual(MIGRATIONS.slice(1).map((m) => m.name));

  expect(await select(`SELECT ${TASK_COLUMNS} FROM scheduled_tasks ORDER BY id`)).toEqual(tasksBefore);
  expect(await select(`SELECT ${EXECUTION_COLUMNS} FROM task_executions ORDER BY id`)).toEqual(
    executionsBefore,
  );
  // New columns: the default for old rows, NULL where there is none.
  const added = await select<{ g: number; s: number | null; p: number | null }>(
    `SELECT t.misfire_grace_seconds AS g, t.last_slot_at AS s, NULL AS p FROM scheduled_tasks t`,
  );
  expect(added.every((r) => r.g === 3600 && r.s === null)).toBe(true);
  const execAdded = await select<{ n: number }>(
    'SELECT COUNT(*) AS n FROM task_executions WHERE pid_started_at IS NULL AND heartbeat_at IS NULL AND host IS NULL AND retry_of IS NULL',
  );
  expect(execAdded[0].n).toBe(100);
  // 0006: every old task decodes as before ('auto') and succeeds on 0 only.
  const output = await select<{ e: string; c: string }>(
    'SELECT output_encoding AS e, success_exit_codes AS c FROM scheduled_tasks',
  );
  expect(output).toEqual(Array.from({ length: 5 }, () => ({ e: 'auto', c: '[0]' })));

  // Umzug's SequelizeMeta model; the connection's underscored naming stores it as sequelize_meta.
  const meta = await select<{ name: string }>('SELECT name FROM sequelize_meta ORDER BY name');
  expect(meta.map((m) => m.name)).toEqual(MIGRATIONS.map((m) => m.name));
  expect(await migrateToLatest(sequelize)).toEqual([]); // nothing left to apply
});

it('keeps the indexes, the unique slot, the foreign key and its cascade working after the upgrade', async () => {
  await seedFirstSchema();
  await migrateToLatest(sequelize);

  const indexes = (await select<{ name: string }>(`PRAGMA index_list('task_executions')`)).map((i) => i.name);
  for (const name of [
    'idx_executions_retry_of',
    'idx_executions_task_start',
    'idx_executions_status',
    'idx_executions_start',
    'uq_executions_task_slot',
  ]) {
    expect(indexes).toContain(name);
  }
  const fks = await select<{ table: string; on_delete: string }>(
    `PRAGMA foreign_key_list('task_executions')`,
  );
  // The one foreign key is the task cascade. The run-to-run links of 0008 (retry_of) and 0010
  // (upstream_execution_id) were foreign keys until 0011 made them plain ids (run-links-migration.test.ts).
  expect(fks).toEqual([expect.objectContaining({ table: 'scheduled_tasks', on_delete: 'CASCADE' })]);
  expect(await select('PRAGMA foreign_key_check')).toEqual([]);
  expect((await select<{ foreign_keys: number }>('PRAGMA foreign_keys'))[0].foreign_keys).toBe(1);

  // The unique (task_id, scheduled_at) still refuses a second record of one slot.
  const [slot] = await select<{ task_id: number; scheduled_at: number }>(
    'SELECT task_id, scheduled_at FROM task_executions WHERE scheduled_at IS NOT NULL LIMIT 1',
  );
  await expect(
    sequelize.query(
      `INSERT INTO task_executions (task_id, status, "trigger", scheduled_at, start_time, created_at)
       VALUES (?, 'skipped', 'schedule', ?, 1, 1)`,
      { replacements: [slot.task_id, slot.scheduled_at] },
    ),
  ).rejects.toBeInstanceOf(UniqueConstraintError);

  // The foreign key is enforced, and deleting a task cascades to exactly its executions.
  await expect(
    sequelize.query(
      `INSERT INTO task_executions (task_id, status, "trigger", start_time, created_at) VALUES (999, 'success', 'manual', 1, 1)`,
    ),
  ).rejects.toThrow(/FOREIGN KEY/);
  await sequelize.query('DELETE FROM scheduled_tasks WHERE id = 20');
  const counts = await select<{ task_id: number; n: number }>(
    'SELECT task_id, COUNT(*) AS n FROM task_executions GROUP BY task_id ORDER BY task_id',
  );
  expect(counts).toEqual([10, 30, 40, 50].map((task_id) => ({ task_id, n: 20 })));

  // New tasks get the new defaults and AUTOINCREMENT continues past the old ids.
  await sequelize.query(
    `INSERT INTO scheduled_tasks (name, command, cron_expression, timezone, created_at, updated_at)
     VALUES ('new', 'true', '* * * * *', 'UTC', 1, 1)`,
  );
  const [fresh] = await select<{ id: number; timeout_seconds: number }>(
    `SELECT id, timeout_seconds FROM scheduled_tasks WHERE name = 'new'`,
  );
  expect(fresh.timeout_seconds).toBe(3600);
  expect(fresh.id).toBeGreaterThan(50);
});

it('would lose every execution if the rebuild ran with foreign keys on (why the migrator switches them off)', async () => {
  await seedFirstSchema();
  const unguarded = MIGRATIONS.map((m) => ({ ...m, rebuildsTables: false }));
  await migrateToLatest(sequelize, unguarded);
  const [{ n }] = await select<{ n: number }>('SELECT COUNT(*) AS n FROM task_executions');
  expect(n).toBe(0);
});

it('checks an up-to-date database with two reads, and still applies a migration added later', async () => {
  const storage = path.join(dir, 'counted.db');
  const statements: string[] = [];
  const counted = await openDatabase({ storage, onQuery: (sql) => statements.push(sql) });
  try {
    expect(await migrateToLatest(counted)).toEqual(MIGRATIONS.map((m) => m.name));
    statements.length = 0;
    expect(await migrateToLatest(counted)).toEqual([]);
    // No Umzug: it would create its table and read it through its model, a third statement at least.
    expect(statements).toHaveLength(2);
    expect(statements.every((sql) => /^Executing \(default\): SELECT /.test(sql))).toBe(true);

    const later = {
      name: '9999-later',
      up: async ({ context }: { context: Sequelize }) => {
        await context.query('CREATE TABLE later_table (id INTEGER PRIMARY KEY)');
      },
    };
    expect(await migrateToLatest(counted, [...MIGRATIONS, later])).toEqual(['9999-later']);
    const table = await counted.query("SELECT name FROM sqlite_master WHERE name = 'later_table'", {
      type: QueryTypes.SELECT,
    });
    expect(table).toHaveLength(1);
  } finally {
    await counted.close();
  }
});
