// Retention's statements on task_executions: finished runs chosen by age or by a task's count limit, read
// and deleted in bounded batches. Only finished executions are ever chosen or deleted (never queued or
// running ones); the batching, the log files and the schedule are scheduler/retention.ts's.
import type { Database } from '../db/database';
import { execute, placeholders, select } from './sql';

const FINISHED = `status NOT IN ('queued', 'running')`;

/** Which runs a batch is taken from: by start time, or one task's runs older than its N-th newest. */
export type RetentionScope =
  { startedBefore: number } | { taskId: number; olderThan: { startTime: number; id: number } };

/** Up to `limit` finished runs in `scope`, with their log paths. */
export async function finishedRunsIn(
  db: Database,
  scope: RetentionScope,
  limit: number,
): Promise<{ id: number; log_path: string | null }[]> {
  const [where, params] =
    'startedBefore' in scope
      ? ['start_time < :cutoff', { cutoff: scope.startedBefore }]
      : [
          'task_id = :taskId AND (start_time, id) < (:edgeTime, :edgeId)',
          { taskId: scope.taskId, edgeTime: scope.olderThan.startTime, edgeId: scope.olderThan.id },
        ];
  const rows = await select<{ id: number; log_path: string | null }>(
    db,
    `SELECT id, log_path FROM task_executions WHERE ${where} AND ${FINISHED} LIMIT :batch`,
    { ...params, batch: limit },
  );
  return rows.map((r) => ({ id: Number(r.id), log_path: r.log_path }));
}

/** Deletes runs among `ids` that are still finished (one may have changed since it was read); how many. */
export async function deleteFinishedRuns(db: Database, ids: number[]): Promise<number> {
  if (ids.length === 0) return 0;
  return execute(
    db,
    `DELETE FROM task_executions WHERE id IN (${placeholders(ids.length)}) AND ${FINISHED}`,
    ids,
  );
}

/** The tasks with more than `n` runs. */
export async function tasksWithMoreRunsThan(db: Database, n: number): Promise<number[]> {
  const rows = await select<{ task_id: number }>(
    db,
    `SELECT task_id FROM task_executions GROUP BY task_id HAVING COUNT(*) > :n`,
    { n },
  );
  return rows.map((r) => Number(r.task_id));
}

/** The (start_time, id) of a task's n-th newest run (1 = the newest); null when it has fewer. */
export async function nthNewestRun(
  db: Database,
  taskId: number,
  n: number,
): Promise<{ startTime: number; id: number } | null> {
  const [edge] = await select<{ start_time: number; id: number }>(
    db,
    `SELECT start_time, id FROM task_executions WHERE task_id = :taskId
      ORDER BY start_time DESC, id DESC LIMIT 1 OFFSET :offset`,
    { taskId, offset: n - 1 },
  );
  return edge ? { startTime: Number(edge.start_time), id: Number(edge.id) } : null;
}
