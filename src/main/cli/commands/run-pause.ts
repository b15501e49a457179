// `cronkeeper pause ID` and `cronkeeper resume ID`: stop a running execution's processes where they are
// (SIGSTOP on the whole process tree) and let them go on later, wherever the run runs (as for `cancel`, a
// run of another process or machine gets the request through its row within about 2 s). Not on Windows.
import type { PositionalSpec } from '../args';
import { parseId } from '../args';
import type { Command } from '../command';
import { EXIT_FAILED, EXIT_OK } from '../errors';
import { toJson } from '../format';

const EXECUTION_ID: PositionalSpec[] = [
  { name: 'ID', required: true, help: 'Execution id (see `history --status running`)' },
];

function pauseCommand(pause: boolean): Command {
  const verb = pause ? 'pause' : 'resume';
  return {
    name: verb,
    summary: pause
      ? 'Pause a running execution (its processes stop until resumed)'
      : 'Resume a paused execution',
    positionals: EXECUTION_ID,
    details:
      `Exits 0 when the execution was ${pause ? 'paused' : 'resumed'}, 1 when it was not running or already ` +
      `${pause ? 'paused' : 'running'} (nothing is changed then).\n` +
      'The timeout does not count the time a run spends paused. Not available on Windows.',
    async run(session) {
      const id = parseId('execution id', session.positionals[0]);
      const changed = pause
        ? (await session.call('executions.pause', { id })).paused
        : (await session.call('executions.resume', { id })).resumed;
      const execution = await session.call('executions.get', { id });
      const paused = execution.pausedAt != null;
      if (session.json) session.io.out(toJson({ changed, status: execution.status, paused }));
      else if (changed) session.io.out(`Execution #${id}: ${pause ? 'paused' : 'resumed'}`);
      else if (execution.status !== 'running') {
        session.io.out(`Execution #${id} is not running (${execution.status}); nothing to ${verb}`);
      } else session.io.out(`Execution #${id} is already ${paused ? 'paused' : 'running'}`);
      return changed ? EXIT_OK : EXIT_FAILED;
    },
  };
}

export const pauseRunCommand = pauseCommand(true);
export const resumeRunCommand = pauseCommand(false);
