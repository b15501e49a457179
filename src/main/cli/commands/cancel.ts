// `cronkeeper cancel ID`: stops a running or queued execution, wherever it runs: in `serve` or the app on
// this data folder, in another `task run`, or on another machine of a team database (the request goes
// through its row and the process running it stops the whole process tree within about 2 s).
import type { PositionalSpec } from '../args';
import { parseId } from '../args';
import type { Command } from '../command';
import { EXIT_FAILED, EXIT_OK } from '../errors';
import { toJson } from '../format';

const EXECUTION_ID: PositionalSpec[] = [
  { name: 'ID', required: true, help: 'Execution id (see `history --status running,queued`)' },
];

export const cancelCommand: Command = {
  name: 'cancel',
  summary: 'Cancel a running or queued execution',
  positionals: EXECUTION_ID,
  details:
    'Exits 0 when the execution was cancelled, 1 when it had already ended (nothing is changed then).\n' +
    'A run in another process or on another machine is asked to stop; this waits a few seconds for it.',
  async run(session) {
    const id = parseId('execution id', session.positionals[0]);
    const { cancelled } = await session.call('executions.cancel', { id });
    const execution = await session.call('executions.get', { id });
    if (session.json) session.io.out(toJson({ cancelled, status: execution.status }));
    else if (cancelled) session.io.out(`Execution #${id}: cancel requested; now ${execution.status}`);
    else session.io.out(`Execution #${id} had already ended (${execution.status}); nothing to cancel`);
    return cancelled ? EXIT_OK : EXIT_FAILED;
  },
};
