// Retention: keeps at most N executions per task and/or D days of history. Only finished executions are
// ever deleted (never queued or running ones). Deletion runs in bounded batches that each take the write
// lock briefly, yielding to the event loop in between so that the scheduler and the UI stay responsive.
// The engine calls this after runs and once a day.
import fs from 'node:fs/promises';
import type { Database } from '../db/database';
import { removeWithRetry } from '../remove-file';
import { logsDir } from '../paths';
import {
  deleteFinishedRuns,
  finishedRunsIn,
  nthNewestRun,
  tasksWithMoreRunsThan,
  type RetentionScope,
} from '../store/execution-retention';
import { checkLogPath } from '../runner/log-confinement';

export interface RetentionOptions {
  /** Delete finished executions that started more than this many days ago; 0 = no age limit. */
  days: number;
  /** Keep only the newest this-many executions of each task; 0 = no count limit. */
  runsPerTask: number;
  now: number;
  batchSize?: number;
  /**
   * The data folder: a deleted run's log file is removed only when its real path lies inside its logs/
   * (a row may name any path; see log-confinement.ts). Otherwise only the row goes.
   */
  dataDir: string;
  /** Apply the per-task limit to this task only (after one of its runs), instead of scanning every task. */
  taskId?: number;
}

export interface RetentionResult {
  deleted: number;
  /** The log files of the deleted executions (already removed from disk). */
  logPaths: string[];
  /** Log paths of deleted rows that pointed outside logs/: left alone on disk. */
  refusedLogPaths: string[];
}

const DAY_MS = 24 * 3600 * 1000;

const yieldToEventLoop = () => new Promise<void>((resolve) => setImmediate(resolve));

/** Deletes one batch of finished runs in `scope`; returns the rows deleted (0 when done). */
async function deleteBatch(
  db: Database,
  scope: RetentionScope,
  batchSize: number,
  logs: string,
  result: RetentionResult,
): Promise<number> {
  const rows = await finishedRunsIn(db, scope, batchSize);
  if (rows.length === 0) return 0;
  // Re-checking the status makes the delete safe even if a row changed since the SELECT.
  const deleted = await deleteFinishedRuns(
    db,
    rows.map((r) => r.id),
  );
  result.deleted += deleted;
  for (const row of rows) {
    if (!row.log_path) continue;
    const check = await checkLogPath(logs, row.log_path);
    if (check.kind === 'outside') {
      result.refusedLogPaths.push(row.log_path);
      continue;
    }
    // Retried: on Windows an antivirus scanner may hold a fresh log open for a moment (remove-file.ts).
    if (check.kind === 'inside') await removeWithRetry(check.realPath, (file) => fs.rm(file));
    result.logPaths.push(row.log_path);
  }
  return rows.length;
}

export async function applyRetention(db: Database, options: RetentionOptions): Promise<RetentionResult> {
  const batchSize = Math.max(1, options.batchSize ?? 500);
  const result: RetentionResult = { deleted: 0, logPaths: [], refusedLogPaths: [] };
  const logs = logsDir(options.dataDir);

  if (options.days > 0) {
    const cutoff = options.now - options.days * DAY_MS;
    while (
      (await deleteBatch(db, { startedBefore: cutoff }, batchSize, logsDir(options.dataDir), result)) > 0
    ) {
      await yieldToEventLoop();
    }
  }

  if (options.runsPerTask > 0) {
    // Per task, the (start_time, id) of its N-th newest execution: everything older goes. Both lookups
    // walk the (task_id, start_time) index of one task only.
    const tasks =
      options.taskId !== undefined ? [options.taskId] : await tasksWithMoreRunsThan(db, options.runsPerTask);
    for (const taskId of tasks) {
      const edge = await nthNewestRun(db, taskId, options.runsPerTask);
      if (!edge) continue;
      const scope = { taskId, olderThan: edge };
      while ((await deleteBatch(db, scope, batchSize, logs, result)) > 0) await yieldToEventLoop();
      await yieldToEventLoop();
    }
  }
  return result;
}
