// Row <-> DTO mapping and tiny SQL helpers shared by the services. The services speak raw SQL for every
// hot path (list, history, delete, retention) so that the statements are exactly the ones we measured.
import { QueryTypes, type Transaction } from 'sequelize';
import type {
  Execution,
  ExecutionStatus,
  MisfirePolicy,
  NotifyOn,
  OverlapPolicy,
  Task,
  TaskInput,
  Trigger,
} from '../../../shared/types';
import type { Database } from '../db/database';
import { executionResult, parseResult } from '../result-json';

type Replacements = unknown[] | Record<string, unknown>;

export async function select<T>(
  db: Database,
  sql: string,
  replacements: Replacements = [],
  transaction?: Transaction,
): Promise<T[]> {
  return db.sequelize.query(sql, {
    replacements: replacements as never,
    type: QueryTypes.SELECT,
    raw: true,
    transaction,
  }) as Promise<T[]>;
}

/** Runs an INSERT; returns the new row's id (PostgreSQL: through RETURNING id). */
export async function insert(
  db: Database,
  sql: string,
  replacements: Replacements,
  transaction?: Transaction,
): Promise<number> {
  if (db.dialect.name === 'postgres') {
    const [row] = await select<{ id: number }>(db, `${sql} RETURNING id`, replacements, transaction);
    return Number(row.id);
  }
  const [lastId] = (await db.sequelize.query(sql, {
    replacements: replacements as never,
    type: QueryTypes.INSERT,
    transaction,
  })) as unknown as [number, number];
  return lastId;
}

/** Runs an UPDATE or DELETE; returns the number of rows changed. */
export async function execute(
  db: Database,
  sql: string,
  replacements: Replacements = [],
  transaction?: Transaction,
): Promise<number> {
  return (await db.sequelize.query(sql, {
    replacements: replacements as never,
    type: QueryTypes.BULKUPDATE,
    transaction,
  })) as unknown as number;
}

/** `?, ?, ?` for an IN list of `count` positional parameters. */
export const placeholders = (count: number): string => Array.from({ length: count }, () => '?').join(', ');

/** A LIKE pattern that matches `text` literally anywhere (used with ESCAPE '\'). */
export function containsPattern(text: string): string {
  return '%' + text.replace(/[\\%_]/g, (ch) => '\\' + ch) + '%';
}

export interface TaskRow {
  id: number;
  name: string;
  description: string;
  command: string;
  working_dir: string;
  env_json: string;
  cron_expression: string;
  timezone: string;
  enabled: number | boolean;
  paused: number | boolean;
  timeout_seconds: number;
  max_retries: number;
  retry_delay_seconds: number;
  overlap_policy: string;
  misfire_policy: string;
  misfire_grace_seconds: number;
  notify_on: string;
  next_run_at: number | null;
  last_slot_at?: number | null;
  host_tag?: string | null;
  output_encoding?: string | null;
  success_exit_codes?: string | null;
  created_at: number;
  updated_at: number;
}

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
  created_at: number;
}

function parseEnv(json: string | null | undefined): Record<string, string> {
  const value = parseResult(json);
  const env: Record<string, string> = {};
  for (const [key, v] of Object.entries(value)) if (typeof v === 'string') env[key] = v;
  return env;
}

const num = (value: unknown): number | null => (value === null || value === undefined ? null : Number(value));

export function rowToTask(row: TaskRow): Task {
  return {
    id: Number(row.id),
    name: row.name,
    description: row.description ?? '',
    command: row.command,
    workingDir: row.working_dir ?? '',
    env: parseEnv(row.env_json),
    cronExpression: row.cron_expression,
    timezone: row.timezone,
    enabled: Boolean(row.enabled),
    paused: Boolean(row.paused),
    timeoutSeconds: Number(row.timeout_seconds),
    maxRetries: Number(row.max_retries),
    retryDelaySeconds: Number(row.retry_delay_seconds),
    overlapPolicy: row.overlap_policy as OverlapPolicy,
    misfirePolicy: row.misfire_policy as MisfirePolicy,
    misfireGraceSeconds: Number(row.misfire_grace_seconds),
    notifyOn: row.notify_on as NotifyOn,
    hostTag: row.host_tag ?? null,
    outputEncoding: row.output_encoding || 'auto',
    successExitCodes: parseExitCodes(row.success_exit_codes),
    nextRunAt: num(row.next_run_at),
    createdAt: Number(row.created_at),
    updatedAt: Number(row.updated_at),
  };
}

/** The columns a TaskInput maps to, for INSERT and UPDATE. */
export function taskInputToColumns(input: TaskInput): Record<string, unknown> {
  return {
    name: input.name,
    description: input.description,
    command: input.command,
    working_dir: input.workingDir,
    env_json: JSON.stringify(input.env ?? {}),
    cron_expression: input.cronExpression,
    timezone: input.timezone,
    enabled: input.enabled ? 1 : 0,
    paused: input.paused ? 1 : 0,
    timeout_seconds: input.timeoutSeconds,
    max_retries: input.maxRetries,
    retry_delay_seconds: input.retryDelaySeconds,
    overlap_policy: input.overlapPolicy,
    misfire_policy: input.misfirePolicy,
    misfire_grace_seconds: input.misfireGraceSeconds,
    notify_on: input.notifyOn,
    host_tag: input.hostTag ? input.hostTag : null,
    output_encoding: input.outputEncoding || 'auto',
    success_exit_codes: JSON.stringify(input.successExitCodes?.length ? input.successExitCodes : [0]),
  };
}

/** Every TaskInput field of a task (what export writes and import reads). */
export function taskToInput(task: Task): TaskInput {
  return {
    name: task.name,
    description: task.description,
    command: task.command,
    workingDir: task.workingDir,
    env: task.env,
    cronExpression: task.cronExpression,
    timezone: task.timezone,
    enabled: task.enabled,
    paused: task.paused,
    timeoutSeconds: task.timeoutSeconds,
    maxRetries: task.maxRetries,
    retryDelaySeconds: task.retryDelaySeconds,
    overlapPolicy: task.overlapPolicy,
    misfirePolicy: task.misfirePolicy,
    misfireGraceSeconds: task.misfireGraceSeconds,
    notifyOn: task.notifyOn,
    hostTag: task.hostTag ?? null,
    outputEncoding: task.outputEncoding ?? 'auto',
    successExitCodes: task.successExitCodes ?? [0],
  };
}

/** The stored JSON list of success exit codes; [0] when missing or unreadable. */
export function parseExitCodes(json: string | null | undefined): number[] {
  try {
    const value: unknown = JSON.parse(json ?? '');
    if (Array.isArray(value) && value.length > 0 && value.every((v) => Number.isInteger(v))) return value;
  } catch {
    /* fall through */
  }
  return [0];
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
  return execution;
}

/** The columns selected for an Execution DTO, with the task's name (`e` = task_executions). */
export const EXECUTION_COLUMNS = `e.id, e.task_id, e.status, e."trigger", e.scheduled_at, e.start_time, e.end_time,
  e.duration_seconds, e.exit_code, e.result_json, e.error_message, e.retry_count, e.pid, e.log_path,
  e.paused_at, e.created_at, (SELECT t.name FROM scheduled_tasks t WHERE t.id = e.task_id) AS task_name`;

/** Statuses counted as failures in stats and the dashboard. */
export const FAILED_STATUSES = ['failed', 'timed_out', 'interrupted'] as const;
export const FAILED_SQL = `('failed', 'timed_out', 'interrupted')`;
