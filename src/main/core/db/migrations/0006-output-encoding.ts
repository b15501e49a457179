// Two task settings for running right on every OS (issue #20):
// - output_encoding: how the task's output bytes are decoded ('auto', 'utf-8', 'gbk', 'shift_jis',
//   'cp1252'…); console programs on Windows write in the system code page, not UTF-8.
// - success_exit_codes: a JSON array of the exit codes that count as success (robocopy's 1 is success).
// Existing tasks keep today's behaviour through the defaults ('auto', [0]). Two plain ADD COLUMNs with a
// default: no table rebuild, and the same statements on both engines.
import { runStatements } from '../ddl';
import type { Migration } from '../migrator';

export const outputEncoding: Migration = {
  name: '0006-output-encoding',
  async up(params) {
    await runStatements(params, [
      `ALTER TABLE scheduled_tasks ADD COLUMN output_encoding TEXT NOT NULL DEFAULT 'auto'`,
      `ALTER TABLE scheduled_tasks ADD COLUMN success_exit_codes TEXT NOT NULL DEFAULT '[0]'`,
    ]);
  },
};
