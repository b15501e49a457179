// Tags on tasks (issue #18): `tags` holds the task's tags as the user spelled them (a JSON array, '[]' for
// none), `tag_keys` the same tags case-folded between unit separators (shared/task-tags.ts), so that the
// list's tag filter is one LIKE on the row it already reads: no join, no extra statement, the same SQL on
// both engines. Two plain ADD COLUMNs with defaults: no table rebuild, existing tasks get no tags.
import { runStatements } from '../ddl';
import type { Migration } from '../migrator';

export const taskTags: Migration = {
  name: '0009-task-tags',
  async up(params) {
    await runStatements(params, [
      `ALTER TABLE scheduled_tasks ADD COLUMN tags TEXT NOT NULL DEFAULT '[]'`,
      `ALTER TABLE scheduled_tasks ADD COLUMN tag_keys TEXT NOT NULL DEFAULT ''`,
    ]);
  },
};
