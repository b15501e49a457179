// A retry run names the run it retried: `retry_of` (NULL for every other run, and for retries made before
// this migration, whose origin was never recorded). ON DELETE SET NULL: when retention deletes the retried
// run, its retry stays and only loses the link. A plain ADD COLUMN with REFERENCES is allowed by SQLite
// (the default is NULL), so there is no table rebuild. The index serves "the retries of run N".
import { runStatements } from '../ddl';
import type { Migration } from '../migrator';

export const retryOf: Migration = {
  name: '0008-retry-of',
  async up(params) {
    await runStatements(params, [
      'ALTER TABLE task_executions ADD COLUMN retry_of INTEGER REFERENCES task_executions(id) ON DELETE SET NULL',
      'CREATE INDEX idx_executions_retry_of ON task_executions (retry_of)',
    ]);
  },
};
