// The data-folder lease: one row in scheduler_leases says which scheduler owns the schedule. Two schedulers
// on one data folder never both schedule; the second learns who holds it. A lease is free when its
// heartbeat is stale (the holder hung or died elsewhere) or, on this host, when its holder's pid is gone
// (a crash restarts at once instead of waiting for the heartbeat to go stale).
import crypto from 'node:crypto';
import os from 'node:os';
import type { Database } from '../db/database';
import { CronkeeperError } from '../errors';
import { execute, select } from '../store/sql';

export const LEASE_NAME = 'scheduler';
export const LEASE_HEARTBEAT_MS = 5_000;
export const LEASE_STALE_MS = 15_000;

export interface LeaseHolder {
  holder: string;
  pid: number;
  hostname: string;
  heartbeatAt: number;
}

export function isPidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    // EPERM: it exists but belongs to someone else.
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export async function readLease(db: Database): Promise<LeaseHolder | null> {
  const [row] = await select<{ holder: string; pid: number; hostname: string; heartbeat_at: number }>(
    db,
    'SELECT holder, pid, hostname, heartbeat_at FROM scheduler_leases WHERE name = ?',
    [LEASE_NAME],
  );
  if (!row) return null;
  return {
    holder: row.holder,
    pid: Number(row.pid),
    hostname: row.hostname,
    heartbeatAt: Number(row.heartbeat_at),
  };
}

/** Whether a lease row belongs to a scheduler that is still alive. */
export function isLive(lease: LeaseHolder, now: number): boolean {
  if (now - lease.heartbeatAt > LEASE_STALE_MS) return false;
  if (lease.hostname === os.hostname() && !isPidAlive(lease.pid)) return false;
  return true;
}

export function lockedError(lease: LeaseHolder): CronkeeperError {
  return new CronkeeperError(
    'LOCKED',
    `Another Cronkeeper scheduler (pid ${lease.pid} on ${lease.hostname}) is already running on this data folder`,
  );
}

export class SchedulerLease {
  readonly holder = crypto.randomUUID();
  private held = false;

  constructor(
    private readonly db: Database,
    private readonly now: () => number,
  ) {}

  get isHeld(): boolean {
    return this.held;
  }

  /** Takes the lease if free, stale or ours; otherwise throws LOCKED naming the live holder. */
  async acquire(): Promise<void> {
    if (await this.tryAcquire()) return;
    const current = await readLease(this.db);
    throw lockedError(current ?? { holder: '?', pid: 0, hostname: '?', heartbeatAt: 0 });
  }

  /** One attempt: true when we hold the lease afterwards. */
  async tryAcquire(): Promise<boolean> {
    const now = this.now();
    const current = await readLease(this.db);
    if (current && current.holder !== this.holder && isLive(current, now)) return false;
    if (!current) {
      await execute(
        this.db,
        `INSERT INTO scheduler_leases (name, holder, pid, hostname, heartbeat_at) VALUES (?, ?, ?, ?, ?)
         ON CONFLICT(name) DO NOTHING`,
        [LEASE_NAME, this.holder, process.pid, os.hostname(), now],
      );
    } else {
      // Conditional on the row we judged dead: if another scheduler took it meanwhile, we do not steal it.
      await execute(
        this.db,
        `UPDATE scheduler_leases SET holder = ?, pid = ?, hostname = ?, heartbeat_at = ?
          WHERE name = ? AND holder = ? AND heartbeat_at = ?`,
        [this.holder, process.pid, os.hostname(), now, LEASE_NAME, current.holder, current.heartbeatAt],
      );
    }
    const after = await readLease(this.db);
    this.held = after?.holder === this.holder;
    return this.held;
  }

  /** Refreshes the heartbeat; false when the lease was lost (we stalled and another scheduler took it). */
  async heartbeat(): Promise<boolean> {
    const changes = await execute(
      this.db,
      'UPDATE scheduler_leases SET heartbeat_at = ? WHERE name = ? AND holder = ?',
      [this.now(), LEASE_NAME, this.holder],
    );
    this.held = changes === 1;
    return this.held;
  }

  async release(): Promise<void> {
    if (!this.held) return;
    this.held = false;
    await execute(this.db, 'DELETE FROM scheduler_leases WHERE name = ? AND holder = ?', [
      LEASE_NAME,
      this.holder,
    ]);
  }
}
