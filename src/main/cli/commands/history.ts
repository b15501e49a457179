// `cronkeeper history`: the newest executions, optionally of one task and some statuses.
import { EXECUTION_STATUSES, TRIGGERS, type ExecutionStatus, type Trigger } from '../../../shared/types';
import { parseId } from '../args';
import { CliError, EXIT_OK } from '../errors';
import { historyTable, toJson } from '../format';
import type { ReadCommand } from '../read-session';

/** "failed,timed_out" -> ['failed', 'timed_out'], refusing unknown words with the list of known ones. */
function parseList<T extends string>(
  option: string,
  raw: string | undefined,
  known: readonly T[],
): T[] | undefined {
  if (raw === undefined) return undefined;
  const words = raw.split(',').map((word) => word.trim());
  for (const word of words) {
    if (!known.includes(word as T))
      throw new CliError(`--${option}: unknown value '${word}' (one of ${known.join(', ')})`);
  }
  return [...new Set(words)] as T[];
}

// Only reads: the quick read path (../quick-read.ts) runs it too.
export const historyCommand: ReadCommand = {
  name: 'history',
  summary: 'Show recent executions, newest first',
  options: [
    { name: 'task', kind: 'string', value: 'ID', help: 'Only this task' },
    {
      name: 'status',
      kind: 'string',
      value: 'S[,S...]',
      help: `Only these statuses (${EXECUTION_STATUSES.join(', ')})`,
    },
    {
      name: 'trigger',
      kind: 'string',
      value: 'T[,T...]',
      help: `Only these triggers (${TRIGGERS.join(', ')})`,
    },
    { name: 'limit', kind: 'int', value: 'N', help: 'At most N executions (1-1000, default 50)' },
  ],
  async run(session) {
    const { options } = session;
    const rawTask = options.string('task');
    const taskId = rawTask === undefined ? undefined : parseId('--task', rawTask);
    const status = parseList<ExecutionStatus>('status', options.string('status'), EXECUTION_STATUSES);
    const trigger = parseList<Trigger>('trigger', options.string('trigger'), TRIGGERS);
    const query = {
      limit: options.int('limit') ?? 50,
      ...(taskId !== undefined ? { taskId } : {}),
      ...(status ? { status } : {}),
      ...(trigger ? { trigger } : {}),
    };
    // A missing task is an error, not an empty history: the user most likely mistyped the id.
    if (taskId !== undefined) await session.call('tasks.get', { id: taskId });
    const { items } = await session.call('executions.list', query);
    session.io.out(session.json ? toJson(items) : historyTable(items));
    return EXIT_OK;
  },
};
