// A run's links to other runs (retry_of, migration 0008; upstream_execution_id, migration 0010) stop being
// foreign keys. Why: a foreign key that points into its own table makes every deleted run a parent whose
// children must be looked up and nulled, once per key. Deleting a task with 100,000 runs went from about
// 0.2 s to 0.6 s on SQLite with the two keys (foundation bench, part c), and retention pays the same per
// deleted run. The links are kept as plain indexed ids: a record keeps which run it retried or followed even
// after retention removed that run, and readers show a link only while its run still exists
// (store/executions.ts). Run ids are never reused (AUTOINCREMENT / BIGSERIAL), so an old id cannot come to
// name a new run. The task cascade (task_id → scheduled_tasks ON DELETE CASCADE) is unchanged.
//
// SQLite cannot drop a constraint, so task_executions is rebuilt from its own stored definition with only the
// two REFERENCES clauses taken out (every column, default and index stays as it is), with foreign keys off
// around it (the migrator's rebuildsTables), and the AUTOINCREMENT counter carried over. PostgreSQL drops the
// two constraints by name, read from its catalog.
import { QueryTypes } from 'sequelize';
import { isPostgres, type MigrationParams } from '../ddl';
import type { Migration } from '../migrator';

/** The two self-references as migrations 0008 and 0010 wrote them (SQLite stores the text as written). */
const SELF_REFERENCE = /\s+REFERENCES\s+"?task_executions"?\s*\(\s*"?id"?\s*\)\s+ON\s+DELETE\s+SET\s+NULL/gi;

async function dropPostgresConstraints({ context: sequelize, transaction }: MigrationParams): Promise<void> {
  const rows = await sequelize.query<{ conname: string }>(
    `SELECT conname FROM pg_constraint
     WHERE contype = 'f' AND conrelid = 'task_executions'::regclass AND confrelid = 'task_executions'::regclass`,
    { type: QueryTypes.SELECT, transaction },
  );
  for (const { conname } of rows) {
    await sequelize.query(`ALTER TABLE task_executions DROP CONSTRAINT "${conname.replace(/"/g, '""')}"`, {
      transaction,
    });
  }
}

async function rebuildSqliteTable({ context: sequelize }: MigrationParams): Promise<void> {
  const select = <T extends object>(sql: string) => sequelize.query<T>(sql, { type: QueryTypes.SELECT });
  const [table] = await select<{ sql: string }>(
    `SELECT sql FROM sqlite_master WHERE type = 'table' AND name = 'task_executions'`,
  );
  const stripped = table.sql.replace(SELF_REFERENCE, '');
  if (stripped === table.sql) return; // nothing to take out (a hand-made schema): leave the table alone
  const indexes = await select<{ sql: string }>(
    `SELECT sql FROM sqlite_master WHERE type = 'index' AND tbl_name = 'task_executions' AND sql IS NOT NULL`,
  );
  const [sequence] = await select<{ seq: number }>(
    `SELECT seq FROM sqlite_sequence WHERE name = 'task_executions'`,
  );
  const create = stripped.replace(/^CREATE TABLE\s+"?task_executions"?/i, 'CREATE TABLE task_executions_new');
  await sequelize.query(create);
  await sequelize.query('INSERT INTO task_executions_new SELECT * FROM task_executions');
  await sequelize.query('DROP TABLE task_executions');
  await sequelize.query('ALTER TABLE task_executions_new RENAME TO task_executions');
  for (const index of indexes) await sequelize.query(index.sql);
  if (sequence) {
    // The copy set the counter to the highest id left; a deleted newer run's id must stay unused.
    await sequelize.query(`UPDATE sqlite_sequence SET seq = MAX(seq, ?) WHERE name = 'task_executions'`, {
      replacements: [Number(sequence.seq)],
    });
  }
}

export const runLinksUnenforced: Migration = {
  name: '0011-run-links-unenforced',
  rebuildsTables: true,
  async up(params) {
    if (isPostgres(params.context)) await dropPostgresConstraints(params);
    else await rebuildSqliteTable(params);
  },
};
