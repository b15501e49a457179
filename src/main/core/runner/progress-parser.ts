// The progress protocol a task speaks on stdout, and the line scanner that feeds it. Pure: no I/O.
//
//   ::progress 45                      percent
//   ::progress 45 Downloading prices   percent and message
//   ::progress 120/500 Downloading     current step/total steps (percent computed)
//   {"progress": 0.45, "message": "...", "current_step": 2, "total_steps": 5}   Cronicle-compatible JSON
//   ::result {"insert_count": 10, "summary": {...}}                             merged into the result
//
// Anything else, malformed protocol lines included, is just log text. Protocol lines must start at the
// beginning of a line: that lets the scanner skip ordinary output with two native searches per chunk
// instead of decoding every line (100 MB of `yes` output is 50 million lines).

import type { Progress } from '../../../shared/types';
import { addResultNote, COUNTER_FIELDS } from '../result-json';

/** One report, by the fields' one names (shared/types.ts Progress); the parser always sets the percent. */
export type ProgressUpdate = Progress;

export type ProtocolMessage =
  { kind: 'progress'; update: ProgressUpdate } | { kind: 'result'; patch: Record<string, unknown> };

/**
 * Longest line the scanner will decode (a `::result` with a large summary is still one line). A longer
 * line is not decoded whole: its head and tail are handed over instead, so that a `::result`'s counters
 * can still be read and the result can say what was dropped. The line itself is in the log, as all output.
 */
export const MAX_LINE_BYTES = 1024 * 1024;
/** How much of the start and of the end of an over-long line is kept for reading its counters. */
export const OVERLONG_KEEP_BYTES = 64 * 1024;

const PROGRESS_PREFIX = '::progress';
const RESULT_PREFIX = '::result';
const isPlainObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** Two decimals are plenty for a progress bar and keep event payloads tidy. */
const round2 = (n: number) => Math.round(n * 100) / 100;

function withMessage(update: ProgressUpdate, message: string | null): ProgressUpdate {
  if (message) update.message = message;
  return update;
}

// Hand-written rather than regular expressions: a task may print a hundred thousand of these a second.
const isDigit = (c: number) => c >= 48 && c <= 57;
const isBlank = (c: number) => c === 32 || c === 9;

/** End (exclusive) of a number `\d+(\.\d+)?` starting at `i`, or -1 if there is none. */
function numberEnd(s: string, i: number): number {
  let j = i;
  while (isDigit(s.charCodeAt(j))) j++;
  if (j === i) return -1;
  if (s.charCodeAt(j) === 46 && isDigit(s.charCodeAt(j + 1))) {
    j++;
    while (isDigit(s.charCodeAt(j))) j++;
  }
  return j;
}

function skipBlanks(s: string, i: number): number {
  while (isBlank(s.charCodeAt(i))) i++;
  return i;
}

/** The message after the numbers: nothing, or blanks then text. Undefined if garbage is glued on. */
function messageAt(s: string, i: number): string | null | undefined {
  if (i >= s.length) return null;
  if (!isBlank(s.charCodeAt(i))) return undefined;
  return s.slice(i).trim() || null;
}

/** `45`, `45%`, `45 message`, `120/500`, `120 / 500 message` (already trimmed). */
function parseProgressArgs(rest: string): ProgressUpdate | null {
  const firstEnd = numberEnd(rest, 0);
  if (firstEnd < 0) return null;
  const first = Number(rest.slice(0, firstEnd));
  const slash = skipBlanks(rest, firstEnd);
  if (rest.charCodeAt(slash) === 47) {
    const totalStart = skipBlanks(rest, slash + 1);
    const totalEnd = numberEnd(rest, totalStart);
    if (totalEnd < 0) return null;
    const total = Number(rest.slice(totalStart, totalEnd));
    const message = messageAt(rest, totalEnd);
    if (message === undefined || !(total > 0) || first > total) return null;
    return withMessage(
      { progressPercent: round2((first / total) * 100), currentStep: first, totalSteps: total },
      message,
    );
  }
  const afterPercent = rest.charCodeAt(firstEnd) === 37 ? firstEnd + 1 : firstEnd;
  const message = messageAt(rest, afterPercent);
  if (message === undefined || first > 100) return null;
  return withMessage({ progressPercent: round2(first) }, message);
}

const nonNegativeInt = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v) && v >= 0;

function parseJsonProgress(line: string): ProgressUpdate | null {
  // Cheap pre-check before JSON.parse: most `{...}` lines in a log are not progress reports.
  if (!line.includes('"progress"')) return null;
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch {
    return null;
  }
  if (!isPlainObject(value)) return null;
  const progress = value.progress;
  if (typeof progress !== 'number' || !Number.isFinite(progress) || progress < 0 || progress > 1) return null;
  const update: ProgressUpdate = { progressPercent: round2(progress * 100) };
  if (typeof value.message === 'string' && value.message.trim()) update.message = value.message.trim();
  if (nonNegativeInt(value.current_step)) update.currentStep = value.current_step;
  if (nonNegativeInt(value.total_steps)) update.totalSteps = value.total_steps;
  if (typeof value.current_item === 'string' && value.current_item) update.currentItem = value.current_item;
  return update;
}

function parseResultArgs(rest: string): Record<string, unknown> | null {
  try {
    const value: unknown = JSON.parse(rest);
    return isPlainObject(value) ? value : null;
  } catch {
    return null;
  }
}

/** The protocol message a stdout line carries, or null for ordinary log text. */
export function parseProtocolLine(rawLine: string): ProtocolMessage | null {
  const line = rawLine.trimEnd(); // \r\n from Windows programs, trailing blanks
  if (line.startsWith(PROGRESS_PREFIX)) {
    const rest = line.slice(PROGRESS_PREFIX.length);
    if (!isBlank(rest.charCodeAt(0))) return null; // "::progressive" is not a progress line
    const update = parseProgressArgs(rest.trim());
    return update ? { kind: 'progress', update } : null;
  }
  if (line.startsWith(RESULT_PREFIX)) {
    const rest = line.slice(RESULT_PREFIX.length);
    if (!isBlank(rest.charCodeAt(0))) return null;
    const patch = parseResultArgs(rest.trim());
    return patch ? { kind: 'result', patch } : null;
  }
  if (line.startsWith('{') && line.endsWith('}')) {
    const update = parseJsonProgress(line);
    return update ? { kind: 'progress', update } : null;
  }
  return null;
}

/** What is kept of a line over the limit: its first and last bytes (decoded), and its full length. */
export interface OverlongLine {
  head: string;
  tail: string;
  bytes: number;
}

/**
 * A `::result` line over the limit: its counters, where the head or the tail shows them as
 * `"name": number`, and a note that the rest was dropped. Null for any other over-long line.
 */
export function parseOverlongLine(line: OverlongLine): ProtocolMessage | null {
  if (!line.head.startsWith(RESULT_PREFIX) || !isBlank(line.head.charCodeAt(RESULT_PREFIX.length)))
    return null;
  const patch: Record<string, unknown> = {};
  for (const name of COUNTER_FIELDS) {
    const pattern = new RegExp(`"${name}"\\s*:\\s*(-?\\d+(?:\\.\\d+)?(?:[eE][+-]?\\d+)?)`, 'g');
    // The first in the head (top-level counters usually come first), else the last in the tail.
    const inHead = pattern.exec(line.head);
    const inTail = inHead ? null : [...line.tail.matchAll(pattern)].pop();
    const value = Number((inHead ?? inTail)?.[1]);
    if ((inHead ?? inTail) && Number.isFinite(value)) patch[name] = value;
  }
  const kept = Object.keys(patch);
  addResultNote(
    patch,
    `a ::result line of ${line.bytes.toLocaleString('en-US')} bytes is over the ` +
      `${MAX_LINE_BYTES.toLocaleString('en-US')}-byte limit: ` +
      (kept.length ? `only its counters were kept (${kept.join(', ')})` : 'none of it could be read') +
      '; the line is in the log',
  );
  return { kind: 'result', patch };
}

const NEWLINE = 0x0a;
const COLON = 0x3a;
const BRACE = 0x7b;
const isCandidateStart = (byte: number) => byte === COLON || byte === BRACE;

/**
 * The index of the next ':' or '{' that starts a line (follows a newline) at or after `from`, or -1.
 * Searches for the rare bytes natively and checks the byte before, so ordinary output costs no JS work
 * per line (searching for "\n:" instead is slow: every other byte of `yes` output is a newline).
 */
function nextCandidateLineStart(chunk: Buffer, from: number): number {
  let colon = chunk.indexOf(COLON, from);
  let brace = chunk.indexOf(BRACE, from);
  while (colon >= 0 || brace >= 0) {
    const i = colon < 0 ? brace : brace < 0 ? colon : Math.min(colon, brace);
    if (i > 0 && chunk[i - 1] === NEWLINE) return i;
    if (i === colon) colon = chunk.indexOf(COLON, i + 1);
    else brace = chunk.indexOf(BRACE, i + 1);
  }
  return -1;
}

/**
 * Splits a byte stream into lines and hands over only the lines that could be protocol lines (starting
 * with ':' or '{'), decoded as UTF-8 or the task's encoding. Handles lines split across chunks and multi-byte characters split
 * across chunks (it splits bytes, decoding whole lines only). Lines longer than `maxLineBytes` are skipped,
 * so a task printing one endless line cannot grow memory.
 */
export class ProtocolLineScanner {
  private atLineStart = true;
  private pending: Buffer[] | null = null;
  private pendingBytes = 0;
  private skipping = false;
  /** While skipping an over-long line: its first bytes, its last bytes so far, and its length. */
  private overHead: Buffer | null = null;
  private overTail: Buffer | null = null;
  private overBytes = 0;
  /** Candidate lines dropped for being too long (for tests and diagnostics). */
  skippedLines = 0;

  constructor(
    private readonly onLine: (line: string) => void,
    private readonly maxLineBytes = MAX_LINE_BYTES,
    /** Gets the head and tail of every candidate line over the limit (see parseOverlongLine). */
    private readonly onOverlong?: (line: OverlongLine) => void,
    private readonly keepBytes = OVERLONG_KEEP_BYTES,
    /** The task's output encoding (output-encoding.ts); default UTF-8. */
    private readonly decode: ((bytes: Buffer) => string) | undefined = undefined,
  ) {}

  push(chunk: Buffer): void {
    let pos = 0;
    if (this.pending || this.skipping) {
      const end = chunk.indexOf(NEWLINE);
      if (end < 0) {
        this.collect(chunk);
        return;
      }
      this.collect(chunk.subarray(0, end));
      this.finishPending();
      pos = end + 1;
      this.atLineStart = true;
    }
    const length = chunk.length;
    while (pos < length) {
      if (this.atLineStart && isCandidateStart(chunk[pos])) {
        const end = chunk.indexOf(NEWLINE, pos);
        if (end < 0) {
          this.pending = [];
          this.pendingBytes = 0;
          this.collect(chunk.subarray(pos));
          return;
        }
        this.emit(chunk, pos, end);
        pos = end + 1;
        continue;
      }
      const next = nextCandidateLineStart(chunk, pos);
      if (next < 0) {
        this.atLineStart = chunk[length - 1] === NEWLINE;
        return;
      }
      pos = next;
      this.atLineStart = true;
    }
  }

  /** End of stream: a last line without a newline still counts. */
  end(): void {
    if (this.pending || this.skipping) this.finishPending();
  }

  private collect(bytes: Buffer): void {
    if (this.skipping) {
      this.keepTail(bytes);
      return;
    }
    if (!this.pending) return;
    if (this.pendingBytes + bytes.length > this.maxLineBytes) {
      const sofar = Buffer.concat([...this.pending, bytes]);
      this.pending = null;
      this.pendingBytes = 0;
      this.skipping = true;
      this.skippedLines++;
      this.overHead = Buffer.from(sofar.subarray(0, this.keepBytes));
      this.overTail = null;
      this.overBytes = 0;
      this.keepTail(sofar);
      return;
    }
    // Copy: the chunk's memory belongs to the stream.
    this.pending.push(Buffer.from(bytes));
    this.pendingBytes += bytes.length;
  }

  private keepTail(bytes: Buffer): void {
    this.overBytes += bytes.length;
    const joined = this.overTail ? Buffer.concat([this.overTail, bytes]) : bytes;
    this.overTail = Buffer.from(joined.subarray(Math.max(0, joined.length - this.keepBytes)));
  }

  private finishPending(): void {
    if (this.pending) {
      const line = Buffer.concat(this.pending, this.pendingBytes);
      this.emit(line, 0, line.length);
    } else if (this.skipping && this.overHead && this.overTail) {
      this.overlong(this.overHead, this.overTail, this.overBytes);
    }
    this.pending = null;
    this.pendingBytes = 0;
    this.skipping = false;
    this.overHead = this.overTail = null;
    this.overBytes = 0;
  }

  private emit(bytes: Buffer, start: number, end: number): void {
    if (end - start > this.maxLineBytes) {
      this.skippedLines++;
      const keep = Math.min(this.keepBytes, end - start);
      this.overlong(bytes.subarray(start, start + keep), bytes.subarray(end - keep, end), end - start);
      return;
    }
    this.onLine(this.decode ? this.decode(bytes.subarray(start, end)) : bytes.toString('utf8', start, end));
  }

  private overlong(head: Buffer, tail: Buffer, bytes: number): void {
    // A cut multi-byte character at either edge decodes as U+FFFD, which no counter pattern matches.
    const text = (b: Buffer) => (this.decode ? this.decode(b) : b.toString('utf8'));
    this.onOverlong?.({ head: text(head), tail: text(tail), bytes });
  }
}
