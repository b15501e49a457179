// The link between a retry and the run it retried (task_executions.retry_of, migration 0008): set where a
// retry is queued (the scheduler after a failed run, recovery after an interrupted one), read by the
// execution drawer in both directions. Its own module so the retry path gains one call, not SQL.
import type { ExecutionStatus } from '../../../shared/types';
import type { Database } from '../db/database';
import { execute, select } from './sql';

/** The retries listed for one run at most (a task allows 10 retries; a longer chain is not shown). */
const MAX_LISTED_RETRIES = 50;

/** Records that execution `retryId` retries execution `retriedId`. Ids of 0/null (nothing inserted) are ignored. */
export async function linkRetry(
  db: Database,
  retryId: number | null | undefined,
  retriedId: number,
): Promise<void> {
  if (!retryId || !retriedId || retryId === retriedId) return;
  await execute(db, 'UPDATE task_executions SET retry_of = ? WHERE id = ?', [retriedId, retryId]);
}

export interface RetryLink {
  id: number;
  status: ExecutionStatus;
  retryCount: number;
}

/** The runs that retried `executionId`, oldest first (normally one: each retry is retried by the next). */
export async function retriesOf(db: Database, executionId: number): Promise<RetryLink[]> {
  const rows = await select<{ id: number; status: string; retry_count: number }>(
    db,
    `SELECT id, status, retry_count FROM task_executions WHERE retry_of = ? ORDER BY id LIMIT ${MAX_LISTED_RETRIES}`,
    [executionId],
  );
  return rows.map((r) => ({
    id: Number(r.id),
    status: r.status as ExecutionStatus,
    retryCount: Number(r.retry_count),
  }));
}
