// Crash recovery, run by the lease holder before it schedules anything. Executions a dead scheduler left
// `running` or `queued` become `interrupted` (a retry still waiting for its due time is kept). A process of
// theirs that is still alive is killed, but only after checking that the pid still belongs to the process we
// started (its start time matches): a pid the system reused for something else is never touched. An
// interrupted run is retried as its task's policy allows (as the team reaper does), unless the user had
// asked to cancel it.
import os from 'node:os';
import type { Database } from '../db/database';
import { insertExecution } from '../store/execution-writes';
import {
  leftoverRuns,
  markInterrupted,
  runningRun,
  type InterruptGuard,
  type LeftoverRun,
} from '../store/execution-recovery';
import { isSameProcess, killProcessTree } from '../runner/process-tree';
import { retryDelayMs } from './retry';
import { loadTask } from './task-rows';
import { linkRetry } from '../store/retry-links';

export const INTERRUPTED_MESSAGE = 'Interrupted: Cronkeeper stopped unexpectedly while this was running';
/** A run by a process without the lease (e.g. `cronkeeper task run`) heartbeats its row; stale after this. */
export const RUN_HEARTBEAT_STALE_MS = 15_000;

export type { LeftoverRun };

/**
 * Queues the retry an interrupted run's task allows (its current settings); none after a user's cancel.
 * Returns the retry's id, or null.
 */
export async function queueRetryAfterInterrupt(
  db: Database,
  row: Pick<LeftoverRun, 'id' | 'task_id' | 'retry_count' | 'cancel_request'>,
  now: number,
): Promise<number | null> {
  if (row.cancel_request === 'user') return null;
  const taskId = Number(row.task_id);
  const retryCount = Number(row.retry_count);
  const task = await loadTask(db, taskId);
  if (!task || retryCount >= task.maxRetries) return null;
  const retryId = await insertExecution(db, {
    taskId,
    status: 'queued',
    trigger: 'retry',
    scheduledAt: null,
    startTime: now + retryDelayMs(task.retryDelaySeconds, retryCount),
    retryCount: retryCount + 1,
    createdAt: now,
  });
  await linkRetry(db, retryId, Number(row.id));
  return retryId;
}

/** Marks a leftover run `interrupted` while `guard` holds (store/execution-recovery.ts); whether we won. */
export function interruptLeftover(
  db: Database,
  id: number,
  now: number,
  guard: InterruptGuard,
  message = INTERRUPTED_MESSAGE,
): Promise<boolean> {
  return markInterrupted(db, id, now, guard, message);
}

/** Kills a leftover run's process tree if it is on this host and its pid still belongs to the process we started. */
export async function killLeftoverProcess(row: LeftoverRun): Promise<number | null> {
  const sameHost = !row.host || row.host === os.hostname();
  if (row.status !== 'running' || !row.pid || !row.pid_started_at || !sameHost) return null;
  const pid = Number(row.pid);
  if (!isSameProcess(pid, Number(row.pid_started_at))) return null;
  await killProcessTree(pid);
  return pid;
}

export interface RecoveryReport {
  interrupted: number[];
  killed: number[];
  /** The retries queued for interrupted runs. */
  retries: number[];
}

/**
 * Interrupts what a crash left behind. Rows that another live process is running right now (their
 * heartbeat_at is fresh) and ids in `exclude` (our own runs) are left alone.
 */
export async function recoverOrphans(
  db: Database,
  now: number,
  options: { exclude?: ReadonlySet<number>; onlyStaleRuns?: boolean; log?: (line: string) => void } = {},
): Promise<RecoveryReport> {
  // At start (we just took the lease, so no scheduler is running): every run without a fresh heartbeat and
  // every queued run. Later (`onlyStaleRuns`): only runs of lease-less processes whose heartbeat stopped.
  const rows = await leftoverRuns(db, {
    stale: now - RUN_HEARTBEAT_STALE_MS,
    now,
    onlyStaleRuns: options.onlyStaleRuns ?? false,
  });
  const report: RecoveryReport = { interrupted: [], killed: [], retries: [] };
  for (const row of rows) {
    const id = Number(row.id);
    if (options.exclude?.has(id)) continue;
    if (!(await interruptLeftover(db, id, now, { status: row.status }))) continue;
    report.interrupted.push(id);
    const killed = await killLeftoverProcess(row);
    if (killed !== null) {
      report.killed.push(killed);
      options.log?.(`Recovery: killed the leftover process ${killed} of execution ${id}`);
    }
    const retryId = await queueRetryAfterInterrupt(db, row, now);
    if (retryId !== null) {
      report.retries.push(retryId);
      options.log?.(`Recovery: execution ${id} was interrupted; retry ${Number(row.retry_count) + 1} queued`);
    }
  }
  if (report.interrupted.length > 0) {
    options.log?.(`Recovery: ${report.interrupted.length} execution(s) marked interrupted`);
  }
  return report;
}

/**
 * Runs that ended while the database was unavailable (their end could not be written): still `running` in
 * their row, they become `interrupted` with `message`, and are retried as their task allows unless they had
 * been cancelled. Returns the ids so recorded.
 */
export async function recordUnrecordedRuns(
  db: Database,
  runs: [id: number, cancelled: string | null][],
  now: number,
  message: string,
): Promise<number[]> {
  const done: number[] = [];
  for (const [id, cancelled] of runs) {
    const row = await runningRun(db, id);
    if (!row) continue;
    if (!(await interruptLeftover(db, id, now, { status: 'running' }, message))) continue;
    await queueRetryAfterInterrupt(db, { ...row, id, cancel_request: cancelled ? 'user' : null }, now);
    done.push(id);
  }
  return done;
}
