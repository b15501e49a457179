// A running execution can be paused (its process tree stopped with SIGSTOP) and resumed. `paused_at` says
// since when it is paused (NULL: not paused), so every process and machine shows it; `pause_request`
// ('pause' or 'resume') carries the wish of a process that does not run it to the one that does, like
// cancel_request. Two plain ADD COLUMNs: no table rebuild. The same statements on both engines.
import { runStatements } from '../ddl';
import type { Migration } from '../migrator';

export const runPause: Migration = {
  name: '0005-run-pause',
  async up(params) {
    await runStatements(params, [
      'ALTER TABLE task_executions ADD COLUMN paused_at BIGINT',
      'ALTER TABLE task_executions ADD COLUMN pause_request TEXT',
    ]);
  },
};
