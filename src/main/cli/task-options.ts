// The task options shared by `task add` and `task edit`, and the mapping between them and TaskInput
// fields (both ways: options -> input, and a field named in an error -> the option the user typed).
import path from 'node:path';
import type { OptionSpec, Options } from './args';
import type { TaskInput } from '../../shared/types';
import { parseExitCodeList } from '../../shared/task-output';
import { CliError } from './errors';
import { EDIT_TRIGGER_OPTIONS, TRIGGER_OPTIONS, triggerFieldToOption } from './trigger-options';

interface TaskOption extends OptionSpec {
  /** The TaskInput field this option sets (env is handled separately). */
  field?: keyof TaskInput;
}

export const TASK_OPTIONS: TaskOption[] = [
  { name: 'name', kind: 'string', value: 'NAME', help: 'Task name (unique)', field: 'name' },
  {
    name: 'cron',
    kind: 'string',
    value: 'EXPR',
    help: 'Cron schedule, 5 or 6 fields',
    field: 'cronExpression',
  },
  { name: 'command', kind: 'string', value: 'CMD', help: 'Shell command to run', field: 'command' },
  { name: 'cwd', kind: 'string', value: 'DIR', help: 'Working folder', field: 'workingDir' },
  {
    name: 'tz',
    kind: 'string',
    value: 'ZONE',
    help: 'IANA time zone (default: the system zone)',
    field: 'timezone',
  },
  {
    name: 'timeout',
    kind: 'int',
    value: 'S',
    help: 'Kill the run after S seconds (0 = never)',
    field: 'timeoutSeconds',
  },
  { name: 'retries', kind: 'int', value: 'N', help: 'Retries after a failure (0-10)', field: 'maxRetries' },
  {
    name: 'retry-delay',
    kind: 'int',
    value: 'S',
    help: 'Seconds before the first retry',
    field: 'retryDelaySeconds',
  },
  {
    name: 'overlap',
    kind: 'string',
    value: 'skip|queue|parallel|replace',
    help: 'When the previous run is still going',
    field: 'overlapPolicy',
  },
  {
    name: 'misfire',
    kind: 'string',
    value: 'skip|run-once|run-all',
    help: 'Slots missed while asleep or stopped',
    field: 'misfirePolicy',
  },
  {
    name: 'misfire-grace',
    kind: 'int',
    value: 'S',
    help: 'How late a missed slot may still run',
    field: 'misfireGraceSeconds',
  },
  { name: 'env', kind: 'list', value: 'K=V', help: 'Environment variable (repeatable)', field: 'env' },
  { name: 'description', kind: 'string', value: 'TEXT', help: 'Free text', field: 'description' },
  {
    name: 'notify',
    kind: 'string',
    value: 'never|failure|always|change',
    help: 'When to notify',
    field: 'notifyOn',
  },
  {
    name: 'host-tag',
    kind: 'string',
    value: 'TAG',
    help: 'Team mode: run only on schedulers started with this --host-tag ("" = anywhere)',
    field: 'hostTag',
  },
  {
    name: 'encoding',
    kind: 'string',
    value: 'NAME',
    help: 'Output encoding: auto (default), utf-8, gbk, shift_jis, cp1252…',
    field: 'outputEncoding',
  },
  {
    name: 'success-codes',
    kind: 'string',
    value: 'LIST',
    help: 'Exit codes that mean success, e.g. 0,1 or 0-7 (default 0)',
    field: 'successExitCodes',
  },
  {
    name: 'tag',
    kind: 'list',
    value: 'TAG',
    help: 'A tag (repeatable; at most 20, each at most 40 characters); edit adds it',
    field: 'tags',
  },
  { name: 'disabled', kind: 'flag', help: 'Create or set the task disabled', field: 'enabled' },
  { name: 'paused', kind: 'flag', help: 'Create or set the task paused', field: 'paused' },
];

/** Options only `task edit` has, to change the environment without retyping it. */
export const EDIT_ONLY_OPTIONS: OptionSpec[] = [
  { name: 'enabled', kind: 'flag', help: 'Enable the task' },
  { name: 'unset-env', kind: 'list', value: 'K', help: 'Remove an environment variable (repeatable)' },
  { name: 'clear-env', kind: 'flag', help: 'Remove every environment variable first' },
  { name: 'untag', kind: 'list', value: 'TAG', help: 'Remove a tag, ignoring case (repeatable)' },
  { name: 'clear-tags', kind: 'flag', help: 'Remove every tag first' },
];

export function addOptions(): OptionSpec[] {
  // --cron is required unless --no-schedule is given: `task add` checks that itself.
  return [
    ...TASK_OPTIONS.map((option) =>
      ['name', 'command'].includes(option.name)
        ? { ...option, required: true }
        : option.name === 'cron'
          ? { ...option, help: `${option.help} (required unless --no-schedule)` }
          : option,
    ),
    ...TRIGGER_OPTIONS,
  ];
}

export function editOptions(): OptionSpec[] {
  return [...TASK_OPTIONS, ...TRIGGER_OPTIONS, ...EDIT_ONLY_OPTIONS, ...EDIT_TRIGGER_OPTIONS];
}

/** `task add`: a schedule (--cron) or --no-schedule, not both; `task edit`: not both. */
export function checkSchedule(options: Options, adding: boolean): void {
  if (options.has('cron') && options.flag('no-schedule'))
    throw new CliError('--cron and --no-schedule conflict');
  if (adding && !options.has('cron') && !options.flag('no-schedule'))
    throw new CliError(
      'missing required option --cron (or --no-schedule with --after, --on-startup or --watch)',
    );
}

/** The option a user types for a TaskInput field, for error lines ("--cron: ..."). */
export function fieldToOption(field: string): string | undefined {
  if (field === 'triggers' || field.startsWith('triggers.'))
    return triggerFieldToOption(field.split('.').slice(1).join('.')) ?? '--after';
  const option = TASK_OPTIONS.find((candidate) => candidate.field === field);
  return option ? `--${option.name}` : undefined;
}

/** "K=V" pairs into a record; a pair without "=" is refused rather than guessed at. */
export function parseEnvPairs(pairs: readonly string[]): Record<string, string> {
  const env: Record<string, string> = {};
  for (const pair of pairs) {
    const eq = pair.indexOf('=');
    if (eq <= 0) throw new CliError(`--env expects KEY=VALUE, got '${pair}'`);
    env[pair.slice(0, eq)] = pair.slice(eq + 1);
  }
  return env;
}

/**
 * The TaskInput fields the given options set. Only options actually given appear, so the same function
 * builds a full input for `add` (the core applies defaults) and a patch for `edit`.
 */
export function taskFieldsFromOptions(options: Options): Partial<TaskInput> {
  const fields: Record<string, unknown> = {};
  if (options.flag('no-schedule')) fields.cronExpression = '';
  for (const option of TASK_OPTIONS) {
    if (!option.field || !options.has(option.name)) continue;
    switch (option.name) {
      case 'env':
        fields.env = parseEnvPairs(options.list('env'));
        break;
      case 'tag':
        fields.tags = [...options.list('tag')];
        break;
      case 'disabled':
        fields.enabled = false;
        break;
      case 'paused':
        fields.paused = true;
        break;
      case 'success-codes':
        try {
          fields.successExitCodes = parseExitCodeList(options.string('success-codes') ?? '');
        } catch (error) {
          throw new CliError(`--success-codes: ${(error as Error).message}`);
        }
        break;
      case 'cwd': {
        // Relative folders mean "relative to where I typed the command", as everywhere in a shell.
        const dir = options.string('cwd') ?? '';
        fields.workingDir = dir === '' ? '' : path.resolve(dir);
        break;
      }
      default:
        fields[option.field] = option.kind === 'int' ? options.int(option.name) : options.string(option.name);
    }
  }
  return fields as Partial<TaskInput>;
}
