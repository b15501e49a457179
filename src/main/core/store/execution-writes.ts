// The runner's per-fire writes on task_executions: slot claims, a queued run's claim, the started process's
// pid and log, the final row, heartbeats and the paused mark. Every statement is one statement on
// Sequelize's default connection (never a transaction): a transaction opens another connection, whose
// commit would bump our own `PRAGMA data_version` and make the data-version watch re-plan after our own
// writes. They go straight to the driver (sql.ts's rawAll/rawRun: same connection, without Sequelize's
// per-query overhead), and runs that start or end in the same turn share ONE statement (turn-batch.ts).
import { UniqueConstraintError } from 'sequelize';
import type { ExecutionStatus, Trigger } from '../../../shared/types';
import type { Database } from '../db/database';
import { TurnBatch } from './turn-batch';
import { placeholders, rawAll, rawRun } from './sql';

export interface NewExecution {
  taskId: number;
  status: ExecutionStatus;
  trigger: Trigger;
  scheduledAt: number | null;
  startTime: number;
  endTime?: number | null;
  errorMessage?: string | null;
  retryCount?: number;
  host?: string | null;
  createdAt: number;
  /** A chain run's upstream run: the unique (task_id, upstream_execution_id) is its claim. */
  upstreamExecutionId?: number | null;
  /** What started a triggered run (JSON text). */
  triggerDetail?: string | null;
}

function isUniqueViolation(err: unknown): boolean {
  if (err instanceof UniqueConstraintError) return true;
  const message = err instanceof Error ? err.message : String(err);
  return /UNIQUE constraint failed|duplicate key value violates unique constraint/i.test(message);
}

const INSERT_COLUMNS = `task_id, status, "trigger", scheduled_at, start_time, end_time, error_message,
  retry_count, host, created_at, upstream_execution_id, trigger_detail`;

function insertParams(row: NewExecution): unknown[] {
  return [
    row.taskId,
    row.status,
    row.trigger,
    row.scheduledAt,
    row.startTime,
    row.endTime ?? null,
    row.errorMessage ?? null,
    row.retryCount ?? 0,
    row.host ?? null,
    row.createdAt,
    row.upstreamExecutionId ?? null,
    row.triggerDetail ?? null,
  ];
}

/** SQLite's default limit is 32,766 parameters; 12 per row. */
const CLAIM_CHUNK = 500;
const ROW_VALUES = `(${placeholders(12)})`;

/**
 * Inserts many slot executions (scheduledAt set) in ONE statement per chunk: INSERT OR IGNORE on the unique
 * (task_id, scheduled_at) is the claim, and RETURNING tells which slots are ours. The result is in the order
 * of `rows`: the new id, or null when another process (or an earlier run of ours) already holds the slot.
 * A statement that fails for another reason (a task deleted meanwhile) falls back to one insert per row.
 */
export async function insertSlotExecutions(db: Database, rows: NewExecution[]): Promise<(number | null)[]> {
  const ids = new Map<string, number>();
  for (let i = 0; i < rows.length; i += CLAIM_CHUNK) {
    const chunk = rows.slice(i, i + CLAIM_CHUNK);
    try {
      const { head, tail } = db.dialect.insertIgnore;
      const returned = await rawAll<{ id: number; task_id: number; scheduled_at: number }>(
        db,
        `${head} INTO task_executions (${INSERT_COLUMNS})
         VALUES ${chunk.map(() => ROW_VALUES).join(', ')}
         ${tail}${tail ? ' ' : ''}RETURNING id, task_id, scheduled_at`,
        chunk.flatMap(insertParams),
      );
      for (const r of returned) ids.set(`${r.task_id}:${r.scheduled_at}`, Number(r.id));
    } catch {
      for (const row of chunk) {
        const id = await insertExecution(db, row).catch(() => null);
        if (id !== null) ids.set(`${row.taskId}:${row.scheduledAt}`, id);
      }
    }
  }
  // The same slot twice in one batch: only the first row inserted it.
  const given = new Set<string>();
  return rows.map((row) => {
    const key = `${row.taskId}:${row.scheduledAt}`;
    if (given.has(key)) return null;
    given.add(key);
    return ids.get(key) ?? null;
  });
}

/**
 * Inserts an execution. For a slot (scheduledAt set) the unique (task_id, scheduled_at) index is the claim:
 * when another process (or an earlier run of ours) already holds the slot, returns null instead of an id.
 */
export async function insertExecution(db: Database, row: NewExecution): Promise<number | null> {
  try {
    const { lastID } = await rawRun(
      db,
      `INSERT INTO task_executions (${INSERT_COLUMNS}) VALUES ${ROW_VALUES}${db.dialect.returningId}`,
      insertParams(row),
    );
    return lastID;
  } catch (err) {
    const claimed = row.scheduledAt !== null || (row.upstreamExecutionId ?? null) !== null;
    if (claimed && isUniqueViolation(err)) return null;
    throw err;
  }
}

/**
 * Moves many queued executions to running in ONE statement (a pump starting what waited); returns the ids
 * this call took, so that a row someone else took (or cancelled) meanwhile is left alone.
 */
export async function claimQueuedRows(
  db: Database,
  ids: readonly number[],
  startTime: number,
  host: string,
): Promise<Set<number>> {
  const taken = new Set<number>();
  for (let i = 0; i < ids.length; i += CLAIM_CHUNK) {
    const chunk = ids.slice(i, i + CLAIM_CHUNK);
    const rows = await rawAll<{ id: number }>(
      db,
      `UPDATE task_executions SET status = 'running', start_time = ?, host = ?
       WHERE status = 'queued' AND id IN (${placeholders(chunk.length)}) RETURNING id`,
      [startTime, host, ...chunk],
    );
    for (const r of rows) taken.add(Number(r.id));
  }
  return taken;
}

export interface ProcessInfo {
  pid: number | null;
  pidStartedAt: number | null;
  /** null: the log file could not be created (the output was kept in memory). */
  logPath: string | null;
  heartbeatAt: number | null;
}

/**
 * Records a started process's pid and log. Runs started in the same turn of the event loop (a tick firing
 * many slots) share ONE UPDATE, issued right after that turn; the promise settles when it is written.
 */
export function setProcessInfo(db: Database, id: number, info: ProcessInfo): Promise<void> {
  return processInfoBatch.add(db, { id, info });
}

const processInfoBatch = new TurnBatch<{ id: number; info: ProcessInfo }>(async (db, rows) => {
  const [big, text] = [db.dialect.typed('bigint'), db.dialect.typed('text')];
  await rawRun(
    db,
    `UPDATE task_executions AS e SET pid = v.column2, pid_started_at = v.column3, log_path = v.column4,
       heartbeat_at = v.column5
     FROM (VALUES ${rows.map(() => `(${big}, ${big}, ${big}, ${text}, ${big})`).join(', ')}) AS v
     WHERE e.id = v.column1`,
    rows.flatMap(({ id, info }) => [id, info.pid, info.pidStartedAt, info.logPath, info.heartbeatAt]),
  );
});

export interface FinalFields {
  status: ExecutionStatus;
  endTime: number;
  durationSeconds: number | null;
  exitCode: number | null;
  resultJson: string | null;
  errorMessage: string | null;
  /** The log file could not be created (on the run's first output): the row's log_path is cleared. */
  logLost?: boolean;
}

/**
 * Writes a run's final row. Runs ending in the same turn of the event loop share ONE UPDATE (turn-batch.ts);
 * the promise settles when it is written.
 */
export function finishExecution(db: Database, id: number, fields: FinalFields): Promise<void> {
  return finalBatch.add(db, { id, fields });
}

const finalBatch = new TurnBatch<{ id: number; fields: FinalFields }>(async (db, rows) => {
  // Team mode: a run another scheduler already reaped (ours stalled past the heartbeat bound) stays
  // `interrupted`; its retry may be running elsewhere.
  const stillOurs = db.dialect.teamMode ? ` AND e.status = 'running'` : '';
  const [big, text, double] = ['bigint', 'text', 'double'].map((t) =>
    db.dialect.typed(t as 'bigint' | 'text' | 'double'),
  );
  const row = `(${big}, ${text}, ${big}, ${double}, ${big}, ${text}, ${text}, ${big})`;
  await rawRun(
    db,
    `UPDATE task_executions AS e SET status = v.column2, end_time = v.column3, duration_seconds = v.column4,
       exit_code = v.column5, result_json = v.column6, error_message = v.column7, heartbeat_at = NULL,
       paused_at = NULL, pause_request = NULL,
       log_path = CASE WHEN v.column8 = 1 THEN NULL ELSE e.log_path END
     FROM (VALUES ${rows.map(() => row).join(', ')}) AS v
     WHERE e.id = v.column1${stillOurs}`,
    rows.flatMap(({ id, fields: f }) => [
      id,
      f.status,
      f.endTime,
      f.durationSeconds,
      f.exitCode,
      f.resultJson,
      f.errorMessage,
      f.logLost ? 1 : 0,
    ]),
  );
});

/** Ends a queued execution without running it (cancelled, interrupted); false if it was no longer queued. */
export async function endQueued(
  db: Database,
  id: number,
  status: ExecutionStatus,
  endTime: number,
  message: string,
): Promise<boolean> {
  const { changes } = await rawRun(
    db,
    `UPDATE task_executions SET status = ?, end_time = ?, error_message = ? WHERE id = ? AND status = 'queued'`,
    [status, endTime, message, id],
  );
  return changes === 1;
}

/** Refreshes heartbeat_at of runs this process is running; returns how many are still `running`. */
export async function touchHeartbeats(db: Database, ids: number[], now: number): Promise<number> {
  if (ids.length === 0) return 0;
  const { changes } = await rawRun(
    db,
    `UPDATE task_executions SET heartbeat_at = ? WHERE status = 'running' AND id IN (${placeholders(ids.length)})`,
    [now, ...ids],
  );
  return changes;
}

/** Records that a run is paused since `pausedAt`, or (null) running again. */
export async function setPausedAt(db: Database, id: number, pausedAt: number | null): Promise<void> {
  await rawRun(db, `UPDATE task_executions SET paused_at = ? WHERE id = ? AND status = 'running'`, [
    pausedAt,
    id,
  ]);
}
