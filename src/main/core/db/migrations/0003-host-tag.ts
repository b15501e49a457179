// Team mode: a task can be pinned to the schedulers that carry a host tag (NULL: runs on any of them).
// The same statement on both engines.
import { runStatements } from '../ddl';
import type { Migration } from '../migrator';

export const hostTag: Migration = {
  name: '0003-host-tag',
  async up(params) {
    await runStatements(params, [`ALTER TABLE scheduled_tasks ADD COLUMN host_tag TEXT`]);
  },
};
