// Retention: keeps at most N executions per task and/or D days of history. Only finished executions are
// ever deleted (never queued or running ones). Deletion runs in bounded batches that each take the write
// lock briefly, yielding to the event loop in between so that the scheduler and the UI stay responsive.
// The engine calls this after runs and once a day.
import fs from 'node:fs/promises';
import type { Database } from '../db/database';
import { removeWithRetry } from '../remove-file';
import { logsDir } from '../paths';
import { checkLogPath } from '../runner/log-confinement';
import { execute, select } from '../store/sql';

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
const FINISHED = `status NOT IN ('queued', 'running')`;

const yieldToEventLoop = () => new Promise<void>((resolve) => setImmediate(resolve));

/** Deletes one batch chosen by `where`; returns the rows deleted (0 when done). */
async function deleteBatch(
  db: Database,
  where: string,
  params: Record<string, unknown>,
  batchSize: number,
  logs: string,
  result: RetentionResult,
): Promise<number> {
  const rows = await select<{ id: number; log_path: string | null }>(
    db,
    `SELECT id, log_path FROM task_executions WHERE ${where} AND ${FINISHED} LIMIT :batch`,
    { ...params, batch: batchSize },
  );
  if (rows.length === 0) return 0;
  const ids = rows.map((r) => Number(r.id));
  // Re-checking the status makes the delete safe even if a row changed since the SELECT.
  const deleted = await execute(
    db,
    `DELETE FROM task_executions WHERE id IN (${ids.join(', ')}) AND ${FINISHED}`,
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
      (await deleteBatch(
        db,
        'start_time < :cutoff',
        { cutoff },
        batchSize,
        logsDir(options.dataDir),
        result,
      )) > 0
    ) {
      await yieldToEventLoop();
    }
  }

  if (options.runsPerTask > 0) {
    // Per task, the (start_time, id) of its N-th newest execution: everything older goes. Both lookups
    // walk the (task_id, start_time) index of one task only.
    const tasks =
      options.taskId !== undefined
        ? [{ task_id: options.taskId }]
        : await select<{ task_id: number }>(
            db,
            `SELECT task_id FROM task_executions GROUP BY task_id HAVING COUNT(*) > :n`,
            { n: options.runsPerTask },
          );
    for (const { task_id: taskId } of tasks) {
      const [edge] = await select<{ start_time: number; id: number }>(
        db,
        `SELECT start_time, id FROM task_executions WHERE task_id = :taskId
          ORDER BY start_time DESC, id DESC LIMIT 1 OFFSET :offset`,
        { taskId, offset: options.runsPerTask - 1 },
      );
      if (!edge) continue;
      const params = { taskId, edgeTime: edge.start_time, edgeId: edge.id };
      const where = 'task_id = :taskId AND (start_time, id) < (:edgeTime, :edgeId)';
      while ((await deleteBatch(db, where, params, batchSize, logs, result)) > 0) await yieldToEventLoop();
      await yieldToEventLoop();
    }
  }
  return result;
}
