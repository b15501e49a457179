// Turns an import file into candidate tasks, before any check against the database: a Cronkeeper JSON
// export, or a crontab read by the same parser as `cronkeeper import --crontab` (timing/crontab.ts), in
// the user or the system format. What the parser reports (@reboot, a garbled line, MAILTO...) becomes a
// coded skip or note, so the dialog can say it in the user's language. 'auto' picks the format from the
// text: JSON when it starts with { or [, else the crontab format (user or system) that reads it best.
import os from 'node:os';
import type {
  ImportNoteCode,
  ImportPreviewNote,
  ImportPreviewSkip,
  ImportFormat,
  ResolvedImportFormat,
} from '../../../shared/import-preview';
import { CronkeeperError } from '../errors';
import { crontabEntryInput, parseCrontab, type CrontabParse, type CrontabProblem } from '../timing/crontab';
import { EXPORT_FORMAT, EXPORT_VERSION } from '../services/task-service';

/** The longest line text or name a skip or note repeats. */
const SHOWN_MAX = 300;

export interface Candidate {
  line: number | null;
  entry: number | null;
  /** A task input, not yet checked. */
  input: unknown;
}

export interface ParsedSource {
  format: ResolvedImportFormat;
  candidates: Candidate[];
  skipped: ImportPreviewSkip[];
  notes: ImportPreviewNote[];
}

export interface SourceOptions {
  currentUser?: string;
  platform?: NodeJS.Platform;
}

export function shown(text: string): string {
  const chars = Array.from(text.trim());
  return chars.length > SHOWN_MAX ? `${chars.slice(0, SHOWN_MAX).join('')}…` : chars.join('');
}

function currentUser(): string | undefined {
  try {
    return os.userInfo().username;
  } catch {
    return undefined;
  }
}

function looksLikeJson(text: string): boolean {
  return /^\s*[[{]/.test(text);
}

function parseJson(text: string): ParsedSource {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (err) {
    const hint = looksLikeJson(text) ? '' : ' (is it a crontab? Choose a crontab format)';
    throw new CronkeeperError(
      'VALIDATION',
      `The file is not valid JSON: ${(err as Error).message}${hint}`,
      'format',
    );
  }
  const { format, version, tasks } = (doc ?? {}) as { format?: unknown; version?: unknown; tasks?: unknown };
  if (typeof doc !== 'object' || doc === null || format !== EXPORT_FORMAT || !Array.isArray(tasks))
    throw new CronkeeperError('VALIDATION', 'The file is not a Cronkeeper task export', 'format');
  if (version !== EXPORT_VERSION)
    throw new CronkeeperError('UNSUPPORTED', `Export version ${String(version)} is not supported`, 'format');
  return {
    format: 'json',
    candidates: tasks.map((input: unknown, i) => ({ line: null, entry: i + 1, input })),
    skipped: [],
    notes: [],
  };
}

function skipCode(problem: CrontabProblem): ImportPreviewSkip['code'] {
  if (problem.reason.startsWith('@reboot')) return 'reboot';
  if (problem.reason.startsWith('unknown schedule nickname')) return 'nickname';
  return 'invalidLine';
}

function noteCode(reason: string): ImportNoteCode {
  if (reason.startsWith('mail')) return 'mail';
  if (reason.startsWith('Cron user')) return 'user';
  if (reason.startsWith('unknown time zone')) return 'timezone';
  if (reason.startsWith('SHELL')) return 'shell';
  if (reason.includes('system crontab')) return 'systemFormat';
  return 'other';
}

function fromCrontab(parse: CrontabParse & { lines: number[] }, system: boolean): ParsedSource {
  return {
    format: system ? 'crontab-system' : 'crontab',
    candidates: parse.entries.map((entry, i) => ({
      line: parse.lines[i],
      entry: null,
      input: crontabEntryInput(entry),
    })),
    skipped: parse.unsupported.map((p) => ({
      line: p.line,
      entry: null,
      text: shown(p.text),
      code: skipCode(p),
      reason: p.reason,
    })),
    notes: parse.notes.map((p) => ({
      line: p.line,
      text: shown(p.text),
      code: noteCode(p.reason),
      reason: p.reason,
    })),
  };
}

const invalidCount = (parse: CrontabParse) => parse.unsupported.filter((p) => p.invalid).length;

/** The file's candidates, skips and notes in the format asked for (or the one that fits, for 'auto'). */
export function parseImportSource(
  text: string,
  format: ImportFormat,
  options: SourceOptions = {},
): ParsedSource {
  if (format === 'json' || (format === 'auto' && looksLikeJson(text))) return parseJson(text);
  const parse = (system: boolean) => {
    const lines: number[] = [];
    const result = parseCrontab(text, {
      system,
      currentUser: options.currentUser ?? currentUser(),
      platform: options.platform,
      onEntry: (_entry, line) => lines.push(line),
    });
    return { ...result, lines };
  };
  if (format !== 'auto') return fromCrontab(parse(format === 'crontab-system'), format === 'crontab-system');
  const user = parse(false);
  const system = parse(true);
  // A system crontab read as a user one keeps its user column in every command (the parser notes it);
  // a user crontab read as a system one loses its commands to the user column (invalid lines).
  const userHint = user.notes.some((n) => noteCode(n.reason) === 'systemFormat');
  const useSystem =
    system.entries.length > 0 &&
    (invalidCount(system) < invalidCount(user) || (invalidCount(system) === invalidCount(user) && userHint));
  return useSystem ? fromCrontab(system, true) : fromCrontab(user, false);
}
