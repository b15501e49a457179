// The small result JSON kept on every execution (the original set_result/get_result, improved).
// It is kept small on purpose: a whitelist of fields, never stdout/stderr, a short error summary, and a hard
// size limit counted in UTF-8 bytes (what the database stores), not characters. A job may keep a `summary`
// object (up to 4 KB) so that its next run can resume from where it stopped.
import type { Progress } from '../../shared/types';

export const RESULT_MAX_BYTES = 60_000;
export const SUMMARY_MAX_BYTES = 4096;
export const ERROR_SUMMARY_CHARS = 500;
/** How the summary splits its characters: the head says what ran, the tail how it ended (a traceback's last line). */
export const ERROR_SUMMARY_HEAD_CHARS = 150;
export const ERROR_SUMMARY_TAIL_CHARS = ERROR_SUMMARY_CHARS - ERROR_SUMMARY_HEAD_CHARS;
export const ERROR_SUMMARY_GAP = '\n…\n';
/** Progress strings are capped so that one progress report can never blow the result's size limit. */
export const PROGRESS_TEXT_MAX_CHARS = 1000;

/** The counters a job reports; kept even when the rest of a result has to go (numbers only then). */
export const COUNTER_FIELDS = [
  'total',
  'success_count',
  'failed_count',
  'total_count',
  'insert_count',
  'update_count',
  'delete_count',
] as const;

/** A result_note never grows past this: it says what was dropped, it is not a log. */
export const RESULT_NOTE_MAX_CHARS = 1000;

export const RESULT_FIELDS = [
  'success',
  'exit_code',
  'message',
  'command',
  'work_dir',
  'duration_seconds',
  // progress (spelled as PROGRESS_RESULT_KEYS says)
  'progress_percent',
  'current_step',
  'total_steps',
  'current_item',
  // summary counters
  ...COUNTER_FIELDS,
  // written by this module itself; kept so that a merge does not lose them
  'error_summary',
  'result_truncated',
  // a run whose log file could not be created: why, and the end of its output (kept in memory)
  'log_error',
  'output_tail',
  // what was dropped and why, whenever result_truncated is set (the drawer shows it)
  'result_note',
] as const;

/** What survives when the result is too large. */
export const CORE_FIELDS = ['success', 'exit_code', 'message', 'command'] as const;

/**
 * THE mapping between the progress fields' one name (Progress: parser, events, renderer) and their
 * spelling in the result JSON stored in users' databases. Only this module writes or reads those keys
 * (the task list's SQL takes the key from here), so rows stored by any version read the same.
 */
export const PROGRESS_RESULT_KEYS = {
  progressPercent: 'progress_percent',
  message: 'message',
  currentStep: 'current_step',
  totalSteps: 'total_steps',
  currentItem: 'current_item',
} as const satisfies Record<keyof Progress, string>;

const PROGRESS_NAMES = Object.keys(PROGRESS_RESULT_KEYS) as (keyof Progress)[];
export const PROGRESS_FIELDS = Object.values(PROGRESS_RESULT_KEYS);
const TEXT_PROGRESS = new Set<keyof Progress>(['message', 'currentItem']);

/** Progress as result fields, in the stored spelling (only the fields given). */
export function progressToResult(progress: Progress): ResultObject {
  const fields: ResultObject = {};
  for (const name of PROGRESS_NAMES) {
    if (progress[name] !== undefined) fields[PROGRESS_RESULT_KEYS[name]] = progress[name];
  }
  return fields;
}

/** The progress in a stored result, by the one names; a value of the wrong type is left out. */
export function progressFromResult(result: ResultObject): Progress {
  const progress: Record<string, unknown> = {};
  for (const name of PROGRESS_NAMES) {
    const value = result[PROGRESS_RESULT_KEYS[name]];
    const ok = TEXT_PROGRESS.has(name)
      ? typeof value === 'string'
      : typeof value === 'number' && Number.isFinite(value);
    if (ok) progress[name] = value;
  }
  return progress as Progress;
}

export const TRUNCATED_MESSAGE = 'The result was too large to keep';

export type ResultObject = Record<string, unknown>;

export interface SerializeOptions {
  /** The run's stderr: only a short summary of it is kept, and only when the run failed. */
  stderr?: string | null;
  /** The end of the run's stdout: its last lines are the summary when stderr is empty. */
  stdout?: string | null;
  /** The run's outcome; written as `success` when the result does not say, and decides failure. */
  success?: boolean;
}

const byteLength = (text: string) => Buffer.byteLength(text, 'utf8');

const isPlainObject = (value: unknown): value is ResultObject =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** The first `max` characters (code points, so an emoji is never cut in half). */
function firstChars(text: string, max: number): { text: string; cut: boolean } {
  const chars = Array.from(text);
  return chars.length > max ? { text: chars.slice(0, max).join(''), cut: true } : { text, cut: false };
}

/** The longest prefix of `text` whose UTF-8 encoding fits in `maxBytes` (never splits a character). */
export function truncateToBytes(text: string, maxBytes: number): string {
  if (byteLength(text) <= maxBytes) return text;
  let bytes = 0;
  let out = '';
  for (const ch of text) {
    const size = byteLength(ch);
    if (bytes + size > maxBytes) break;
    bytes += size;
    out += ch;
  }
  return out;
}

/**
 * A short summary of a failed run's output. From stderr: its head and its tail with "…" between, so that
 * both what started and the last line of a traceback survive. With no stderr: the last lines of stdout
 * (progress and result protocol lines left out), since a job that only prints says why at the end.
 */
export function errorSummary(stderr: string, stdout?: string | null): string | null {
  const trimmed = stderr.trim();
  if (trimmed) return headAndTail(trimmed);
  return stdout ? lastLines(stdout) : null;
}

function headAndTail(text: string): string {
  const chars = Array.from(text);
  if (chars.length <= ERROR_SUMMARY_CHARS) return text;
  let head = chars.slice(0, ERROR_SUMMARY_HEAD_CHARS).join('');
  let tail = chars.slice(chars.length - ERROR_SUMMARY_TAIL_CHARS).join('');
  // Whole lines where a line break is near the cut, so that no half-word dangles at the gap.
  const headBreak = head.lastIndexOf('\n');
  if (headBreak >= head.length / 2) head = head.slice(0, headBreak);
  const tailBreak = tail.indexOf('\n');
  if (tailBreak >= 0 && tailBreak <= tail.length / 2) tail = tail.slice(tailBreak + 1);
  return head.trimEnd() + ERROR_SUMMARY_GAP + tail.trimStart();
}

const PROTOCOL_LINE = /^(::(progress|result)\b|\{\s*"progress"\s*:)/;

/** The last whole lines of `text` that fit in the summary, skipping blank and protocol lines. */
function lastLines(text: string): string | null {
  const lines = text
    .split(/\r?\n/)
    .map((line) => line.trimEnd())
    .filter((line) => line.trim() !== '' && !PROTOCOL_LINE.test(line.trim()));
  const kept: string[] = [];
  let size = 0;
  for (let i = lines.length - 1; i >= 0; i--) {
    const length = Array.from(lines[i]).length + (kept.length > 0 ? 1 : 0);
    if (size + length > ERROR_SUMMARY_CHARS) {
      // One line longer than the whole budget: keep its end, where the message usually is.
      if (kept.length === 0)
        kept.unshift(
          '…' +
            Array.from(lines[i])
              .slice(-(ERROR_SUMMARY_CHARS - 1))
              .join(''),
        );
      break;
    }
    kept.unshift(lines[i]);
    size += length;
  }
  return kept.length > 0 ? kept.join('\n') : null;
}

/** Appends a note saying what was dropped, to any the result already has (one line, bounded). */
export function addResultNote(result: ResultObject, note: string): void {
  result.result_truncated = true;
  const before =
    typeof result.result_note === 'string' && result.result_note ? `${result.result_note}; ` : '';
  result.result_note = firstChars(before + note, RESULT_NOTE_MAX_CHARS).text;
}

const formatBytes = (n: number) => `${n.toLocaleString('en-US')} bytes`;

/**
 * The fallback when the whole result is over the limit: the core fields and the numeric counters, with a
 * note saying so; message and command are shortened if they alone are too big.
 */
function truncatedResult(kept: ResultObject, bytes: number): string {
  const small: ResultObject = {};
  for (const key of CORE_FIELDS) if (kept[key] !== undefined) small[key] = kept[key];
  for (const key of COUNTER_FIELDS) if (typeof kept[key] === 'number') small[key] = kept[key];
  if (typeof kept.result_note === 'string') small.result_note = kept.result_note;
  addResultNote(
    small,
    `the result was ${formatBytes(bytes)}, over the ${formatBytes(RESULT_MAX_BYTES)} limit: only success, ` +
      'exit_code, message, command and the numeric counters were kept',
  );
  if (small.message === undefined) small.message = TRUNCATED_MESSAGE;
  let json = JSON.stringify(small);
  if (byteLength(json) <= RESULT_MAX_BYTES) return json;
  // message and command can be any size: give each a fair share of the budget.
  const share = Math.floor((RESULT_MAX_BYTES - 2000) / 2 / 6); // JSON escapes can take up to 6 bytes a byte
  for (const key of ['message', 'command'] as const) {
    if (typeof small[key] === 'string') small[key] = truncateToBytes(small[key] as string, share);
    else if (small[key] !== undefined) small[key] = truncateToBytes(JSON.stringify(small[key]), share);
  }
  json = JSON.stringify(small);
  return json;
}

/** Whitelists, summarises and size-limits a result; null when nothing is left to store. */
export function serializeResult(
  result: ResultObject | null | undefined,
  options: SerializeOptions = {},
): string | null {
  const source = isPlainObject(result) ? result : {};
  const kept: ResultObject = {};
  for (const key of RESULT_FIELDS) {
    if (source[key] !== undefined) kept[key] = source[key];
  }
  if (isPlainObject(source.summary)) {
    const summaryBytes = byteLength(JSON.stringify(source.summary));
    if (summaryBytes <= SUMMARY_MAX_BYTES) kept.summary = source.summary;
    else
      addResultNote(
        kept,
        `summary dropped: ${formatBytes(summaryBytes)}, over the ${formatBytes(SUMMARY_MAX_BYTES)} limit`,
      );
  } else if (source.summary !== undefined && source.summary !== null) {
    addResultNote(kept, 'summary dropped: it must be a JSON object');
  }
  if (options.success !== undefined && kept.success === undefined) kept.success = options.success;
  const failed = (options.success ?? kept.success) === false;
  if (failed && (options.stderr || options.stdout)) {
    const summary = errorSummary(options.stderr ?? '', options.stdout);
    if (summary) kept.error_summary = summary;
  }
  if (Object.keys(kept).length === 0) return null;
  const json = JSON.stringify(kept);
  const bytes = byteLength(json);
  return bytes > RESULT_MAX_BYTES ? truncatedResult(kept, bytes) : json;
}

/** The stored result as an object: {} for NULL, garbage or anything that is not a JSON object. */
export function parseResult(json: string | null | undefined): ResultObject {
  if (!json) return {};
  try {
    const value: unknown = JSON.parse(json);
    return isPlainObject(value) ? value : {};
  } catch {
    return {};
  }
}

/** Merges `patch` into the stored result and serializes it again under the same rules. */
export function mergeResult(
  json: string | null | undefined,
  patch: ResultObject,
  options: SerializeOptions = {},
): string | null {
  return serializeResult({ ...parseResult(json), ...patch }, options);
}

/** An Execution's `result` and the `progress` read from it: every reader of a stored result uses this. */
export function executionResult(json: string | null | undefined): {
  result: ResultObject;
  progress: Progress;
} {
  const result = parseResult(json);
  return { result, progress: progressFromResult(result) };
}

/** The progress as result fields, with numbers finite and strings capped; null clears a field. */
export function sanitizeProgress(progress: Progress): ResultObject {
  const source = progressToResult(progress);
  const clean: ResultObject = {};
  for (const key of PROGRESS_FIELDS) {
    const value = source[key];
    if (value === undefined) continue;
    if (value === null) clean[key] = null;
    else if (typeof value === 'number') clean[key] = Number.isFinite(value) ? value : null;
    else if (typeof value === 'string') clean[key] = firstChars(value, PROGRESS_TEXT_MAX_CHARS).text;
  }
  return clean;
}
