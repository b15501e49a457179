// The runner's SQL on task_executions. Every statement is one raw statement on Sequelize's default
// connection (never a transaction): a transaction opens another connection, whose commit would bump our own
// `PRAGMA data_version` and make the data-version watch re-plan after our own writes.
// The hot statements go through raw-sql.ts (same connection, without Sequelize's per-query overhead).
import { UniqueConstraintError } from 'sequelize';
import type { Execution, ExecutionStatus, Trigger } from '../../../shared/types';
import type { Database } from '../db/database';
import { EXECUTION_COLUMNS, rowToExecution, type ExecutionRow } from '../services/rows';
import { placeholders, select } from '../store/sql';
import { rawAll, rawRun } from '../store/sql';
import { TurnBatch } from './turn-batch';

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
}

/** A queued execution as the pump sees it. */
export interface QueuedRow {
  id: number;
  task_id: number;
  trigger: Trigger;
  scheduled_at: number | null;
  start_time: number;
  retry_count: number;
  created_at: number;
}

function isUniqueViolation(err: unknown): boolean {
  if (err instanceof UniqueConstraintError) return true;
  const message = err instanceof Error ? err.message : String(err);
  return /UNIQUE constraint failed|duplicate key value violates unique constraint/i.test(message);
}

const INSERT_COLUMNS = `task_id, status, "trigger", scheduled_at, start_time, end_time, error_message,
  retry_count, host, created_at`;

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
  ];
}

/** SQLite's default limit is 32,766 parameters; 10 per row. */
const CLAIM_CHUNK = 500;

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
         VALUES ${chunk.map(() => '(?, ?, ?, ?, ?, ?, ?, ?, ?, ?)').join(', ')}
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
      `INSERT INTO task_executions (${INSERT_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)${
        db.dialect.name === 'postgres' ? ' RETURNING id' : ''
      }`,
      insertParams(row),
    );
    return lastID;
  } catch (err) {
    if (row.scheduledAt !== null && isUniqueViolation(err)) return null;
    throw err;
  }
}

/** Moves a queued execution to running; false when someone else already took (or cancelled) it. */
export async function claimQueued(
  db: Database,
  id: number,
  startTime: number,
  host: string,
): Promise<boolean> {
  const { changes } = await rawRun(
    db,
    `UPDATE task_executions SET status = 'running', start_time = ?, host = ? WHERE id = ? AND status = 'queued'`,
    [startTime, host, id],
  );
  return changes === 1;
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
  const stillOurs = db.dialect.name === 'postgres' ? ` AND e.status = 'running'` : '';
  const [big, text, double] = ['bigint', 'text', 'double'].map((t) =>
    db.dialect.typed(t as 'bigint' | 'text' | 'double'),
  );
  const row = `(${big}, ${text}, ${big}, ${double}, ${big}, ${text}, ${text})`;
  await rawRun(
    db,
    `UPDATE task_executions AS e SET status = v.column2, end_time = v.column3, duration_seconds = v.column4,
       exit_code = v.column5, result_json = v.column6, error_message = v.column7, heartbeat_at = NULL,
       paused_at = NULL, pause_request = NULL
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

export async function getExecution(db: Database, id: number): Promise<Execution | null> {
  const [row] = await select<ExecutionRow>(
    db,
    `SELECT ${EXECUTION_COLUMNS} FROM task_executions e WHERE e.id = ?`,
    [id],
  );
  return row ? rowToExecution(row) : null;
}

export async function getStatus(
  db: Database,
  id: number,
): Promise<{ status: ExecutionStatus; taskId: number } | null> {
  const [row] = await rawAll<{ status: ExecutionStatus; task_id: number }>(
    db,
    'SELECT status, task_id FROM task_executions WHERE id = ?',
    [id],
  );
  return row ? { status: row.status, taskId: Number(row.task_id) } : null;
}

/** Every queued execution, oldest due first (FIFO for the concurrency limit). */
export async function queuedExecutions(db: Database): Promise<QueuedRow[]> {
  const rows = await rawAll<QueuedRow>(
    db,
    `SELECT id, task_id, "trigger", scheduled_at, start_time, retry_count, created_at FROM task_executions
      WHERE status = 'queued' ORDER BY start_time, id`,
  );
  return rows.map((r) => ({
    ...r,
    id: Number(r.id),
    task_id: Number(r.task_id),
    start_time: Number(r.start_time),
    scheduled_at: r.scheduled_at === null ? null : Number(r.scheduled_at),
    retry_count: Number(r.retry_count),
    created_at: Number(r.created_at),
  }));
}

/** The final status of a task's latest finished run before `beforeId` (for change-of-state notifications). */
export async function previousFinalStatus(
  db: Database,
  taskId: number,
  beforeId: number,
): Promise<string | null> {
  const [row] = await rawAll<{ status: string }>(
    db,
    `SELECT status FROM task_executions
      WHERE task_id = ? AND id < ? AND status IN ('success', 'failed', 'timed_out', 'cancelled', 'interrupted')
      ORDER BY id DESC LIMIT 1`,
    [taskId, beforeId],
  );
  return row?.status ?? null;
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

/** Why another process asked for a run to stop (the column cancel_request). */
export type CancelRequest = 'user' | 'replace';

/**
 * Asks whichever process runs execution `id` to cancel it (it looks at its next heartbeat). True when the
 * run was still `running`; a request never overwrites an earlier one.
 */
export async function requestCancel(db: Database, id: number, reason: CancelRequest): Promise<boolean> {
  const { changes } = await rawRun(
    db,
    `UPDATE task_executions SET cancel_request = ? WHERE id = ? AND status = 'running' AND cancel_request IS NULL`,
    [reason, id],
  );
  return changes === 1;
}

/** What another process asked of a running execution besides cancelling it (the column pause_request). */
export type PauseRequest = 'pause' | 'resume';

/** Asks whichever process runs execution `id` to pause or resume it. True when the run was `running`. */
export async function requestPause(db: Database, id: number, request: PauseRequest): Promise<boolean> {
  const { changes } = await rawRun(
    db,
    `UPDATE task_executions SET pause_request = ? WHERE id = ? AND status = 'running'`,
    [request, id],
  );
  return changes === 1;
}

/** What other processes asked of runs among `ids` (this process's own runs): cancels and pauses. */
export interface RunRequests {
  cancels: Map<number, CancelRequest>;
  pauses: Map<number, PauseRequest>;
}

/**
 * Reads the requests for runs among `ids` in one query. A pause request is taken: cleared as it is read,
 * unless a newer one replaced it meanwhile (that one is read on the next poll). A cancel request stays.
 */
export async function takeRunRequests(db: Database, ids: number[]): Promise<RunRequests> {
  const requests: RunRequests = { cancels: new Map(), pauses: new Map() };
  if (ids.length === 0) return requests;
  const rows = await select<{
    id: number;
    cancel_request: CancelRequest | null;
    pause_request: PauseRequest | null;
  }>(
    db,
    `SELECT id, cancel_request, pause_request FROM task_executions
      WHERE (cancel_request IS NOT NULL OR pause_request IS NOT NULL) AND id IN (${placeholders(ids.length)})`,
    ids,
  );
  for (const row of rows) {
    const id = Number(row.id);
    if (row.cancel_request) requests.cancels.set(id, row.cancel_request);
    if (!row.pause_request) continue;
    requests.pauses.set(id, row.pause_request);
    await rawRun(db, 'UPDATE task_executions SET pause_request = NULL WHERE id = ? AND pause_request = ?', [
      id,
      row.pause_request,
    ]);
  }
  return requests;
}

/** Records that a run is paused since `pausedAt`, or (null) running again. */
export async function setPausedAt(db: Database, id: number, pausedAt: number | null): Promise<void> {
  await rawRun(db, `UPDATE task_executions SET paused_at = ? WHERE id = ? AND status = 'running'`, [
    pausedAt,
    id,
  ]);
}
