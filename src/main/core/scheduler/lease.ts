// The data-folder lease: one row in scheduler_leases says which scheduler owns the schedule. Two schedulers
// on one data folder never both schedule; the second learns who holds it. A lease is free when its
// heartbeat is stale (the holder hung or died elsewhere) or, on this host, when its holder's pid is gone
// (a crash restarts at once instead of waiting for the heartbeat to go stale).
import crypto from 'node:crypto';
import os from 'node:os';
import type { Database } from '../db/database';
import { CronkeeperError } from '../errors';
import {
  deleteLeaseRow,
  insertLeaseRow,
  readLeaseRow,
  takeOverLeaseRow,
  touchLeaseRow,
  type LeaseRow,
} from '../store/team';

export const LEASE_NAME = 'scheduler';
export const LEASE_HEARTBEAT_MS = 5_000;
export const LEASE_STALE_MS = 15_000;

export type LeaseHolder = LeaseRow;

export function isPidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    // EPERM: it exists but belongs to someone else.
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export function readLease(db: Database): Promise<LeaseHolder | null> {
  return readLeaseRow(db, LEASE_NAME);
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
    const ours: LeaseRow = {
      holder: this.holder,
      pid: process.pid,
      hostname: os.hostname(),
      heartbeatAt: now,
    };
    // Conditional on the row we judged dead: if another scheduler took it meanwhile, we do not steal it.
    if (!current) await insertLeaseRow(this.db, LEASE_NAME, ours);
    else await takeOverLeaseRow(this.db, LEASE_NAME, ours, current);
    const after = await readLease(this.db);
    this.held = after?.holder === this.holder;
    return this.held;
  }

  /** Refreshes the heartbeat; false when the lease was lost (we stalled and another scheduler took it). */
  async heartbeat(): Promise<boolean> {
    this.held = await touchLeaseRow(this.db, LEASE_NAME, this.holder, this.now());
    return this.held;
  }

  async release(): Promise<void> {
    if (!this.held) return;
    this.held = false;
    await deleteLeaseRow(this.db, LEASE_NAME, this.holder);
  }
}
