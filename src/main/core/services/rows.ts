// Row <-> DTO mapping of tasks shared by the services and the runner (executions: store/executions.ts).
import type { MisfirePolicy, NotifyOn, OverlapPolicy, Task, TaskInput } from '../../../shared/types';
import { parseResult } from '../result-json';

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

// The execution mapper lives in store/executions.ts; task-service.ts still re-exports it from here (its
// owner drops that line when tasks move to the store).
export { rowToExecution } from '../store/executions';
