// The quick read path of `cronkeeper task list` and `cronkeeper history`: the same command code, run over a
// session whose calls read the SQLite file through the raw driver (core/store/quick-read/), without loading
// Sequelize, Umzug, pg or the contract's schemas (zod), which cost several times a bare Node start.
// It answers only when it is sure to answer as the normal path would; for anything else (another command,
// --help, any bad input, a query it cannot prove valid without the schemas, team mode, a missing, older or
// unusual database, a missing task, any error) it gives up before printing anything and the entry point
// runs the normal command line, which prints the answer or the error as always.
import type { ChannelInput, ChannelName, ChannelResult } from '../../shared/contract';
import { TAG_LIMITS } from '../../shared/tag-keys';
import { CLEAN_LINE, TEXT_LIMITS } from '../../shared/text-limits';
import { EXECUTION_STATUSES, TRIGGERS } from '../../shared/types';
import { readDatabaseSetting } from '../core/database-setting';
import { databasePath } from '../core/paths';
import type { QuickReader } from '../core/store/quick-read/sqlite-reader';
import { splitCommandWords, type Options } from './args';
import { historyCommand } from './commands/history';
import { taskListCommand } from './commands/task-list';
import { checkCommandArgs, dataLocation, parseCommandArgs } from './invocation';
import type { ReadCommand, ReadSession } from './read-session';
import type { Output } from './session';

/** Thrown inside the quick path: "not sure, let the normal path answer". */
class NotQuick extends Error {}

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const onlyKeys = (value: Record<string, unknown>, keys: readonly string[]) =>
  Object.keys(value).every((key) => keys.includes(key));

const intIn = (value: unknown, min: number, max: number) =>
  Number.isSafeInteger(value) && (value as number) >= min && (value as number) <= max;

/** A list of distinct known words, as the contract's enum arrays accept them. */
const knownList = (value: unknown, known: readonly string[]) =>
  Array.isArray(value) &&
  value.length <= known.length &&
  value.every((word) => typeof word === 'string' && known.includes(word));

/**
 * Whether the contract's schema certainly accepts `input` unchanged. Deliberately narrower than the schemas
 * (only what these two commands send): whatever is not accepted here goes to the normal path, which
 * validates with the schemas and reports their exact messages.
 */
export function quickInputAccepted(channel: ChannelName, input: unknown): boolean {
  if (!isRecord(input)) return false;
  switch (channel) {
    case 'tasks.list':
      return (
        onlyKeys(input, ['limit', 'sort', 'order', 'search', 'tag']) &&
        (input.search === undefined ||
          (typeof input.search === 'string' &&
            input.search.length <= TEXT_LIMITS.search &&
            CLEAN_LINE.test(input.search))) &&
        (input.tag === undefined ||
          (typeof input.tag === 'string' &&
            input.tag !== '' &&
            input.tag === input.tag.trim() &&
            input.tag.length <= TAG_LIMITS.length &&
            CLEAN_LINE.test(input.tag))) &&
        (input.limit === undefined || intIn(input.limit, 1, 10_000)) &&
        (input.sort === undefined || input.sort === 'name') &&
        (input.order === undefined || input.order === 'asc' || input.order === 'desc')
      );
    case 'executions.list':
      return (
        onlyKeys(input, ['limit', 'taskId', 'status', 'trigger']) &&
        (input.limit === undefined || intIn(input.limit, 1, 1000)) &&
        (input.taskId === undefined || intIn(input.taskId, 1, Number.MAX_SAFE_INTEGER)) &&
        (input.status === undefined || knownList(input.status, EXECUTION_STATUSES)) &&
        (input.trigger === undefined || knownList(input.trigger, TRIGGERS))
      );
    case 'tasks.get':
      return onlyKeys(input, ['id']) && intIn(input.id, 1, Number.MAX_SAFE_INTEGER);
    default:
      return false;
  }
}

/** A ReadSession over the quick reader; its output is kept until the command has finished. */
class QuickSession implements ReadSession {
  readonly positionals: string[];
  readonly lines: { stream: 'out' | 'err'; text: string }[] = [];
  readonly io: Output = {
    out: (text) => this.lines.push({ stream: 'out', text }),
    err: (text) => this.lines.push({ stream: 'err', text }),
  };

  constructor(
    private readonly reader: QuickReader,
    readonly options: Options,
  ) {
    this.positionals = options.parsed.positionals;
  }

  get json(): boolean {
    return this.options.flag('json');
  }

  async call<K extends ChannelName>(channel: K, input: ChannelInput<K>): Promise<ChannelResult<K>> {
    if (!quickInputAccepted(channel, input)) throw new NotQuick();
    const query = input as never;
    let result: unknown;
    if (channel === 'tasks.list') result = await this.reader.listTasks(query);
    else if (channel === 'executions.list') result = await this.reader.history(query);
    else result = await this.reader.task((input as ChannelInput<'tasks.get'>).id);
    // A missing task is the normal path's NOT_FOUND error, with its message and exit code.
    if (result === null) throw new NotQuick();
    return result as ChannelResult<K>;
  }
}

function readCommand(words: string[]): ReadCommand | undefined {
  const name = words.join(' ');
  return [taskListCommand, historyCommand].find((command) => command.name === name);
}

/** The command's exit code and output, or null when the normal path must answer. */
export async function quickRead(
  argv: readonly string[],
  env: NodeJS.ProcessEnv = process.env,
): Promise<{ code: number; lines: QuickSession['lines'] } | null> {
  let reader: QuickReader | null = null;
  try {
    // The same split as run.ts's; "task" is the only group these commands need to look past.
    const { words, rest } = splitCommandWords(argv, (w) =>
      w.length === 1 && w[0] === 'task' ? 'partial' : 'complete',
    );
    const command = readCommand(words);
    if (!command) return null;
    const options = parseCommandArgs(command, rest);
    if (options.flag('help') || options.flag('version')) return null;
    checkCommandArgs(command, options.parsed);
    const { dataDir, databaseUrl } = dataLocation(options, env);
    if (databaseUrl !== undefined || readDatabaseSetting(dataDir) !== undefined) return null;
    const { QuickReader } = await import('../core/store/quick-read/sqlite-reader');
    reader = await QuickReader.open(databasePath(dataDir));
    if (!reader) return null;
    const session = new QuickSession(reader, options);
    const code = await command.run(session);
    return { code, lines: session.lines };
  } catch {
    // NotQuick, a usage error or anything else: the normal path answers (and reports errors its way).
    return null;
  } finally {
    await reader?.close();
  }
}

/** Answers through the quick path and exits; false (nothing printed) when the normal path must answer. */
export async function runQuickRead(argv: readonly string[]): Promise<boolean> {
  const answer = await quickRead(argv);
  if (!answer) return false;
  for (const { stream, text } of answer.lines)
    process[stream === 'out' ? 'stdout' : 'stderr'].write(`${text}\n`);
  process.stdout.write('', () => process.exit(answer.code));
  return true;
}
