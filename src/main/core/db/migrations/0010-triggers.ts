// Triggers beyond cron (issue #16). A task's trigger settings live in their own one-row-per-task table, and
// its chain links (run after another task's run) in another, both cascading with the task, so the task row
// and its hot list query stay as they are. Executions gain:
// - upstream_execution_id: the run whose end started this chain run. The partial unique index with task_id
//   is the claim: one downstream run per upstream run, also across processes and machines;
// - trigger_detail: JSON about what started a run (the changed files of a file trigger, capped);
// - webhook_outcome: JSON with the last webhook delivery's outcome, shown in the drawer.
// Plain CREATE TABLE / ADD COLUMN on both engines: no table rebuild.
import { runStatements } from '../ddl';
import type { Migration } from '../migrator';

export const triggers: Migration = {
  name: '0010-triggers',
  async up(params) {
    await runStatements(params, [
      `CREATE TABLE task_triggers (
        task_id INTEGER PRIMARY KEY REFERENCES scheduled_tasks(id) ON DELETE CASCADE,
        on_startup INTEGER NOT NULL DEFAULT 0,
        startup_delay_seconds INTEGER NOT NULL DEFAULT 0,
        watch_folder TEXT,
        watch_glob TEXT,
        watch_debounce_ms INTEGER NOT NULL DEFAULT 2000,
        only_on_ac INTEGER NOT NULL DEFAULT 0,
        stop_on_battery INTEGER NOT NULL DEFAULT 0,
        keep_awake INTEGER NOT NULL DEFAULT 0,
        webhook_mode TEXT NOT NULL DEFAULT 'default',
        webhook_url TEXT,
        webhook_on TEXT NOT NULL DEFAULT 'failure',
        webhook_secret TEXT
      )`,
      `CREATE TABLE task_chains (
        task_id INTEGER NOT NULL REFERENCES scheduled_tasks(id) ON DELETE CASCADE,
        upstream_task_id INTEGER NOT NULL REFERENCES scheduled_tasks(id) ON DELETE CASCADE,
        "condition" TEXT NOT NULL,
        PRIMARY KEY (task_id, upstream_task_id)
      )`,
      `CREATE INDEX idx_chains_upstream ON task_chains (upstream_task_id)`,
      `ALTER TABLE task_executions ADD COLUMN upstream_execution_id INTEGER REFERENCES task_executions(id) ON DELETE SET NULL`,
      `CREATE UNIQUE INDEX uq_executions_task_upstream ON task_executions (task_id, upstream_execution_id)
        WHERE upstream_execution_id IS NOT NULL`,
      `ALTER TABLE task_executions ADD COLUMN trigger_detail TEXT`,
      `ALTER TABLE task_executions ADD COLUMN webhook_outcome TEXT`,
    ]);
  },
};
