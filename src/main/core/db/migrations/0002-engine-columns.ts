// Columns the scheduling engine needs, and a default change on scheduled_tasks. SQLite cannot change a
// column default in place, so scheduled_tasks is rebuilt. Dropping the parent table with foreign keys on
// would cascade-delete every execution: the migrator runs with foreign_keys OFF (it cannot be switched
// inside a transaction) and checks integrity before switching them back on.
// PostgreSQL changes the default in place instead (dropping the parent table there would drop the
// foreign key of task_executions); the resulting columns are the same.
import { isPostgres, runStatements } from '../ddl';
import type { Migration } from '../migrator';

const COMMON = [
  // pid_started_at lets recovery tell our process from an unrelated one that reused the pid.
  `ALTER TABLE task_executions ADD COLUMN pid_started_at INTEGER`,
  `ALTER TABLE task_executions ADD COLUMN heartbeat_at INTEGER`,
  `ALTER TABLE task_executions ADD COLUMN host TEXT`,
  `CREATE TABLE scheduler_leases (
    name TEXT PRIMARY KEY,
    holder TEXT NOT NULL,
    pid INTEGER NOT NULL,
    hostname TEXT NOT NULL,
    heartbeat_at INTEGER NOT NULL
  )`,
];

const POSTGRES = [
  `ALTER TABLE scheduled_tasks ALTER COLUMN timeout_seconds SET DEFAULT 3600`,
  `ALTER TABLE scheduled_tasks ADD COLUMN misfire_grace_seconds INTEGER NOT NULL DEFAULT 3600`,
  `ALTER TABLE scheduled_tasks ADD COLUMN last_slot_at INTEGER`,
  ...COMMON,
];

export const engineColumns: Migration = {
  name: '0002-engine-columns',
  rebuildsTables: true,
  async up(params) {
    if (isPostgres(params.context)) return runStatements(params, POSTGRES);
    const statements = [
      `CREATE TABLE scheduled_tasks_new (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        name TEXT NOT NULL UNIQUE,
        description TEXT NOT NULL DEFAULT '',
        command TEXT NOT NULL,
        working_dir TEXT NOT NULL DEFAULT '',
        env_json TEXT NOT NULL DEFAULT '{}',
        cron_expression TEXT NOT NULL,
        timezone TEXT NOT NULL,
        enabled INTEGER NOT NULL DEFAULT 1,
        paused INTEGER NOT NULL DEFAULT 0,
        timeout_seconds INTEGER NOT NULL DEFAULT 3600,
        max_retries INTEGER NOT NULL DEFAULT 0,
        retry_delay_seconds INTEGER NOT NULL DEFAULT 60,
        overlap_policy TEXT NOT NULL DEFAULT 'skip',
        misfire_policy TEXT NOT NULL DEFAULT 'run-once',
        misfire_grace_seconds INTEGER NOT NULL DEFAULT 3600,
        notify_on TEXT NOT NULL DEFAULT 'failure',
        next_run_at INTEGER,
        last_slot_at INTEGER,
        created_at INTEGER NOT NULL,
        updated_at INTEGER NOT NULL
      )`,
      `INSERT INTO scheduled_tasks_new (id, name, description, command, working_dir, env_json, cron_expression,
         timezone, enabled, paused, timeout_seconds, max_retries, retry_delay_seconds, overlap_policy,
         misfire_policy, notify_on, next_run_at, created_at, updated_at)
       SELECT id, name, description, command, working_dir, env_json, cron_expression, timezone, enabled, paused,
         timeout_seconds, max_retries, retry_delay_seconds, overlap_policy, misfire_policy, notify_on,
         next_run_at, created_at, updated_at FROM scheduled_tasks`,
      `DROP TABLE scheduled_tasks`,
      `ALTER TABLE scheduled_tasks_new RENAME TO scheduled_tasks`,
      ...COMMON,
    ];
    await runStatements(params, statements);
  },
};
