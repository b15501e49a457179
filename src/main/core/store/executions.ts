// task_executions: the row type, the ONE row-to-object mapper, and the reads of single runs. Every other
// statement on the table is in a store/execution-*.ts module (writes of the runner, history, stats,
// recovery, requests, retention) and maps its rows here.
// The reads the runner makes per fire (status, queue) are hand-written on the driver (store/sql.ts's
// rawAll: Sequelize costs about a millisecond per statement); an execution's detail with its task goes
// through the models and their association.
import type { Execution, ExecutionStatus, Trigger } from '../../../shared/types';
import type { Database } from '../db/database';
import { executionResult } from '../result-json';
import { placeholders, rawAll, select } from './sql';

export interface ExecutionRow {
  id: number;
  task_id: number;
  task_name?: string | null;
  status: string;
  trigger: string;
  scheduled_at: number | null;
  start_time: number | null;
  end_time: number | null;
  duration_seconds: number | null;
  exit_code: number | null;
  result_json: string | null;
  error_message: string | null;
  retry_count: number;
  pid: number | null;
  log_path: string | null;
  paused_at?: number | null;
  retry_of?: number | null;
  upstream_execution_id?: number | null;
  trigger_detail?: string | null;
  webhook_outcome?: string | null;
  created_at: number;
}

const parseJson = (text: string | null | undefined): Record<string, unknown> | null => {
  if (!text) return null;
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === 'object' && value !== null && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : null;
  } catch {
    return null;
  }
};

/** What a run's trigger_detail shows: the environment a queued triggered run gets is kept out of it. */
export function triggerDetailOf(text: string | null | undefined): Record<string, unknown> | null {
  const detail = parseJson(text);
  if (!detail) return null;
  const { env: _env, ...shown } = detail;
  return shown;
}

const num = (value: unknown): number | null => (value === null || value === undefined ? null : Number(value));

export function rowToExecution(row: ExecutionRow): Execution {
  const execution: Execution = {
    id: Number(row.id),
    taskId: Number(row.task_id),
    status: row.status as ExecutionStatus,
    trigger: row.trigger as Trigger,
    scheduledAt: num(row.scheduled_at),
    startTime: num(row.start_time),
    endTime: num(row.end_time),
    durationSeconds: num(row.duration_seconds),
    exitCode: num(row.exit_code),
    errorMessage: row.error_message ?? null,
    retryCount: Number(row.retry_count ?? 0),
    pid: num(row.pid),
    logPath: row.log_path ?? null,
    createdAt: Number(row.created_at),
    ...executionResult(row.result_json),
  };
  if (row.task_name !== undefined && row.task_name !== null) execution.taskName = row.task_name;
  // Only a running execution is paused (a crash may leave the column set on a row recovery ended).
  if (row.paused_at !== undefined && row.paused_at !== null && row.status === 'running') {
    execution.pausedAt = Number(row.paused_at);
  }
  if (row.retry_of !== undefined && row.retry_of !== null) execution.retryOf = Number(row.retry_of);
  // Issue #16: the chain's upstream run, what started a triggered run, the last webhook delivery.
  if (row.upstream_execution_id !== undefined && row.upstream_execution_id !== null) {
    execution.upstreamExecutionId = Number(row.upstream_execution_id);
  }
  const detail = triggerDetailOf(row.trigger_detail);
  if (detail) execution.triggerDetail = detail;
  const webhook = parseJson(row.webhook_outcome);
  if (webhook) execution.webhook = webhook as Execution['webhook'];
  return execution;
}

/** The columns selected for an Execution DTO, with the task's name (`e` = task_executions). */
export const EXECUTION_COLUMNS = `e.id, e.task_id, e.status, e."trigger", e.scheduled_at, e.start_time, e.end_time,
  e.duration_seconds, e.exit_code, e.result_json, e.error_message, e.retry_count, e.pid, e.log_path,
  e.paused_at, e.retry_of, e.created_at, (SELECT t.name FROM scheduled_tasks t WHERE t.id = e.task_id) AS task_name`;

/** Statuses counted as failures in stats and the dashboard. */
export const FAILED_STATUSES = ['failed', 'timed_out', 'interrupted'] as const;
export const FAILED_SQL = `('failed', 'timed_out', 'interrupted')`;

/** Runs of one task (or all) that started in [from, to] (each bound optional). */
export interface RunRange {
  taskId?: number;
  from?: number;
  to?: number;
}

/** The WHERE conditions (on `e`) of a RunRange; their values are added to `params`. */
export function rangeConditions(range: RunRange, params: Record<string, unknown>): string[] {
  const conditions: string[] = [];
  if (range.taskId !== undefined) {
    conditions.push('e.task_id = :taskId');
    params.taskId = range.taskId;
  }
  if (range.from !== undefined) {
    conditions.push('e.start_time >= :from');
    params.from = range.from;
  }
  if (range.to !== undefined) {
    conditions.push('e.start_time <= :to');
    params.to = range.to;
  }
  return conditions;
}

/** The model attributes an Execution is made of (the mapper's columns, without the task's name). */
const DETAIL_ATTRIBUTES = [
  'id',
  'task_id',
  'status',
  'trigger',
  'scheduled_at',
  'start_time',
  'end_time',
  'duration_seconds',
  'exit_code',
  'result_json',
  'error_message',
  'retry_count',
  'pid',
  'log_path',
  'paused_at',
  'retry_of',
  'upstream_execution_id',
  'trigger_detail',
  'webhook_outcome',
  'created_at',
];

/**
 * One execution with what it needs of its task (its name, and how its output is decoded): TaskExecution with
 * its ScheduledTask included, in one statement.
 */
export async function getExecutionDetail(
  db: Database,
  id: number,
): Promise<{ execution: Execution; outputEncoding: string | null } | null> {
  const found = await db.models.TaskExecution.findByPk(id, {
    attributes: DETAIL_ATTRIBUTES,
    include: [{ model: db.models.ScheduledTask, as: 'task', attributes: ['name', 'output_encoding'] }],
  });
  if (!found) return null;
  const plain = found.get({ plain: true }) as ExecutionRow & {
    task?: { name?: string; output_encoding?: string | null };
  };
  const task = plain.task;
  return {
    execution: rowToExecution({ ...plain, task_name: task?.name ?? null }),
    outputEncoding: task?.output_encoding ?? null,
  };
}

/** One execution with its task's name. */
export async function getExecution(db: Database, id: number): Promise<Execution | null> {
  return (await getExecutionDetail(db, id))?.execution ?? null;
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

/** The machine that ran execution `id` (null: unknown, or no such run). */
export async function executionHost(db: Database, id: number): Promise<string | null> {
  const [row] = await select<{ host: string | null }>(db, 'SELECT host FROM task_executions WHERE id = ?', [
    id,
  ]);
  return row?.host ?? null;
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
  /** A triggered run's detail (JSON), with the environment it gets when it starts. */
  trigger_detail: string | null;
}

/** Every queued execution, oldest due first (FIFO for the concurrency limit). */
export async function queuedExecutions(db: Database): Promise<QueuedRow[]> {
  const rows = await rawAll<QueuedRow>(
    db,
    `SELECT id, task_id, "trigger", scheduled_at, start_time, retry_count, created_at, trigger_detail
       FROM task_executions WHERE status = 'queued' ORDER BY start_time, id`,
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

/** Which of `ids` are still `running`. */
export async function runningAmong(db: Database, ids: number[]): Promise<Set<number>> {
  if (ids.length === 0) return new Set();
  const rows = await select<{ id: number }>(
    db,
    `SELECT id FROM task_executions WHERE status = 'running' AND id IN (${placeholders(ids.length)})`,
    ids,
  );
  return new Set(rows.map((r) => Number(r.id)));
}

/** Runs that started or ended since `since`, oldest id first (team events' catch-up after a reconnect). */
export async function executionsChangedSince(db: Database, since: number, limit: number): Promise<number[]> {
  const rows = await select<{ id: number }>(
    db,
    `SELECT id FROM task_executions WHERE start_time >= :since OR end_time >= :since ORDER BY id LIMIT :limit`,
    { since, limit },
  );
  return rows.map((r) => Number(r.id));
}
