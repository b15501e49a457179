// The same migrations on PostgreSQL (runs when CRONKEEPER_TEST_DATABASE_URL is set): a fresh database gets
// the whole schema with 64-bit times and ids, and schedulers on several machines starting together on a new
// database migrate it once (advisory lock), without failing.
import type { Sequelize } from 'sequelize';
import { QueryTypes } from 'sequelize';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/main/core/db/connection';
import { MIGRATIONS, migrateToLatest } from '../../src/main/core/db/migrator';
import { createPostgresDatabase, onPostgres } from './test-database';

const open: Sequelize[] = [];
afterEach(async () => {
  for (const s of open.splice(0)) await s.close();
});

async function connect(url: string): Promise<Sequelize> {
  const sequelize = await openDatabase({ storage: '', url });
  open.push(sequelize);
  return sequelize;
}

describe.skipIf(!onPostgres)('migrations on PostgreSQL', () => {
  it('creates the schema with BIGINT times and ids, and records every migration once', async () => {
    const sequelize = await connect(await createPostgresDatabase());
    expect(await migrateToLatest(sequelize)).toEqual(MIGRATIONS.map((m) => m.name));
    expect(await migrateToLatest(sequelize)).toEqual([]);
    const columns = await sequelize.query<{ table_name: string; column_name: string; data_type: string }>(
      `SELECT table_name, column_name, data_type FROM information_schema.columns
        WHERE table_schema = 'public' AND table_name IN ('scheduled_tasks', 'task_executions')`,
      { type: QueryTypes.SELECT },
    );
    const type = (table: string, column: string) =>
      columns.find((c) => c.table_name === table && c.column_name === column)?.data_type;
    expect(type('scheduled_tasks', 'id')).toBe('bigint');
    expect(type('scheduled_tasks', 'next_run_at')).toBe('bigint');
    expect(type('scheduled_tasks', 'misfire_grace_seconds')).toBe('bigint');
    expect(type('scheduled_tasks', 'host_tag')).toBe('text');
    expect(type('scheduled_tasks', 'output_encoding')).toBe('text');
    expect(type('scheduled_tasks', 'success_exit_codes')).toBe('text');
    expect(type('task_executions', 'start_time')).toBe('bigint');
    expect(type('task_executions', 'heartbeat_at')).toBe('bigint');
    expect(type('task_executions', 'duration_seconds')).toBe('double precision');
    const [unique] = await sequelize.query<{ indexdef: string }>(
      `SELECT indexdef FROM pg_indexes WHERE indexname = 'uq_executions_task_slot'`,
      { type: QueryTypes.SELECT },
    );
    expect(unique.indexdef).toMatch(/UNIQUE INDEX .* \(task_id, scheduled_at\)/);
    const [def] = await sequelize.query<{ column_default: string }>(
      `SELECT column_default FROM information_schema.columns
        WHERE table_name = 'scheduled_tasks' AND column_name = 'timeout_seconds'`,
      { type: QueryTypes.SELECT },
    );
    expect(def.column_default).toBe('3600'); // 0002's new default, changed in place
  });

  it('three processes migrating one new database at once: it is migrated once, none fails', async () => {
    const url = await createPostgresDatabase();
    const connections = await Promise.all([connect(url), connect(url), connect(url)]);
    const applied = await Promise.all(connections.map((s) => migrateToLatest(s)));
    expect(applied.flat().sort()).toEqual(MIGRATIONS.map((m) => m.name).sort());
    const meta = await connections[0].query<{ n: number }>('SELECT COUNT(*) AS n FROM sequelize_meta', {
      type: QueryTypes.SELECT,
    });
    expect(meta[0].n).toBe(MIGRATIONS.length);
  });
});
