// The scheduler's view of its database: healthy, or "degraded" since a database error (a full disk, a
// PostgreSQL server that restarts or is unreachable). While degraded the scheduler does not tick; this
// module retries its recovery with backoff (0.5 s doubling to 30 s) on a timer that keeps the process alive,
// so a database fault can never leave `serve` with an empty event loop (the silent exit 0 of issue #19).
// Between those attempts a cheap probe (one small statement) runs every second: when the database answers
// it again after failing, the recovery is tried at once, so scheduling resumes within about a second of the
// database coming back, while a database that stays broken costs one full attempt per backoff step.
// An outage is logged once when it starts and once when it ends, with both times; the ended outages are
// kept (a few) so that slots which fell inside one are recorded with that cause, not "was not running".
import fs from 'node:fs';
import type { SchedulerHealth } from '../../../shared/types';

export const RETRY_FIRST_MS = 500;
export const RETRY_MAX_MS = 30_000;
export const PROBE_MS = 1_000;
/** Ended outages remembered for the reasons of late slots (the newest few are enough). */
const OUTAGES_KEPT = 8;
const REASON_MAX_CHARS = 300;

export interface Outage {
  from: number;
  to: number;
  reason: string;
}

/** Below this much free space the SQLite probe fails: a write into WAL space already there would not. */
const SQLITE_MIN_FREE_BYTES = 1024 * 1024;

/**
 * The probe of an SQLite data folder: some free space on its disk, then one small write. On a full disk a
 * write may still fit in the WAL file's existing space, so the free space is what tells that it came back.
 */
export async function probeSqlite(dataDir: string, write: () => Promise<unknown>): Promise<void> {
  const stats = await fs.promises.statfs(dataDir);
  if (stats.bavail * stats.bsize < SQLITE_MIN_FREE_BYTES) throw new Error('the disk is full');
  await write();
}

/** Errors that mean "the database cannot be used right now", as opposed to a bug or bad data. */
export function isDatabaseError(err: unknown): boolean {
  if (!err || typeof err !== 'object') return false;
  const e = err as { name?: unknown; code?: unknown; message?: unknown; parent?: { code?: unknown } };
  const name = typeof e.name === 'string' ? e.name : '';
  const code = String(e.parent?.code ?? e.code ?? '');
  const message = typeof e.message === 'string' ? e.message : '';
  // A busy database is waited for by busy_timeout; a constraint violation is a logic outcome, not an outage.
  if (/SQLITE_BUSY|SQLITE_LOCKED/.test(code + message)) return false;
  if (/UniqueConstraint|ForeignKeyConstraint|Validation/.test(name)) return false;
  if (/^Sequelize/.test(name)) return true;
  if (/^SQLITE_/.test(code) || /^SQLITE_/.test(message)) return true;
  // libpq / node-postgres: connection classes 08, admin shutdown 57P0x, and socket errors.
  if (/^(08|57P0)/.test(code)) return true;
  if (/^(ECONNREFUSED|ECONNRESET|ETIMEDOUT|EPIPE|EHOSTUNREACH|ENETUNREACH|ENOSPC|EIO)$/.test(code))
    return true;
  return /Connection terminated|connection is closed|database system is (starting up|shutting down)/i.test(
    message,
  );
}

/** One line of an error: its message, without the stack, bounded. */
export function errorLine(err: unknown): string {
  const text = err instanceof Error ? `${err.name}: ${err.message}` : String(err);
  const line = text.split('\n')[0].replace(/\p{Cc}/gu, ' ');
  return line.length <= REASON_MAX_CHARS ? line : `${line.slice(0, REASON_MAX_CHARS - 1)}…`;
}

export const isoTime = (ms: number) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');

/** The reason recorded on a slot that passed while the database could not be used. */
export function outageMissedMessage(outage: { from: number; to: number }): string {
  return `Missed: the database was unavailable from ${isoTime(outage.from)} to ${isoTime(outage.to)}`;
}

export interface DbHealthOptions {
  now: () => number;
  log: (line: string) => void;
  /** Try to recover (re-check claims, re-plan, tick). Resolve: the database answered; reject: still down. */
  recover: () => Promise<void>;
  /** One cheap statement that fails while the database is unusable (a write on SQLite: reads work on a full disk). */
  probe: () => Promise<unknown>;
  /** The state changed (degraded, recovered): tell the listeners. */
  onChange: () => void;
}

export class DbHealth {
  private since: number | null = null;
  private reason: string | null = null;
  private attempts = 0;
  private delayMs = RETRY_FIRST_MS;
  private handle: NodeJS.Timeout | null = null;
  private probeHandle: NodeJS.Timeout | null = null;
  /** The probe failed since the last recovery attempt: its next success means "back", try at once. */
  private probeSawDown = false;
  /** The database answers the probe but the recovery failed: try again after this long (doubling). */
  private probeGapMs = PROBE_MS;
  private lastAttemptAt = 0;
  private attempting = false;
  private closed = false;
  private readonly outages: Outage[] = [];
  /** When the current recovery attempt began: the end of the outage if it succeeds. */
  private attemptAt: number | null = null;

  constructor(private readonly opts: DbHealthOptions) {}

  get degraded(): boolean {
    return this.since !== null;
  }

  /**
   * A database error: enter the degraded state (logged once) or, already there, note it. The next recovery
   * attempt is scheduled with the current backoff.
   */
  failed(err: unknown): void {
    if (this.closed) return;
    const reason = errorLine(err);
    const now = this.opts.now();
    if (this.since === null) {
      this.since = now;
      this.reason = reason;
      this.attempts = 0;
      this.delayMs = RETRY_FIRST_MS;
      this.opts.log(
        `Scheduler degraded: the database is unavailable since ${isoTime(now)} (${reason}); ` +
          `scheduling is suspended and retried with backoff`,
      );
      this.opts.onChange();
    } else if (this.delayMs === RETRY_MAX_MS && this.attempts % 10 === 0) {
      // A long outage: a reminder every ten attempts (five minutes), not one line per attempt.
      this.opts.log(`Scheduler degraded: the database is still unavailable (${reason})`);
    }
    this.reason = reason;
    this.schedule();
    this.startProbe();
  }

  /** Called by the recovery just before it starts writing: slots up to now belong to this outage. */
  beginAttempt(): void {
    this.attemptAt = this.opts.now();
  }

  /** The recovery succeeded: the outage is over, recorded once with its start and end. */
  recovered(): Outage | null {
    if (this.since === null) return null;
    const outage: Outage = {
      from: this.since,
      to: this.attemptAt ?? this.opts.now(),
      reason: this.reason ?? 'unknown error',
    };
    this.outages.push(outage);
    if (this.outages.length > OUTAGES_KEPT) this.outages.shift();
    this.since = null;
    this.reason = null;
    this.attemptAt = null;
    this.probeGapMs = PROBE_MS;
    this.clearTimer();
    const seconds = Math.round((outage.to - outage.from) / 100) / 10;
    this.opts.log(
      `Scheduler recovered: the database was unavailable from ${isoTime(outage.from)} to ` +
        `${isoTime(outage.to)} (${seconds} s, ${outage.reason}); re-planned and scheduling again`,
    );
    this.opts.onChange();
    return outage;
  }

  /**
   * The outage a slot fell in (ended, or the current one up to this attempt), for its reason. A slot just
   * before the first error counts: it was being handled when the database failed.
   */
  outageOf(slot: number, graceMs: number): { from: number; to: number } | null {
    const current = this.since !== null ? [{ from: this.since, to: this.attemptAt ?? this.opts.now() }] : [];
    for (const o of [...current, ...this.outages]) {
      if (slot >= o.from - graceMs && slot <= o.to) return o;
    }
    return null;
  }

  status(): SchedulerHealth {
    const last = this.outages.at(-1) ?? null;
    return {
      health: this.degraded ? 'degraded' : 'ok',
      degradedSince: this.since,
      degradedReason: this.reason,
      lastOutage: last ? { ...last } : null,
    };
  }

  /** No more attempts (the scheduler stops). */
  close(): void {
    this.closed = true;
    this.clearTimer();
  }

  open(): void {
    this.closed = false;
  }

  private schedule(): void {
    if (this.closed || this.handle || this.attempting) return;
    const delay = this.delayMs;
    this.delayMs = Math.min(RETRY_MAX_MS, this.delayMs * 2);
    // Not unref'd on purpose: while the database is down this timer is what keeps the process alive.
    this.handle = setTimeout(() => {
      this.handle = null;
      this.attempt();
    }, delay);
  }

  private attempt(): void {
    if (this.closed || this.since === null || this.attempting) return;
    this.clearTimer();
    this.attempts++;
    this.attempting = true;
    this.probeSawDown = false;
    this.lastAttemptAt = this.opts.now();
    this.opts.recover().then(
      () => {
        this.attempting = false;
      },
      (err) => {
        this.attempting = false;
        this.failed(err);
      },
    );
  }

  private startProbe(): void {
    if (this.closed || this.probeHandle) return;
    this.probeHandle = setInterval(() => {
      if (this.since === null || this.closed) return this.stopProbe();
      if (this.attempting) return;
      this.opts.probe().then(
        () => {
          if (this.probeSawDown) {
            this.probeGapMs = PROBE_MS;
            this.attempt();
          } else if (this.opts.now() - this.lastAttemptAt >= this.probeGapMs) {
            // It answers, yet the last attempt failed (a dead pooled connection, a write that did not fit):
            // try again, less and less often if it keeps failing.
            this.probeGapMs = Math.min(RETRY_MAX_MS, this.probeGapMs * 2);
            this.attempt();
          }
        },
        () => {
          this.probeSawDown = true;
        },
      );
    }, PROBE_MS);
  }

  private stopProbe(): void {
    if (this.probeHandle) clearInterval(this.probeHandle);
    this.probeHandle = null;
  }

  private clearTimer(): void {
    if (this.handle) clearTimeout(this.handle);
    this.handle = null;
    if (this.since === null || this.closed) this.stopProbe();
  }
}
