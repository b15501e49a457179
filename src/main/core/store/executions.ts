// task_executions: the reads of single runs. The row type and the ONE row-to-object mapper are in
// execution-row.ts (re-exported here). Every other statement on the table is in a store/execution-*.ts
// module (writes of the runner, history, stats, recovery, requests, retention) and maps its rows there.
// The reads the runner makes per fire (status, queue) are hand-written on the driver (store/sql.ts's
// rawAll: Sequelize costs about a millisecond per statement); an execution's detail with its task goes
// through the models and their association.
import type { Execution, ExecutionStatus, Trigger } from '../../../shared/types';
import type { Database } from '../db/database';
import { rowToExecution, type ExecutionRow } from './execution-row';
import { placeholders, rawAll, select } from './sql';

export {
  EXECUTION_COLUMNS,
  FAILED_SQL,
  FAILED_STATUSES,
  rangeConditions,
  rowToExecution,
  triggerDetailOf,
  type ExecutionRow,
  type RunRange,
} from './execution-row';

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
  const execution = rowToExecution({ ...plain, task_name: task?.name ?? null });
  await hideRemovedLinks(db, execution);
  return { execution, outputEncoding: task?.output_encoding ?? null };
}

/**
 * The run a retry retried, or a chain run followed, may have been removed since (retention, a deleted task):
 * the ids are plain columns, not foreign keys (migration 0011), so the record keeps them, and the detail
 * offers a link only to a run that still exists. One statement, and only when there is a link.
 */
async function hideRemovedLinks(db: Database, execution: Execution): Promise<void> {
  const linked = [execution.retryOf, execution.upstreamExecutionId].filter(
    (id): id is number => typeof id === 'number',
  );
  if (linked.length === 0) return;
  const rows = await select<{ id: number }>(
    db,
    `SELECT id FROM task_executions WHERE id IN (${placeholders(linked.length)})`,
    linked,
  );
  const kept = new Set(rows.map((r) => Number(r.id)));
  if (execution.retryOf != null && !kept.has(execution.retryOf)) delete execution.retryOf;
  if (execution.upstreamExecutionId != null && !kept.has(execution.upstreamExecutionId)) {
    delete execution.upstreamExecutionId;
  }
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

/** An execution's stored trigger_detail as written (with the environment a triggered run started with). */
export async function triggerDetailText(db: Database, id: number): Promise<string | null> {
  const [row] = await rawAll<{ trigger_detail: string | null }>(
    db,
    'SELECT trigger_detail FROM task_executions WHERE id = ?',
    [id],
  );
  return row?.trigger_detail ?? null;
}
