// Columns the scheduling engine needs, and a default change on scheduled_tasks. SQLite cannot change a
// column default in place, so scheduled_tasks is rebuilt. Dropping the parent table with foreign keys on
// would cascade-delete every execution: the migrator runs with foreign_keys OFF (it cannot be switched
// inside a transaction) and checks integrity before switching them back on.
import type { Migration } from '../migrator';

export const engineColumns: Migration = {
  name: '0002-engine-columns',
  rebuildsTables: true,
  async up({ context: sequelize }) {
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
    for (const sql of statements) await sequelize.query(sql);
  },
};
