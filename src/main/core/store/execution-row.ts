// A task_executions row and the Execution it stands for: the row type, the ONE row-to-object mapper, the
// columns an Execution is read from, and the run-range conditions. Without Sequelize, a driver or zod, so that
// the app (store/executions.ts re-exports all of it) and the CLI's quick read path map rows the same way.
import { recognize } from '../../../shared/messages';
import type { Execution, ExecutionStatus, Trigger } from '../../../shared/types';
import { executionResult } from '../result-json';

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

const num = (value: unknown): number | null => (value === null || value === undefined ? null : Number(value));

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
  // The stored English message is its code (see src/shared/messages): old rows read back the same way.
  const coded = recognize(execution.errorMessage);
  if (coded) {
    execution.messageCode = coded.code;
    execution.messageParams = coded.params;
  }
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
