// A run can be cancelled from any process: the UI of another machine in team mode, or the app while the CLI
// runs a task by itself. The process that runs it sees the request on its next heartbeat and stops it.
// The column holds the reason ('user' or 'replace'); NULL means nobody asked. The same statement on both engines.
import { runStatements } from '../ddl';
import type { Migration } from '../migrator';

export const cancelRequest: Migration = {
  name: '0004-cancel-request',
  async up(params) {
    await runStatements(params, [`ALTER TABLE task_executions ADD COLUMN cancel_request TEXT`]);
  },
};
