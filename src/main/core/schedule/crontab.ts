// Reads a user crontab (`crontab -l > FILE`) for `cronkeeper import --crontab FILE`.
// - A schedule line (5 fields and a command) becomes an entry; `@hourly`, `@daily`/`@midnight`, `@weekly`,
//   `@monthly`, `@yearly`/`@annually` become the equivalent 5 fields.
// - Comment lines directly above a schedule line (no blank line between) become its description. A
//   commented-out job ("# 0 3 * * * old-backup") is not a description.
// - Reported as unsupported, with the line number and a reason:
//   - environment lines (`FOO=bar`, `SHELL=`, `MAILTO=`, `CRON_TZ=`): harmless to skip; they are NOT
//     applied, the reason says how to get the same effect (a task's --env or --tz);
//   - `@reboot` (no equivalent) and unknown `@` nicknames;
//   - a command with an unescaped `%` (crontab turns it into a newline and feeds the rest to stdin); an
//     escaped `\%` is imported as a plain `%`;
//   - anything else that is not a valid schedule line.
import { validateCron } from './schedule-math';

export interface CrontabEntry {
  name: string;
  cronExpression: string;
  command: string;
  description: string;
}

export interface CrontabProblem {
  /** 1-based line number in the file. */
  line: number;
  text: string;
  reason: string;
}

export interface CrontabParse {
  entries: CrontabEntry[];
  unsupported: CrontabProblem[];
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

function envReason(name: string): string {
  switch (name) {
    case 'MAILTO':
    case 'MAILFROM':
      return 'mail settings are not imported (Cronkeeper records every run instead of mailing its output)';
    case 'SHELL':
      return 'SHELL is not imported (commands run with /bin/sh -c)';
    case 'CRON_TZ':
    case 'TZ':
      return `${name} is not imported; give the tasks a time zone with --tz`;
    default:
      return 'environment variables are not imported; add them to the tasks with --env';
  }
}

/** Replaces crontab's `\%` with `%`; null when an unescaped `%` (crontab's newline/stdin rule) remains. */
function unescapePercent(command: string): string | null {
  if (/(^|[^\\])%/.test(command)) return null;
  return command.replace(/\\%/g, '%');
}

type ScheduleLine = { cronExpression: string; command: string } | { error: string };

function parseScheduleLine(line: string): ScheduleLine {
  if (line.startsWith('@')) {
    const [nickname, ...rest] = line.split(/\s+/);
    const lower = nickname.toLowerCase();
    if (lower === '@reboot')
      return { error: '@reboot has no equivalent (Cronkeeper runs tasks on a schedule)' };
    const expression = CRONTAB_NICKNAMES[lower];
    if (!expression) return { error: `unknown schedule nickname ${nickname}` };
    const command = rest.join(' ');
    if (!command) return { error: 'no command after the schedule' };
    return { cronExpression: expression, command };
  }
  const match = /^(\S+)\s+(\S+)\s+(\S+)\s+(\S+)\s+(\S+)\s+(.*)$/.exec(line);
  // A minute field starts with a digit or *; anything else is not a schedule line at all.
  if (!match || !/^[\d*]/.test(match[1]))
    return { error: 'not a schedule line (5 schedule fields and a command)' };
  const cronExpression = match.slice(1, 6).join(' ');
  const check = validateCron(cronExpression);
  if (!check.valid) return { error: check.message ?? 'invalid schedule' };
  return { cronExpression, command: match[6].trim() };
}

/** "backup.sh" for "/usr/local/bin/backup.sh --full"; skips `VAR=x` prefixes and a leading `cd DIR &&`. */
function baseName(command: string): string {
  let words = command.split(/\s+/).filter(Boolean);
  while (words.length > 1 && ENV_LINE.test(words[0])) words = words.slice(1);
  if (words[0] === 'cd' && words.length > 3 && ['&&', ';'].includes(words[2])) words = words.slice(3);
  if (words[0]?.endsWith(';') && words[0] !== ';') words[0] = words[0].slice(0, -1);
  const first = (words[0] ?? 'task').replace(/^["']|["']$/g, '');
  const base = first.split('/').filter(Boolean).pop() ?? 'task';
  return base.slice(0, MAX_NAME) || 'task';
}

export function parseCrontab(text: string): CrontabParse {
  const entries: CrontabEntry[] = [];
  const unsupported: CrontabProblem[] = [];
  // Compared without case, as the import compares task names: /bin/Backup and /bin/backup must not both
  // become a task named "backup" in any case.
  const usedNames = new Set<string>();
  let comments: string[] = [];

  const uniqueName = (command: string) => {
    const base = baseName(command);
    let name = base;
    for (let n = 2; usedNames.has(name.toLowerCase()); n++) name = `${base} ${n}`;
    usedNames.add(name.toLowerCase());
    return name;
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
      if ('command' in parseScheduleLine(body.trim())) comments = [];
      else comments.push(body.trimEnd());
      return;
    }
    const description = comments.join('\n').trim();
    comments = [];
    const env = ENV_LINE.exec(line);
    if (env) {
      // (A schedule line never matches: its first field starts with a digit or *.)
      unsupported.push({ line: lineNo, text: raw, reason: envReason(env[1]) });
      return;
    }
    const parsed = parseScheduleLine(line);
    if ('error' in parsed) {
      unsupported.push({ line: lineNo, text: raw, reason: parsed.error });
      return;
    }
    const command = unescapePercent(parsed.command);
    if (command === null) {
      unsupported.push({
        line: lineNo,
        text: raw,
        reason:
          'an unescaped % (crontab turns it into a newline and sends the rest to stdin); write \\% for a literal %',
      });
      return;
    }
    entries.push({ name: uniqueName(command), cronExpression: parsed.cronExpression, command, description });
  });
  return { entries, unsupported };
}
