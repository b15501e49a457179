// The first schema. Never edit a migration that has shipped: add a new one. (On PostgreSQL, runStatements
// maps the column types; SQLite gets these statements as they are.)
import { runStatements } from '../ddl';
import type { Migration } from '../migrator';

export const initial: Migration = {
  name: '0001-initial',
  async up(params) {
    const statements = [
      `CREATE TABLE scheduled_tasks (
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
        timeout_seconds INTEGER NOT NULL DEFAULT 0,
        max_retries INTEGER NOT NULL DEFAULT 0,
        retry_delay_seconds INTEGER NOT NULL DEFAULT 60,
        overlap_policy TEXT NOT NULL DEFAULT 'skip',
        misfire_policy TEXT NOT NULL DEFAULT 'run-once',
        notify_on TEXT NOT NULL DEFAULT 'failure',
        next_run_at INTEGER,
        created_at INTEGER NOT NULL,
        updated_at INTEGER NOT NULL
      )`,
      `CREATE TABLE task_executions (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        task_id INTEGER NOT NULL REFERENCES scheduled_tasks(id) ON DELETE CASCADE,
        status TEXT NOT NULL,
        "trigger" TEXT NOT NULL,
        scheduled_at INTEGER,
        start_time INTEGER NOT NULL,
        end_time INTEGER,
        duration_seconds REAL,
        exit_code INTEGER,
        result_json TEXT,
        error_message TEXT,
        retry_count INTEGER NOT NULL DEFAULT 0,
        pid INTEGER,
        log_path TEXT,
        created_at INTEGER NOT NULL
      )`,
      `CREATE INDEX idx_executions_task_start ON task_executions (task_id, start_time)`,
      `CREATE INDEX idx_executions_status ON task_executions (status)`,
      `CREATE INDEX idx_executions_start ON task_executions (start_time)`,
      `CREATE UNIQUE INDEX uq_executions_task_slot ON task_executions (task_id, scheduled_at)`,
      `CREATE TABLE settings (key TEXT PRIMARY KEY, value_json TEXT NOT NULL)`,
    ];
    await runStatements(params, statements);
  },
};
