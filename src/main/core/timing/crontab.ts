// Reads a crontab for `cronkeeper import --crontab FILE`: a user crontab (`crontab -l > FILE`) or, with
// `system`, the system format of /etc/crontab and /etc/cron.d/* (a user column before the command).
// - A schedule line (5 fields, [user,] a command) becomes an entry; `@hourly`, `@daily`/`@midnight`,
//   `@weekly`, `@monthly`, `@yearly`/`@annually` become the equivalent 5 fields.
// - Comment lines directly above a schedule line (no blank line between) become its description. A
//   commented-out job ("# 0 3 * * * old-backup") is not a description.
// - Variable lines apply to the jobs after them, as in cron: CRON_TZ (and TZ) set their time zone; SHELL
//   makes their command run through that shell; MAILTO/MAILFROM are noted (Cronkeeper records output
//   instead of mailing it); PATH and every other NAME=value go into their environment. Values are taken
//   literally (cron expands no $VAR), quotes around a value removed.
// - `%` keeps cron's meaning (cron-command.ts): the rest of the line is the job's standard input.
// - The user column of a system crontab goes into the description (tasks run as the Cronkeeper user; a
//   different user is noted).
// - `@reboot` becomes a task with no schedule that runs when the scheduler starts (the start-up trigger).
// - Reported and skipped (`skipped`): unknown @nicknames. Reported as errors (`invalid`):
//   anything else that is not a valid line (the import refuses the file then: it is not what we think).
import { platformCommand, splitCronCommand } from './cron-command';
import { isValidTimezone, validateCron } from './schedule-math';
import { NO_TRIGGERS } from '../../../shared/trigger-types';
import type { TaskInput } from '../../../shared/types';

export interface CrontabEntry {
  name: string;
  cronExpression: string;
  command: string;
  description: string;
  /** From CRON_TZ / TZ above the line. */
  timezone?: string;
  /** From variable lines above the line. */
  env?: Record<string, string>;
  /** `@reboot`: no schedule (cronExpression ''); it runs when the scheduler starts. */
  onStartup?: boolean;
}

/** The task an entry becomes (the CLI's import and the import dialog share it). */
export function crontabEntryInput(entry: CrontabEntry): Partial<TaskInput> {
  return {
    name: entry.name,
    cronExpression: entry.cronExpression,
    command: entry.command,
    description: entry.description,
    ...(entry.timezone ? { timezone: entry.timezone } : {}),
    ...(entry.env ? { env: entry.env } : {}),
    // @reboot: no schedule, the start-up trigger.
    ...(entry.onStartup ? { triggers: { ...NO_TRIGGERS, onStartup: true } } : {}),
  };
}

export interface CrontabProblem {
  /** 1-based line number in the file. */
  line: number;
  text: string;
  reason: string;
  /** A line that is not valid crontab at all (as opposed to a known feature without an equivalent). */
  invalid?: boolean;
}

export interface CrontabParse {
  entries: CrontabEntry[];
  /** Lines not imported, with why. */
  unsupported: CrontabProblem[];
  /** Lines imported with a difference worth knowing (MAILTO, a different user, an ignored SHELL...). */
  notes: CrontabProblem[];
}

export interface CrontabOptions {
  /** The system format: a user column between the schedule and the command. */
  system?: boolean;
  /** The user Cronkeeper runs tasks as (for the note on system crontab lines). */
  currentUser?: string;
  platform?: NodeJS.Platform;
  /** Told each entry's line number (the import preview names lines; the entries stay as they are). */
  onEntry?: (entry: CrontabEntry, line: number) => void;
}

export const CRONTAB_NICKNAMES: Record<string, string> = {
  '@hourly': '0 * * * *',
  '@daily': '0 0 * * *',
  '@midnight': '0 0 * * *',
  '@weekly': '0 0 * * 0',
  '@monthly': '0 0 1 * *',
  '@yearly': '0 0 1 1 *',
  '@annually': '0 0 1 1 *',
};

const ENV_LINE = /^([A-Za-z_][A-Za-z0-9_]*)\s*=\s*(.*)$/;
const MAX_NAME = 60;

type ScheduleLine =
  { cronExpression: string; user?: string; command: string; onStartup?: boolean } | { error: string };

/** Splits off the user column (system crontabs) and checks what is left. */
function takeCommand(rest: string, system: boolean): { user?: string; command: string } | { error: string } {
  let command = rest.trim();
  let user: string | undefined;
  if (system) {
    const match = /^(\S+)\s+(.*)$/.exec(command);
    if (!match) return { error: 'no user and command after the schedule (system crontab format)' };
    [, user, command] = match;
    if (user.startsWith('*')) return { error: 'a user name cannot begin with * (a sixth schedule field?)' };
  }
  if (!command) return { error: 'no command after the schedule' };
  // cronie refuses this too: "0 0 1 * * * cmd" is a 6-field typo, not the command "* cmd".
  if (command.startsWith('*'))
    return { error: 'a command cannot begin with * (crontab lines have 5 schedule fields)' };
  return { user, command };
}

function parseScheduleLine(line: string, system: boolean): ScheduleLine {
  if (line.startsWith('@')) {
    const [nickname] = line.split(/\s+/, 1);
    const lower = nickname.toLowerCase();
    if (lower === '@reboot') {
      const taken = takeCommand(line.slice(nickname.length), system);
      return 'error' in taken ? taken : { cronExpression: '', onStartup: true, ...taken };
    }
    const expression = CRONTAB_NICKNAMES[lower];
    if (!expression) return { error: `unknown schedule nickname ${nickname}` };
    const taken = takeCommand(line.slice(nickname.length), system);
    return 'error' in taken ? taken : { cronExpression: expression, ...taken };
  }
  const match = /^(\S+)\s+(\S+)\s+(\S+)\s+(\S+)\s+(\S+)(?:\s+(.*))?$/.exec(line);
  // A minute field starts with a digit or *; anything else is not a schedule line at all.
  if (!match || !/^[\d*]/.test(match[1]))
    return { error: 'not a schedule line (5 schedule fields and a command)' };
  const cronExpression = match.slice(1, 6).join(' ');
  const check = validateCron(cronExpression);
  if (!check.valid) return { error: check.message ?? 'invalid schedule' };
  const taken = takeCommand(match[6] ?? '', system);
  return 'error' in taken ? taken : { cronExpression, ...taken };
}

/** "backup.sh" for "/usr/local/bin/backup.sh --full"; skips `VAR=x` prefixes, `cd DIR &&`, `test -x X ||`. */
function baseName(command: string): string {
  let words = command.split(/\s+/).filter(Boolean);
  while (words.length > 1 && ENV_LINE.test(words[0])) words = words.slice(1);
  // Debian's "test -x /usr/sbin/anacron || ( cd / && run-parts --report /etc/cron.daily )".
  if (words[0] === 'test' && words.includes('||')) words = words.slice(words.indexOf('||') + 1);
  if (words[0] === '(' || words[0] === '{') words = words.slice(1);
  if (words[0] === 'cd' && words.length > 3 && ['&&', ';'].includes(words[2])) words = words.slice(3);
  if (words[0]?.endsWith(';') && words[0] !== ';') words[0] = words[0].slice(0, -1);
  const first = (words[0] ?? 'task').replace(/^["']|["']$/g, '');
  const base = first.split('/').filter(Boolean).pop() ?? 'task';
  return base.slice(0, MAX_NAME) || 'task';
}

/** cron's value: trimmed, and one pair of matching quotes around it removed. */
function envValue(raw: string): string {
  const value = raw.trim();
  const quote = value[0];
  if ((quote === '"' || quote === "'") && value.length >= 2 && value.endsWith(quote))
    return value.slice(1, -1);
  return value;
}

/** The variables in force, as cron keeps them while it reads the file. */
interface Variables {
  timezone?: string;
  shell: string | null;
  env: Record<string, string>;
}

export function parseCrontab(text: string, options: CrontabOptions = {}): CrontabParse {
  const system = options.system ?? false;
  const platform = options.platform ?? process.platform;
  const entries: CrontabEntry[] = [];
  const unsupported: CrontabProblem[] = [];
  const notes: CrontabProblem[] = [];
  // Compared without case, as the import compares task names: /bin/Backup and /bin/backup must not both
  // become a task named "backup" in any case.
  const usedNames = new Set<string>();
  const vars: Variables = { shell: null, env: {} };
  let comments: string[] = [];
  const firstWords: { line: number; text: string; word: string }[] = [];

  const uniqueName = (command: string) => {
    const base = baseName(command);
    let name = base;
    for (let n = 2; usedNames.has(name.toLowerCase()); n++) name = `${base} ${n}`;
    usedNames.add(name.toLowerCase());
    return name;
  };

  const setVariable = (name: string, value: string, lineNo: number, raw: string) => {
    const note = (reason: string) => notes.push({ line: lineNo, text: raw, reason });
    switch (name) {
      case 'CRON_TZ':
      case 'TZ':
        if (value === '') vars.timezone = undefined;
        else if (isValidTimezone(value)) vars.timezone = value;
        else note(`unknown time zone "${value}": the jobs below get the default time zone`);
        // TZ is also the jobs' own zone (date, logs), as cron passes it on.
        if (name === 'TZ') vars.env.TZ = value;
        return;
      case 'SHELL':
        if (platform === 'win32') note('SHELL is not used on Windows (commands run with cmd.exe)');
        vars.shell = value || null;
        return;
      case 'MAILTO':
      case 'MAILFROM':
        note('mail is not supported: Cronkeeper records every run and its output instead of mailing it');
        return;
      default:
        vars.env[name] = value;
    }
  };

  text.split(/\r?\n/).forEach((raw, index) => {
    const lineNo = index + 1;
    const line = raw.trim();
    if (line === '') {
      comments = [];
      return;
    }
    if (line.startsWith('#')) {
      const body = line.replace(/^#+\s?/, '');
      // A commented-out job is not a description of the next one.
      if ('command' in parseScheduleLine(body.trim(), system)) comments = [];
      else comments.push(body.trimEnd());
      return;
    }
    const description = comments.join('\n').trim();
    comments = [];
    const variable = ENV_LINE.exec(line);
    if (variable) {
      // (A schedule line never matches: its first field starts with a digit or *.)
      setVariable(variable[1], envValue(variable[2]), lineNo, raw);
      return;
    }
    const parsed = parseScheduleLine(line, system);
    if ('error' in parsed) {
      const known = /^unknown schedule nickname/.test(parsed.error);
      unsupported.push({ line: lineNo, text: raw, reason: parsed.error, invalid: !known });
      return;
    }
    const cron = splitCronCommand(parsed.command);
    const command = platformCommand(cron, vars.shell, platform);
    const userLine = parsed.user ? userNote(parsed.user, options.currentUser) : '';
    if (userLine && parsed.user !== options.currentUser)
      notes.push({ line: lineNo, text: raw, reason: userLine });
    const entry: CrontabEntry = {
      name: uniqueName(cron.command),
      cronExpression: parsed.cronExpression,
      command,
      description: [description, userLine].filter(Boolean).join('\n'),
    };
    if (parsed.onStartup) entry.onStartup = true;
    if (vars.timezone) entry.timezone = vars.timezone;
    if (Object.keys(vars.env).length > 0) entry.env = { ...vars.env };
    entries.push(entry);
    options.onEntry?.(entry, lineNo);
    firstWords.push({ line: lineNo, text: raw, word: cron.command.split(/\s+/, 1)[0] });
  });
  // A system crontab read as a user one puts its user column into every command ("root cd / && ...").
  const users = new Set(['root', options.currentUser]);
  if (!system && firstWords.length > 0 && firstWords.every((f) => users.has(f.word))) {
    const { line, text: raw, word } = firstWords[0];
    notes.push({
      line,
      text: raw,
      reason: `every command begins with "${word}": if this is a system crontab (with a user column), import it with --system`,
    });
  }
  return { entries, unsupported, notes };
}

function userNote(user: string, currentUser: string | undefined): string {
  if (!currentUser || user === currentUser) return `Cron user: ${user}.`;
  return `Cron user: ${user}. Cronkeeper runs this task as ${currentUser}, not as ${user}.`;
}
