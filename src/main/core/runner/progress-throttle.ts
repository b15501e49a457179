// Rate-limits one execution's progress reports: listeners get at most one event per `emitIntervalMs`
// (100 ms: 10/s) and the database at most one write per `persistIntervalMs` (1 s). Latest wins: reports
// in between are dropped, and the last one is always delivered (trailing edge), by timer or by flush().
// Persists never overlap: a slow write delays the next one instead of queueing writes up.
import type { ProgressUpdate } from './progress-parser';

export interface ProgressThrottleOptions {
  emit(p: ProgressUpdate): void;
  persist(p: ProgressUpdate): void | Promise<void>;
  emitIntervalMs?: number;
  persistIntervalMs?: number;
  now?: () => number;
  /** A failed persist is reported here (and otherwise ignored: the next report tries again). */
  onError?(error: unknown): void;
}

/** One rate-limited channel (emit or persist). */
class Channel {
  private pending: ProgressUpdate | null = null;
  private last = Number.NEGATIVE_INFINITY;
  private timer: NodeJS.Timeout | null = null;
  private inFlight: Promise<void> | null = null;
  private disposed = false;

  constructor(
    private readonly deliver: (p: ProgressUpdate) => void | Promise<void>,
    private readonly intervalMs: number,
    private readonly now: () => number,
    private readonly onError: (error: unknown) => void,
  ) {}

  push(p: ProgressUpdate): void {
    if (this.disposed) return;
    this.pending = p;
    this.schedule();
  }

  private schedule(): void {
    if (this.timer || this.inFlight || !this.pending) return;
    const wait = this.last + this.intervalMs - this.now();
    if (wait <= 0) this.run();
    // Re-check on wake-up rather than run blindly: timers may fire a millisecond early.
    else this.timer = setTimeout(() => ((this.timer = null), this.schedule()), wait);
  }

  private run(): void {
    const p = this.pending;
    if (!p || this.disposed) return;
    this.pending = null;
    this.last = this.now();
    let result: void | Promise<void>;
    try {
      result = this.deliver(p);
    } catch (error) {
      this.onError(error);
      return;
    }
    if (result && typeof (result as Promise<void>).then === 'function') {
      this.inFlight = (result as Promise<void>).then(
        () => this.afterFlight(),
        (error: unknown) => (this.onError(error), this.afterFlight()),
      );
    }
  }

  private afterFlight(): void {
    this.inFlight = null;
    this.schedule();
  }

  /** Delivers what is pending now, ignoring the interval, and waits for writes in flight. */
  async flush(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    while (this.inFlight) await this.inFlight;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    if (this.pending && !this.disposed) {
      this.run();
      while (this.inFlight) await this.inFlight;
    }
  }

  dispose(): void {
    this.disposed = true;
    this.pending = null;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }
}

export class ProgressThrottle {
  private readonly emitChannel: Channel;
  private readonly persistChannel: Channel;
  private disposed = false;

  constructor(opts: ProgressThrottleOptions) {
    const now = opts.now ?? (() => Date.now());
    const onError = opts.onError ?? (() => {});
    this.emitChannel = new Channel((p) => opts.emit(p), opts.emitIntervalMs ?? 100, now, onError);
    this.persistChannel = new Channel((p) => opts.persist(p), opts.persistIntervalMs ?? 1000, now, onError);
  }

  push(p: ProgressUpdate): void {
    if (this.disposed) return;
    this.emitChannel.push(p);
    this.persistChannel.push(p);
  }

  /** The latest report is emitted and written (if it was not already) before this resolves. */
  async flush(): Promise<void> {
    await Promise.all([this.emitChannel.flush(), this.persistChannel.flush()]);
  }

  /** Drops anything pending and ignores later pushes. */
  dispose(): void {
    this.disposed = true;
    this.emitChannel.dispose();
    this.persistChannel.dispose();
  }
}
