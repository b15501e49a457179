// The chain runs that should have started and did not (the process died between recording the upstream run
// and starting the chain): for the chain sweep at start (triggers/chain-sweep.ts). One statement.
import type { ChainCondition } from '../../../shared/trigger-types';
import type { ExecutionStatus } from '../../../shared/types';
import type { Database } from '../db/database';
import { select } from './sql';

export interface ChainGap {
  upstreamExecutionId: number;
  upstreamTaskId: number;
  status: ExecutionStatus;
  retryCount: number;
  /** The user asked to cancel the upstream run (then it is not retried). */
  cancelRequested: boolean;
  /** The upstream task's retry limit now. */
  maxRetries: number;
  downstreamTaskId: number;
  condition: ChainCondition;
}

/** At most this many gaps are taken per sweep (the oldest first); the next sweep takes the rest. */
export const CHAIN_GAP_LIMIT = 500;

/**
 * Upstream runs that ended (not skipped or missed, nor cancelled because Cronkeeper was shutting down: a
 * stopping scheduler starts no chain run on purpose) between `since` and `until`, each with a chain link from its task
 * whose downstream task has no run for it yet (no row with that upstream_execution_id, not even a skipped
 * one) and that no retry follows (no row with retry_of = it). Only runs that ended at or after the
 * downstream task was last saved: its links are rewritten with every save, so this is also "after the chain
 * was created", and a task paused, disabled or edited since then is not second-guessed. And only when the
 * downstream task has no runs or has one that started before the upstream run ended: retention's per-task
 * limit deletes a task's oldest runs first, so a chain run it deleted cannot be taken for a missing one.
 */
export async function chainGaps(
  db: Database,
  range: { since: number; until: number; shutdownMessage: string },
): Promise<ChainGap[]> {
  const rows = await select<{
    id: number;
    task_id: number;
    status: string;
    retry_count: number;
    cancel_request: string | null;
    max_retries: number;
    downstream_task_id: number;
    cond: string;
  }>(
    db,
    // Each link's thresholds are read once (not once per upstream run): when the downstream task was last
    // saved, and when its oldest kept run started.
    `WITH links AS MATERIALIZED (
       SELECT c.task_id, c.upstream_task_id, c."condition", u.max_retries, d.updated_at AS saved_at,
              (SELECT MIN(h.start_time) FROM task_executions h WHERE h.task_id = c.task_id) AS first_run
         FROM task_chains c
         JOIN scheduled_tasks d ON d.id = c.task_id
         JOIN scheduled_tasks u ON u.id = c.upstream_task_id
     )
     SELECT e.id, e.task_id, e.status, e.retry_count, e.cancel_request, l.max_retries,
            l.task_id AS downstream_task_id, l."condition" AS cond
       FROM links l
       JOIN task_executions e ON e.task_id = l.upstream_task_id
      WHERE e.status IN ('success', 'failed', 'timed_out', 'cancelled', 'interrupted')
        AND e.end_time IS NOT NULL AND e.end_time >= ? AND e.end_time <= ?
        AND NOT (e.status = 'cancelled' AND e.error_message = ?)
        AND e.end_time >= l.saved_at AND (l.first_run IS NULL OR l.first_run <= e.end_time)
        AND NOT EXISTS (SELECT 1 FROM task_executions x
                         WHERE x.task_id = l.task_id AND x.upstream_execution_id = e.id)
        AND NOT EXISTS (SELECT 1 FROM task_executions r WHERE r.retry_of = e.id)
      ORDER BY e.end_time, e.id, l.task_id
      LIMIT ${CHAIN_GAP_LIMIT}`,
    [range.since, range.until, range.shutdownMessage],
  );
  return rows.map((r) => ({
    upstreamExecutionId: Number(r.id),
    upstreamTaskId: Number(r.task_id),
    status: r.status as ExecutionStatus,
    retryCount: Number(r.retry_count),
    cancelRequested: r.cancel_request === 'user',
    maxRetries: Number(r.max_retries),
    downstreamTaskId: Number(r.downstream_task_id),
    condition: r.cond as ChainCondition,
  }));
}

/** Whether the task already has its run for this upstream run (the chain claim is taken). */
export async function hasChainRun(
  db: Database,
  taskId: number,
  upstreamExecutionId: number,
): Promise<boolean> {
  const rows = await select<{ id: number }>(
    db,
    `SELECT id FROM task_executions WHERE task_id = ? AND upstream_execution_id = ? LIMIT 1`,
    [taskId, upstreamExecutionId],
  );
  return rows.length > 0;
}
