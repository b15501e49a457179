// A test run as it goes: its output and progress pushed to the editor (testRun.output / testRun.progress)
// at most 10 times a second, with the progress protocol's lines left out of the shown text, and the runs
// going now by their caller-chosen id so that tasks.testRunCancel can stop one.
import type { CoreEvents } from '../events';
import { conflict } from '../errors';
import { decodeOutput } from './output-encoding';
import { parseProtocolLine, type ProgressUpdate } from './progress-parser';
import { toProgress } from './process-run';

export const LIVE_INTERVAL_MS = 100;
/** The most text one push carries; more in one interval keeps its end and says the rest was skipped. */
export const LIVE_MAX_CHARS = 64 * 1024;
/** A line longer than this is shown before its end arrives (memory stays bounded). */
const MAX_PARTIAL_BYTES = 64 * 1024;

/** Whether a line is a progress-protocol line (shown as a bar, not as text). Malformed ones are text. */
export function isProtocolLine(line: string): boolean {
  return parseProtocolLine(line) !== null;
}

/** The text without its protocol lines. */
export function withoutProtocolLines(text: string): string {
  return text
    .split(/(?<=\n)/)
    .filter((line) => !isProtocolLine(line))
    .join('');
}

export interface LiveSink {
  output(text: string, reset: boolean): void;
  progress(progressPercent: number | null, message: string | null): void;
}

/** Collects a running test's output into whole lines and pushes them, and its progress, every interval. */
export class LiveOutput {
  private readonly partial = { stdout: Buffer.alloc(0), stderr: Buffer.alloc(0) };
  /** The start of the stream's current line was already shown: its rest is text, not a protocol line. */
  private readonly midLine = { stdout: false, stderr: false };
  private pending = '';
  private reset = false;
  private dataSinceTick = false;
  private progress: { progressPercent: number | null; message: string | null } = {
    progressPercent: null,
    message: null,
  };
  private progressChanged = false;
  private readonly timer: NodeJS.Timeout;

  constructor(
    private readonly sink: LiveSink,
    private readonly encoding: string | undefined,
    intervalMs = LIVE_INTERVAL_MS,
  ) {
    this.timer = setInterval(() => this.tick(), intervalMs);
    this.timer.unref?.();
  }

  get lastProgress(): { progressPercent: number | null; message: string | null } {
    return this.progress;
  }

  push(chunk: Buffer, stream: 'stdout' | 'stderr'): void {
    this.dataSinceTick = true;
    const bytes = Buffer.concat([this.partial[stream], chunk]);
    const end = bytes.lastIndexOf(0x0a) + 1;
    if (end === 0 && bytes.length < MAX_PARTIAL_BYTES) {
      this.partial[stream] = bytes;
      return;
    }
    const whole = end === 0 ? bytes.length : end;
    this.partial[stream] = bytes.subarray(whole);
    this.addText(bytes.subarray(0, whole), stream);
  }

  onProgress(update: ProgressUpdate): void {
    const p = toProgress(update);
    const next = {
      progressPercent: p.progressPercent ?? this.progress.progressPercent,
      message: p.message ?? this.progress.message,
    };
    if (next.progressPercent === this.progress.progressPercent && next.message === this.progress.message)
      return;
    this.progress = next;
    this.progressChanged = true;
  }

  /** Pushes everything held, unfinished lines included (the run has ended). */
  finish(): void {
    clearInterval(this.timer);
    this.flushPartials();
    this.send();
  }

  dispose(): void {
    clearInterval(this.timer);
  }

  private addText(bytes: Buffer, stream: 'stdout' | 'stderr'): void {
    const text = decodeOutput(bytes, this.encoding);
    const continuing = this.midLine[stream];
    this.midLine[stream] = !text.endsWith('\n');
    // Only stdout speaks the protocol, and only at the start of a line.
    if (stream === 'stderr') this.pending += text;
    else if (!continuing) this.pending += withoutProtocolLines(text);
    else {
      const end = text.indexOf('\n') + 1 || text.length;
      this.pending += text.slice(0, end) + withoutProtocolLines(text.slice(end));
    }
    if (this.pending.length > LIVE_MAX_CHARS) {
      this.pending = this.pending.slice(this.pending.length - LIVE_MAX_CHARS);
      this.reset = true;
    }
  }

  /** An unfinished line that stays so for a whole interval (a prompt, "Working...") is shown as it is. */
  private flushPartials(): void {
    for (const stream of ['stdout', 'stderr'] as const) {
      const bytes = this.partial[stream];
      if (bytes.length === 0) continue;
      this.partial[stream] = Buffer.alloc(0);
      this.addText(bytes, stream);
    }
  }

  private tick(): void {
    // A partial line that may still become a protocol line waits for its end while data keeps coming.
    if (!this.dataSinceTick) this.flushPartialsUnlessProtocol();
    this.dataSinceTick = false;
    this.send();
  }

  private flushPartialsUnlessProtocol(): void {
    for (const stream of ['stdout', 'stderr'] as const) {
      const bytes = this.partial[stream];
      if (bytes.length === 0) continue;
      if (stream === 'stdout' && (bytes[0] === 0x3a /* : */ || bytes[0] === 0x7b) /* { */) continue;
      this.partial[stream] = Buffer.alloc(0);
      this.addText(bytes, stream);
    }
  }

  private send(): void {
    if (this.pending !== '' || this.reset) {
      const text = this.pending;
      const reset = this.reset;
      this.pending = '';
      this.reset = false;
      this.sink.output(text, reset);
    }
    if (this.progressChanged) {
      this.progressChanged = false;
      this.sink.progress(this.progress.progressPercent, this.progress.message);
    }
  }
}

/** The test runs going now, by id, for cancelling. */
export class TestRunRegistry {
  private readonly runs = new Map<string, { cancel: (() => void) | null; requested: boolean }>();
  private internal = 0;

  constructor(private readonly events: CoreEvents) {}

  /** A sink that pushes a run's output and progress as core events. */
  sinkFor(runId: string): LiveSink {
    return {
      output: (text, reset) => this.events.emit('testRun.output', { runId, text, reset }),
      progress: (progressPercent, message) =>
        this.events.emit('testRun.progress', { runId, progressPercent, message }),
    };
  }

  /** Claims an id for a run; an id already going is refused (its events would mix). */
  claim(runId: string): void {
    if (this.runs.has(runId)) throw conflict(`A test run with id ${runId} is already going`, 'runId');
    this.runs.set(runId, { cancel: null, requested: false });
  }

  /** The run's process is up: how to stop it (at once, when a cancel came while it was starting). */
  setCancel(runId: string, cancel: () => void): void {
    const run = this.runs.get(runId);
    if (!run) return;
    run.cancel = cancel;
    if (run.requested) cancel();
  }

  release(runId: string): void {
    this.runs.delete(runId);
  }

  /** An id for a run whose caller gave none (a contract id never has a dot). */
  internalId(): string {
    return `internal.${++this.internal}`;
  }

  /** Stops every test run going (the core is stopping). */
  cancelAll(): void {
    for (const runId of this.runs.keys()) this.cancel(runId);
  }

  cancel(runId: string): boolean {
    const run = this.runs.get(runId);
    if (!run) return false;
    run.requested = true;
    run.cancel?.();
    return true;
  }
}
