// A scheduled_tasks row and the Task object it stands for: the row type and the ONE mapping between them.
// TASK_FIELDS says, once, which column holds which field and how its stored value is read. rowToTask reads
// a row with it (task get/create/update, export, the runner's loads, the PostgreSQL list); the SQLite task
// list, a hot path, has SQLite build the same object as JSON from the same table (taskJsonPairs), because
// there one JSON.parse per row costs less than the driver's per-cell work for 24 columns.
import type { MisfirePolicy, NotifyOn, OverlapPolicy, Task, TaskInput } from '../../../shared/types';
import { parseTags, tagKeysColumn } from '../../../shared/tag-keys';
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
  tags?: string | null;
  created_at: number;
  updated_at: number;
}

/** What the runner needs of a task: the Task, whether it is planned at all, and its last claimed slot. */
export interface RunnableTask extends Task {
  schedulable: boolean;
  lastSlotAt: number | null;
  /** Team mode: only schedulers carrying this tag run the task; null runs anywhere. */
  hostTag: string | null;
  /** How the output is decoded (output-encoding.ts). */
  outputEncoding: string;
  /** Exit codes that count as success. */
  successExitCodes: number[];
}

/** How one stored value is read: in JavaScript (`read`) and, for the SQLite list, in SQL (`sql`). */
interface Kind {
  read(value: unknown): unknown;
  sql(column: string): string;
}

const num = (value: unknown): number | null => (value === null || value === undefined ? null : Number(value));
const same = (column: string) => column;

const int: Kind = { read: Number, sql: same };
const intOrNull: Kind = { read: num, sql: same };
const text: Kind = { read: (value) => value, sql: same };
const textOr = (fallback: string): Kind => ({ read: (value) => value ?? fallback, sql: same });
const textOrNull: Kind = { read: (value) => value ?? null, sql: same };
const bool: Kind = {
  read: (value) => Boolean(Number(value)),
  sql: (column) => `json(CASE WHEN ${column} THEN 'true' ELSE 'false' END)`,
};
const encoding: Kind = {
  read: (value) => value || 'auto',
  sql: (column) => `COALESCE(NULLIF(${column}, ''), 'auto')`,
};
// The SQL forms keep only what the JavaScript keeps: an env object's text values, and a non-empty list of
// integers. The usual stored values ('{}', '[0]') skip the json_each walk.
const env: Kind = {
  read: (value) => parseEnv(value as string | null),
  sql: (c) =>
    `CASE WHEN ${c} = '{}' OR NOT json_valid(${c}) OR json_type(${c}) <> 'object' THEN json('{}')
      ELSE (SELECT json_group_object(key, value) FROM json_each(${c}) WHERE type = 'text') END`,
};
const exitCodes: Kind = {
  read: (value) => parseExitCodes(value as string | null),
  sql: (c) =>
    `CASE WHEN ${c} = '[0]' THEN json('[0]')
      WHEN json_valid(${c}) AND json_type(${c}) = 'array' AND json_array_length(${c}) > 0
        AND NOT EXISTS (SELECT 1 FROM json_each(${c}) WHERE type <> 'integer') THEN json(${c})
      ELSE json('[0]') END`,
};

// Tags: a JSON array as typed; anything else reads as no tags.
const tags: Kind = {
  read: (value) => parseTags(value as string | null),
  sql: (c) => `CASE WHEN json_valid(${c}) AND json_type(${c}) = 'array' THEN json(${c}) ELSE json('[]') END`,
};

/** Every Task field, the column it is stored in, and how the stored value is read. */
export const TASK_FIELDS: readonly { field: keyof Task; column: keyof TaskRow; kind: Kind }[] = [
  { field: 'id', column: 'id', kind: int },
  { field: 'name', column: 'name', kind: text },
  { field: 'description', column: 'description', kind: textOr('') },
  { field: 'command', column: 'command', kind: text },
  { field: 'workingDir', column: 'working_dir', kind: textOr('') },
  { field: 'env', column: 'env_json', kind: env },
  { field: 'cronExpression', column: 'cron_expression', kind: text },
  { field: 'timezone', column: 'timezone', kind: text },
  { field: 'enabled', column: 'enabled', kind: bool },
  { field: 'paused', column: 'paused', kind: bool },
  { field: 'timeoutSeconds', column: 'timeout_seconds', kind: int },
  { field: 'maxRetries', column: 'max_retries', kind: int },
  { field: 'retryDelaySeconds', column: 'retry_delay_seconds', kind: int },
  { field: 'overlapPolicy', column: 'overlap_policy', kind: text },
  { field: 'misfirePolicy', column: 'misfire_policy', kind: text },
  { field: 'misfireGraceSeconds', column: 'misfire_grace_seconds', kind: int },
  { field: 'notifyOn', column: 'notify_on', kind: text },
  { field: 'hostTag', column: 'host_tag', kind: textOrNull },
  { field: 'outputEncoding', column: 'output_encoding', kind: encoding },
  { field: 'successExitCodes', column: 'success_exit_codes', kind: exitCodes },
  { field: 'tags', column: 'tags', kind: tags },
  { field: 'nextRunAt', column: 'next_run_at', kind: intOrNull },
  { field: 'createdAt', column: 'created_at', kind: int },
  { field: 'updatedAt', column: 'updated_at', kind: int },
];

function parseEnv(json: string | null | undefined): Record<string, string> {
  const value = parseResult(json);
  const result: Record<string, string> = {};
  for (const [key, v] of Object.entries(value)) if (typeof v === 'string') result[key] = v;
  return result;
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

/**
 * The task with one id (a positional parameter), for the CLI's quick read path, which has no models; the app
 * reads it through the ScheduledTask model (tasks.ts findTask). Both map the row with rowToTask.
 */
export const TASK_BY_ID_SQL = 'SELECT * FROM scheduled_tasks WHERE id = ?';

/** The one row-to-Task mapper. */
export function rowToTask(row: TaskRow): Task {
  const task: Record<string, unknown> = {};
  for (const { field, column, kind } of TASK_FIELDS) task[field] = kind.read(row[column]);
  return task as unknown as Task;
}

/** A row as the runner sees it: the same mapping, plus the two scheduling facts. */
export function rowToRunnable(row: TaskRow): RunnableTask {
  const task = rowToTask(row) as RunnableTask;
  task.schedulable = task.enabled && !task.paused;
  task.lastSlotAt = num(row.last_slot_at);
  return task;
}

/** `'id', t.id, 'name', t.name, ...`: the Task as json_object pairs in SQLite, read as rowToTask reads it. */
export function taskJsonPairs(alias: string): string {
  return TASK_FIELDS.map(({ field, column, kind }) => `'${field}', ${kind.sql(`${alias}.${column}`)}`).join(
    ',\n  ',
  );
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
    tags: JSON.stringify(input.tags ?? []),
    tag_keys: tagKeysColumn(input.tags ?? []),
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
    overlapPolicy: task.overlapPolicy as OverlapPolicy,
    misfirePolicy: task.misfirePolicy as MisfirePolicy,
    misfireGraceSeconds: task.misfireGraceSeconds,
    notifyOn: task.notifyOn as NotifyOn,
    hostTag: task.hostTag ?? null,
    outputEncoding: task.outputEncoding ?? 'auto',
    successExitCodes: task.successExitCodes ?? [0],
    tags: task.tags ?? [],
  };
}
