// The trigger and condition options of `task add` / `task edit` (issue #16): --after, --no-schedule,
// --on-startup, --watch..., the power conditions, --keep-awake and --webhook..., and their mapping onto
// TaskInput.triggers. Bad input is a CliError (exit 2) naming the option.
import path from 'node:path';
import type { OptionSpec, Options } from './args';
import { CliError } from './errors';
import {
  CHAIN_CONDITIONS,
  NO_TRIGGERS,
  taskTriggersSchema,
  WEBHOOK_ON,
  webhookUrlSchema,
  type ChainCondition,
  type TaskTriggers,
  type WebhookOn,
} from '../../shared/triggers';

export const TRIGGER_OPTIONS: OptionSpec[] = [
  {
    name: 'after',
    kind: 'list',
    value: 'TASK[:success|failure|always]',
    help: 'Run after TASK (name or id) ends: on success (default), failure or always (repeatable; edit replaces the list)',
  },
  {
    name: 'no-schedule',
    kind: 'flag',
    help: 'No cron schedule: run only on --after, --on-startup or --watch',
  },
  {
    name: 'on-startup',
    kind: 'string',
    optionalValue: true,
    value: 'DELAY',
    help: 'Run when the scheduler starts, after DELAY (e.g. 30, 30s, 5m; default 0)',
  },
  {
    name: 'watch',
    kind: 'string',
    value: 'DIR',
    help: 'Run when files under DIR are created, changed or removed',
  },
  {
    name: 'watch-glob',
    kind: 'string',
    value: 'GLOB',
    help: 'With --watch: only files matching GLOB, e.g. *.csv',
  },
  {
    name: 'watch-quiet',
    kind: 'int',
    value: 'MS',
    help: 'With --watch: run once the folder was quiet MS milliseconds (100-600000, default 2000)',
  },
  { name: 'only-on-ac', kind: 'flag', help: 'Skip a run that comes while on battery' },
  { name: 'stop-on-battery', kind: 'flag', help: 'Cancel the run when the computer switches to battery' },
  { name: 'keep-awake', kind: 'flag', help: 'Keep the computer awake while the task runs' },
  {
    name: 'webhook',
    kind: 'string',
    value: 'URL|default|off',
    help: "POST the run's outcome to URL (http/https), Settings' default (default), or none (off)",
  },
  {
    name: 'webhook-on',
    kind: 'string',
    value: 'failure|success|always',
    help: 'With --webhook URL: when to send (default failure)',
  },
  {
    name: 'webhook-secret',
    kind: 'string',
    value: 'S',
    help: 'With --webhook URL: sign the body with S (HMAC-SHA256)',
  },
];

/** `task edit` only: start again from no triggers and conditions before applying the options given. */
export const EDIT_TRIGGER_OPTIONS: OptionSpec[] = [
  { name: 'clear-triggers', kind: 'flag', help: 'Remove every trigger and condition first' },
];

const TRIGGER_NAMES = new Set(TRIGGER_OPTIONS.filter((o) => o.name !== 'no-schedule').map((o) => o.name));

/** Whether any trigger option (besides --no-schedule) was given. */
export function hasTriggerOptions(options: Options): boolean {
  return [...TRIGGER_NAMES].some((name) => options.has(name)) || options.flag('clear-triggers');
}

/** "30", "30s", "5m", "1h" (or "" for no delay) in seconds. */
export function parseDelay(raw: string): number {
  const text = raw.trim();
  if (text === '') return 0;
  const match = /^(\d+)\s*(s|m|h)?$/i.exec(text);
  if (!match) throw new CliError(`--on-startup expects a delay like 30, 30s, 5m or 1h, got '${raw}'`);
  const seconds = Number(match[1]) * ({ s: 1, m: 60, h: 3600 }[(match[2] ?? 's').toLowerCase()] ?? 1);
  if (seconds > 86_400)
    throw new CliError(`--on-startup: the delay is at most a day (86400 s), got '${raw}'`);
  return seconds;
}

/** "Import", "Import:failure", "12:always" into the task reference and the condition. */
export function parseAfter(raw: string): { ref: string; condition: ChainCondition } {
  const colon = raw.lastIndexOf(':');
  const tail =
    colon >= 0
      ? raw
          .slice(colon + 1)
          .trim()
          .toLowerCase()
      : '';
  if (colon >= 0 && (CHAIN_CONDITIONS as readonly string[]).includes(tail)) {
    const ref = raw.slice(0, colon).trim();
    if (!ref) throw new CliError(`--after expects TASK[:success|failure|always], got '${raw}'`);
    return { ref, condition: tail as ChainCondition };
  }
  if (!raw.trim()) throw new CliError('--after expects a task name or id');
  return { ref: raw.trim(), condition: 'success' };
}

/** Finds a task by id or exact name; a CliError when there is none. */
export type TaskResolver = (ref: string) => Promise<{ id: number; name: string }>;

const schemaPathToOption: Record<string, string> = {
  chains: '--after',
  startupDelaySeconds: '--on-startup',
  onStartup: '--on-startup',
  watch: '--watch',
  webhookUrl: '--webhook',
  webhookOn: '--webhook-on',
  webhookSecret: '--webhook-secret',
};

/** The option a user typed for a `triggers.*` field in an error ("--after" for triggers.chains). */
export function triggerFieldToOption(sub: string | undefined): string | undefined {
  if (!sub) return undefined;
  if (sub === 'watch.glob') return '--watch-glob';
  if (sub === 'watch.debounceMs') return '--watch-quiet';
  return schemaPathToOption[sub.split('.')[0]];
}

/**
 * The task's triggers after the options (`base`: the task's current triggers on edit, none on add), or
 * undefined when no trigger option was given.
 */
export async function triggersFromOptions(
  options: Options,
  resolve: TaskResolver,
  base: TaskTriggers = NO_TRIGGERS,
): Promise<TaskTriggers | undefined> {
  if (!hasTriggerOptions(options)) return undefined;
  const t: TaskTriggers = options.flag('clear-triggers')
    ? { ...NO_TRIGGERS, chains: [] }
    : { ...NO_TRIGGERS, ...base, chains: [...base.chains] };

  if (options.has('after')) {
    const chains: TaskTriggers['chains'] = [];
    for (const raw of options.list('after')) {
      const { ref, condition } = parseAfter(raw);
      const task = await resolve(ref);
      if (chains.some((c) => c.upstreamTaskId === task.id))
        throw new CliError(`--after: ${task.name} is given more than once`);
      chains.push({ upstreamTaskId: task.id, condition });
    }
    t.chains = chains;
  }
  if (options.has('on-startup')) {
    t.onStartup = true;
    t.startupDelaySeconds = parseDelay(options.string('on-startup') ?? '');
  }
  if (options.has('watch')) {
    const dir = (options.string('watch') ?? '').trim();
    if (!dir) throw new CliError('--watch expects a folder');
    t.watch = {
      folder: path.resolve(dir),
      glob: t.watch?.glob ?? null,
      debounceMs: t.watch?.debounceMs ?? 2_000,
    };
  }
  for (const sub of ['watch-glob', 'watch-quiet'])
    if (options.has(sub) && !t.watch) throw new CliError(`--${sub} needs --watch DIR`);
  if (t.watch && options.has('watch-glob'))
    t.watch.glob = (options.string('watch-glob') ?? '').trim() || null;
  if (t.watch && options.has('watch-quiet')) t.watch.debounceMs = options.int('watch-quiet') ?? 2_000;
  if (options.flag('only-on-ac')) t.onlyOnAc = true;
  if (options.flag('stop-on-battery')) t.stopOnBattery = true;
  if (options.flag('keep-awake')) t.keepAwake = true;

  if (options.has('webhook')) {
    const raw = (options.string('webhook') ?? '').trim();
    if (raw === 'default' || raw === 'off') {
      t.webhookMode = raw;
      t.webhookUrl = null;
      t.webhookSecret = null;
    } else {
      const url = webhookUrlSchema.safeParse(raw);
      if (!url.success) throw new CliError(`--webhook: ${url.error.issues[0].message}, got '${raw}'`);
      t.webhookMode = 'custom';
      t.webhookUrl = url.data;
    }
  }
  for (const sub of ['webhook-on', 'webhook-secret'])
    if (options.has(sub) && t.webhookMode !== 'custom') throw new CliError(`--${sub} needs --webhook URL`);
  if (options.has('webhook-on')) {
    const on = options.string('webhook-on') ?? '';
    if (!(WEBHOOK_ON as readonly string[]).includes(on))
      throw new CliError(`--webhook-on expects failure, success or always, got '${on}'`);
    t.webhookOn = on as WebhookOn;
  }
  if (options.has('webhook-secret')) t.webhookSecret = options.string('webhook-secret') || null;

  const parsed = taskTriggersSchema.safeParse(t);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const option = triggerFieldToOption(issue.path.map(String).join('.')) ?? '--after';
    throw new CliError(`${option}: ${issue.message}`);
  }
  return parsed.data;
}

/** The lines `task show` prints for the triggers (none when the task has none). */
export function triggerLines(
  t: TaskTriggers | undefined,
  nameOf: (id: number) => string,
): [string, string][] {
  const triggers = { ...NO_TRIGGERS, ...(t ?? {}) };
  const webhook =
    triggers.webhookMode === 'custom'
      ? `${triggers.webhookUrl} (on ${triggers.webhookOn}${triggers.webhookSecret ? ', signed' : ''})`
      : triggers.webhookMode === 'off'
        ? 'off'
        : 'default (Settings)';
  const yes = (b: boolean) => (b ? 'yes' : 'no');
  return [
    [
      'After',
      triggers.chains.length
        ? triggers.chains.map((c) => `${nameOf(c.upstreamTaskId)} (on ${c.condition})`).join(', ')
        : '-',
    ],
    ['On start-up', triggers.onStartup ? `yes (delay ${triggers.startupDelaySeconds}s)` : 'no'],
    [
      'Watch',
      triggers.watch
        ? `${triggers.watch.folder}${triggers.watch.glob ? ` (${triggers.watch.glob})` : ''}, quiet ${triggers.watch.debounceMs}ms`
        : '-',
    ],
    ['Only on AC', yes(triggers.onlyOnAc)],
    ['Stop on battery', yes(triggers.stopOnBattery)],
    ['Keep awake', yes(triggers.keepAwake)],
    ['Webhook', webhook],
  ];
}
