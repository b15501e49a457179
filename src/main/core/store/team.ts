// scheduler_leases: the data folder's lease (one row naming the scheduler that owns the schedule) and, in
// team mode, one presence row per scheduler (`team:<holder>`), each with a heartbeat. The rules (when a
// lease is free, when a scheduler is dead) are scheduler/lease.ts's and scheduler/team.ts's; this module only
// reads and writes the rows. The other team-wide statements (server clock, change digest, notifications,
// health probe) are in store/team-signals.ts.
import type { Database } from '../db/database';
import { execute, select } from './sql';

/** A lease or presence row. */
export interface LeaseRow {
  holder: string;
  pid: number;
  hostname: string;
  heartbeatAt: number;
}

interface RawLeaseRow {
  holder: string;
  pid: number;
  hostname: string;
  heartbeat_at: number;
}

const toLease = (row: RawLeaseRow): LeaseRow => ({
  holder: row.holder,
  pid: Number(row.pid),
  hostname: row.hostname,
  heartbeatAt: Number(row.heartbeat_at),
});

export async function readLeaseRow(db: Database, name: string): Promise<LeaseRow | null> {
  const [row] = await select<RawLeaseRow>(
    db,
    'SELECT holder, pid, hostname, heartbeat_at FROM scheduler_leases WHERE name = ?',
    [name],
  );
  return row ? toLease(row) : null;
}

/** Creates the row `name` unless it exists (then nothing changes: whoever wrote it first holds it). */
export async function insertLeaseRow(db: Database, name: string, lease: LeaseRow): Promise<void> {
  await execute(
    db,
    `INSERT INTO scheduler_leases (name, holder, pid, hostname, heartbeat_at) VALUES (?, ?, ?, ?, ?)
     ON CONFLICT(name) DO NOTHING`,
    [name, lease.holder, lease.pid, lease.hostname, lease.heartbeatAt],
  );
}

/**
 * Takes the row `name` over from `previous` (the holder and heartbeat we judged dead): conditional on that
 * row, so if another scheduler took it meanwhile, it is not stolen.
 */
export async function takeOverLeaseRow(
  db: Database,
  name: string,
  lease: LeaseRow,
  previous: Pick<LeaseRow, 'holder' | 'heartbeatAt'>,
): Promise<void> {
  await execute(
    db,
    `UPDATE scheduler_leases SET holder = ?, pid = ?, hostname = ?, heartbeat_at = ?
      WHERE name = ? AND holder = ? AND heartbeat_at = ?`,
    [lease.holder, lease.pid, lease.hostname, lease.heartbeatAt, name, previous.holder, previous.heartbeatAt],
  );
}

/** Refreshes the heartbeat of `name` if `holder` still holds it; false when it does not. */
export async function touchLeaseRow(
  db: Database,
  name: string,
  holder: string,
  now: number,
): Promise<boolean> {
  const changes = await execute(
    db,
    'UPDATE scheduler_leases SET heartbeat_at = ? WHERE name = ? AND holder = ?',
    [now, name, holder],
  );
  return changes === 1;
}

/** Deletes the row `name`; only while `holder` holds it when one is given. */
export async function deleteLeaseRow(db: Database, name: string, holder?: string): Promise<void> {
  if (holder === undefined) await execute(db, 'DELETE FROM scheduler_leases WHERE name = ?', [name]);
  else await execute(db, 'DELETE FROM scheduler_leases WHERE name = ? AND holder = ?', [name, holder]);
}

/** Writes a scheduler's presence row, or refreshes its heartbeat. */
export async function upsertPresenceRow(db: Database, name: string, lease: LeaseRow): Promise<void> {
  await execute(
    db,
    `INSERT INTO scheduler_leases (name, holder, pid, hostname, heartbeat_at) VALUES (?, ?, ?, ?, ?)
     ON CONFLICT (name) DO UPDATE SET heartbeat_at = excluded.heartbeat_at`,
    [name, lease.holder, lease.pid, lease.hostname, lease.heartbeatAt],
  );
}

/** Deletes the rows named `prefix`... whose heartbeat is older than `before`; returns how many. */
export async function deletePresenceRowsBefore(
  db: Database,
  prefix: string,
  before: number,
): Promise<number> {
  return execute(db, 'DELETE FROM scheduler_leases WHERE name LIKE ? AND heartbeat_at < ?', [
    `${prefix}%`,
    before,
  ]);
}

/** The rows named `prefix`... with a heartbeat at or after `since`. */
export async function liveLeaseRows(db: Database, prefix: string, since: number): Promise<LeaseRow[]> {
  const rows = await select<RawLeaseRow>(
    db,
    `SELECT holder, pid, hostname, heartbeat_at FROM scheduler_leases WHERE name LIKE ? AND heartbeat_at >= ?`,
    [`${prefix}%`, since],
  );
  return rows.map(toLease);
}
