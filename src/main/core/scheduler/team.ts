// Team mode (a shared PostgreSQL database): every scheduler on every machine runs at once, instead of the
// single lease holder of a SQLite data folder. Slots are claimed through the unique (task_id, scheduled_at)
// and queued runs through their row (claimQueuedRows), so each runs once. What this module adds is liveness:
// each scheduler refreshes the heartbeat of the runs it is running, announces itself in scheduler_leases
// (one `team:` row per scheduler, for the CLI to know that someone will pick a queued run up), and reaps
// the runs of schedulers whose heartbeats stopped: they become `interrupted`, and the task's retry policy
// queues a retry that any scheduler can claim.
import os from 'node:os';
import type { Database } from '../db/database';
import { runningAmong } from '../store/executions';
import {
  liveRunsOfTask,
  staleRunningRuns,
  tasksWithLiveRuns as liveTasks,
} from '../store/execution-recovery';
import { touchHeartbeats } from '../store/execution-writes';
import { deletePresenceRowsBefore, deleteLeaseRow, liveLeaseRows, upsertPresenceRow } from '../store/team';
import { isLive } from './lease';
import { interruptLeftover, killLeftoverProcess, queueRetryAfterInterrupt } from './recovery';

/** How often a scheduler refreshes its runs' heartbeats and looks for dead ones. */
export const TEAM_HEARTBEAT_MS = 2_000;
/** A run whose heartbeat is older than this is dead: reaped within TEAM_STALE_MS + TEAM_HEARTBEAT_MS. */
export const TEAM_STALE_MS = 10_000;
export const TEAM_LEASE_PREFIX = 'team:';

export interface ReapedRun {
  id: number;
  taskId: number;
  retryId: number | null;
}

/**
 * Keeps this scheduler's presence row and its runs' heartbeats fresh. Returns the ids among `runIds` that
 * are no longer `running` in the database: another scheduler reaped them while this one stalled.
 */
export async function teamHeartbeat(
  db: Database,
  holder: string,
  runIds: number[],
  now: number,
): Promise<number[]> {
  await upsertPresenceRow(db, TEAM_LEASE_PREFIX + holder, {
    holder,
    pid: process.pid,
    hostname: os.hostname(),
    heartbeatAt: now,
  });
  if ((await touchHeartbeats(db, runIds, now)) === runIds.length) return [];
  const running = await runningAmong(db, runIds);
  return runIds.filter((id) => !running.has(id));
}

/**
 * Removes the presence rows of schedulers that stopped without leaving (killed, or cut off for good): one
 * whose heartbeat is older than this is gone; a scheduler that comes back writes its row again.
 */
export const DEAD_SCHEDULER_MS = 3 * TEAM_STALE_MS;

export async function removeDeadSchedulers(db: Database, now: number): Promise<number> {
  return deletePresenceRowsBefore(db, TEAM_LEASE_PREFIX, now - DEAD_SCHEDULER_MS);
}

export async function leaveTeam(db: Database, holder: string): Promise<void> {
  await deleteLeaseRow(db, TEAM_LEASE_PREFIX + holder);
}

/** Whether some live scheduler (on any machine) will pick up a queued run. */
export async function anyLiveScheduler(db: Database, now: number): Promise<boolean> {
  const rows = await liveLeaseRows(db, TEAM_LEASE_PREFIX, now - TEAM_STALE_MS);
  return rows.some((lease) => isLive(lease, now));
}

/**
 * Marks `interrupted` every run whose heartbeat (or, before its first one, its start) is older than
 * TEAM_STALE_MS, except `exclude` (our own). The conditional UPDATE makes one reaper win per run; the winner
 * kills a leftover process when it is on this host and still the one that was started, and queues the retry
 * the task's policy allows.
 */
export async function reapDeadRuns(
  db: Database,
  now: number,
  options: { exclude?: ReadonlySet<number>; log?: (line: string) => void } = {},
): Promise<ReapedRun[]> {
  const stale = now - TEAM_STALE_MS;
  const rows = await staleRunningRuns(db, stale);
  const reaped: ReapedRun[] = [];
  for (const row of rows) {
    const id = Number(row.id);
    if (options.exclude?.has(id)) continue;
    if (!(await interruptLeftover(db, id, now, { staleBefore: stale }))) continue;
    await killLeftoverProcess(row);
    const taskId = Number(row.task_id);
    // A run the user asked to cancel is not retried, even when its machine died before it could stop it.
    const retryId = await queueRetryAfterInterrupt(db, row, now);
    options.log?.(
      `Team: execution ${id} of task ${taskId} lost its scheduler (no heartbeat); marked interrupted` +
        (retryId ? `, retry ${Number(row.retry_count) + 1} queued` : ''),
    );
    reaped.push({ id, taskId, retryId });
  }
  return reaped;
}

/** A run of a task that another scheduler (this machine's or another's) is running, alive by its heartbeat. */
export interface RemoteRun {
  id: number;
  host: string | null;
}

/**
 * The live run of `taskId` (if any) among those not in `exclude` (our own). One statement on the status
 * index, whose `running` entries are few; the scheduler asks only when it has no run of the task itself.
 */
export async function liveRunOfTask(
  db: Database,
  taskId: number,
  now: number,
  exclude: ReadonlySet<number>,
): Promise<RemoteRun | null> {
  const rows = await liveRunsOfTask(db, taskId, now - TEAM_STALE_MS);
  return rows.find((r) => !exclude.has(r.id)) ?? null;
}

/** The tasks with a live run on some scheduler (ours included): one statement per pump that needs it. */
export async function tasksWithLiveRuns(db: Database, now: number): Promise<Set<number>> {
  return liveTasks(db, now - TEAM_STALE_MS);
}
