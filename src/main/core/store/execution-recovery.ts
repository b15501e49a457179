// The statements of crash recovery and of the team reaper on task_executions: finding runs a dead
// scheduler left `running` or `queued`, marking one `interrupted` so that of two processes only one wins,
// and the live runs other schedulers hold (by their heartbeat). The decisions stay in scheduler/recovery.ts
// and scheduler/team.ts.
import type { Database } from '../db/database';
import { execute, rawAll, select } from './sql';

/** A run left behind by a scheduler that stopped, as read for recovery or reaping. */
export interface LeftoverRun {
  id: number;
  status: string;
  pid: number | null;
  pid_started_at: number | null;
  host: string | null;
  task_id: number;
  retry_count: number;
  cancel_request: string | null;
}

const LEFTOVER_COLUMNS = 'id, status, task_id, retry_count, pid, pid_started_at, host, cancel_request';

/**
 * Runs a crash left behind. At start (`onlyStaleRuns` false; we just took the lease, so no scheduler is
 * running): every run whose heartbeat is missing or older than `stale`, and every queued run except a retry
 * due after `now`. Later (`onlyStaleRuns`): only runs of lease-less processes whose heartbeat stopped.
 */
export async function leftoverRuns(
  db: Database,
  options: { stale: number; now: number; onlyStaleRuns: boolean },
): Promise<LeftoverRun[]> {
  const where = options.onlyStaleRuns
    ? `status = 'running' AND heartbeat_at IS NOT NULL AND heartbeat_at < :stale`
    : `(status = 'running' AND (heartbeat_at IS NULL OR heartbeat_at < :stale))
         OR (status = 'queued' AND NOT ("trigger" = 'retry' AND start_time > :now))`;
  return select<LeftoverRun>(db, `SELECT ${LEFTOVER_COLUMNS} FROM task_executions WHERE ${where}`, {
    stale: options.stale,
    now: options.now,
  });
}

/** Team mode: runs whose heartbeat (or, before the first one, their start) is older than `stale`. */
export async function staleRunningRuns(db: Database, stale: number): Promise<LeftoverRun[]> {
  return select<LeftoverRun>(
    db,
    `SELECT ${LEFTOVER_COLUMNS} FROM task_executions
      WHERE status = 'running' AND COALESCE(heartbeat_at, start_time) < ?`,
    [stale],
  );
}

/** A run still `running` in its row: what its retry needs. */
export async function runningRun(
  db: Database,
  id: number,
): Promise<{ task_id: number; retry_count: number } | null> {
  const [row] = await select<{ task_id: number; retry_count: number }>(
    db,
    `SELECT task_id, retry_count FROM task_executions WHERE id = ? AND status = 'running'`,
    [id],
  );
  return row ?? null;
}

/**
 * What must still hold for a leftover run to be marked: its status is still the one read, or (team reaper)
 * it is still running with a heartbeat older than `staleBefore`.
 */
export type InterruptGuard = { status: string } | { staleBefore: number };

/**
 * Marks one leftover run `interrupted` if `guard` still holds, so that of two processes recovering the same
 * row only one wins. Returns whether this call won.
 */
export async function markInterrupted(
  db: Database,
  id: number,
  now: number,
  guard: InterruptGuard,
  message: string,
): Promise<boolean> {
  const [condition, params] =
    'status' in guard
      ? ['status = :status', { status: guard.status }]
      : ["status = 'running' AND COALESCE(heartbeat_at, start_time) < :stale", { stale: guard.staleBefore }];
  const changes = await execute(
    db,
    `UPDATE task_executions
        SET status = 'interrupted', end_time = :now, error_message = :message, heartbeat_at = NULL,
            duration_seconds = CASE WHEN status = 'running' THEN ${db.dialect.greatest('0', '(:now - start_time) / 1000.0')} END
      WHERE id = :id AND ${condition}`,
    { ...params, now, message, id },
  );
  return changes === 1;
}

/**
 * Up to five live runs of `taskId` (heartbeat, or start before the first one, at or after `liveSince`),
 * oldest first. One statement on the status index, whose `running` entries are few. Team mode reads it
 * for a fire, so straight on the driver (sql.ts), without Sequelize's cost per statement.
 */
export async function liveRunsOfTask(
  db: Database,
  taskId: number,
  liveSince: number,
): Promise<{ id: number; host: string | null }[]> {
  const rows = await rawAll<{ id: number; host: string | null }>(
    db,
    `SELECT id, host FROM task_executions
      WHERE status = 'running' AND task_id = ? AND COALESCE(heartbeat_at, start_time) >= ?
      ORDER BY id LIMIT 5`,
    [taskId, liveSince],
  );
  return rows.map((r) => ({ id: Number(r.id), host: r.host }));
}

/** The tasks with a live run on some scheduler (heartbeat, or start, at or after `liveSince`). */
export async function tasksWithLiveRuns(db: Database, liveSince: number): Promise<Set<number>> {
  const rows = await select<{ task_id: number }>(
    db,
    `SELECT DISTINCT task_id FROM task_executions
      WHERE status = 'running' AND COALESCE(heartbeat_at, start_time) >= ?`,
    [liveSince],
  );
  return new Set(rows.map((r) => Number(r.task_id)));
}
