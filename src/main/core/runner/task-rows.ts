// The task fields the runner needs, read straight from scheduled_tasks (with last_slot_at, which the Task
// DTO does not carry). Plain statements on the default connection, without Sequelize (raw-sql.ts).
import type { MisfirePolicy, OverlapPolicy } from '../../../shared/types';
import type { Database } from '../db/database';
import type { CoreEvents } from '../events';
import { parseResult } from '../result-json';
import { parseExitCodes } from '../services/rows';
import { rawAll, rawRun } from './raw-sql';

export interface RunnableTask {
  id: number;
  name: string;
  command: string;
  workingDir: string;
  env: Record<string, string>;
  cronExpression: string;
  timezone: string;
  schedulable: boolean;
  timeoutSeconds: number;
  maxRetries: number;
  retryDelaySeconds: number;
  overlapPolicy: OverlapPolicy;
  misfirePolicy: MisfirePolicy;
  misfireGraceSeconds: number;
  nextRunAt: number | null;
  lastSlotAt: number | null;
  /** Team mode: only schedulers carrying this tag run the task; null runs anywhere. */
  hostTag: string | null;
  /** How the output is decoded (output-encoding.ts). */
  outputEncoding: string;
  /** Exit codes that count as success. */
  successExitCodes: number[];
}

interface Row {
  id: number;
  name: string;
  command: string;
  working_dir: string;
  env_json: string;
  cron_expression: string;
  timezone: string;
  enabled: number;
  paused: number;
  timeout_seconds: number;
  max_retries: number;
  retry_delay_seconds: number;
  overlap_policy: string;
  misfire_policy: string;
  misfire_grace_seconds: number;
  next_run_at: number | null;
  last_slot_at: number | null;
  host_tag: string | null;
  output_encoding: string | null;
  success_exit_codes: string | null;
}

const COLUMNS = `id, name, command, working_dir, env_json, cron_expression, timezone, enabled, paused, timeout_seconds,
  max_retries, retry_delay_seconds, overlap_policy, misfire_policy, misfire_grace_seconds, next_run_at, last_slot_at, host_tag,
  output_encoding, success_exit_codes`;

const numOrNull = (v: unknown) => (v === null || v === undefined ? null : Number(v));

function toRunnable(row: Row): RunnableTask {
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries(parseResult(row.env_json))) if (typeof v === 'string') env[k] = v;
  return {
    id: Number(row.id),
    name: row.name,
    command: row.command,
    workingDir: row.working_dir ?? '',
    env,
    cronExpression: row.cron_expression,
    timezone: row.timezone,
    schedulable: Boolean(Number(row.enabled)) && !Number(row.paused),
    timeoutSeconds: Number(row.timeout_seconds),
    maxRetries: Number(row.max_retries),
    retryDelaySeconds: Number(row.retry_delay_seconds),
    overlapPolicy: row.overlap_policy as OverlapPolicy,
    misfirePolicy: row.misfire_policy as MisfirePolicy,
    misfireGraceSeconds: Number(row.misfire_grace_seconds),
    nextRunAt: numOrNull(row.next_run_at),
    lastSlotAt: numOrNull(row.last_slot_at),
    hostTag: row.host_tag ?? null,
    outputEncoding: row.output_encoding || 'auto',
    successExitCodes: parseExitCodes(row.success_exit_codes),
  };
}

export async function loadSchedulableTasks(db: Database): Promise<RunnableTask[]> {
  const rows = await rawAll<Row>(
    db,
    `SELECT ${COLUMNS} FROM scheduled_tasks WHERE enabled = 1 AND paused = 0`,
  );
  return rows.map(toRunnable);
}

export async function loadTask(db: Database, id: number): Promise<RunnableTask | null> {
  const [row] = await rawAll<Row>(db, `SELECT ${COLUMNS} FROM scheduled_tasks WHERE id = ?`, [id]);
  return row ? toRunnable(row) : null;
}

export interface SlotTimes {
  nextRunAt: number | null;
  /** undefined: the task's last_slot_at stays as stored (a saved task the planner has not planned). */
  lastSlotAt?: number | null;
}

/**
 * THE writer of next_run_at (and last_slot_at): only the planner calls it (runner/scheduler/planner.ts).
 * Many tasks in a few statements (no transaction: see execution-store).
 */
export async function writeSlotTimes(db: Database, times: Map<number, SlotTimes>): Promise<void> {
  const entries = [...times.entries()];
  const both = entries.filter(([, t]) => t.lastSlotAt !== undefined);
  const nextOnly = entries.filter(([, t]) => t.lastSlotAt === undefined);
  const CHUNK = 1000; // 3 parameters a row, well under SQLite's limit
  const big = db.dialect.typed('bigint');
  for (let i = 0; i < both.length; i += CHUNK) {
    const chunk = both.slice(i, i + CHUNK);
    await rawRun(
      db,
      `UPDATE scheduled_tasks AS t SET next_run_at = v.column2, last_slot_at = v.column3
        FROM (VALUES ${chunk.map(() => `(${big}, ${big}, ${big})`).join(', ')}) AS v WHERE t.id = v.column1`,
      chunk.flatMap(([id, t]) => [id, t.nextRunAt, t.lastSlotAt]),
    );
  }
  for (let i = 0; i < nextOnly.length; i += CHUNK) {
    const chunk = nextOnly.slice(i, i + CHUNK);
    await rawRun(
      db,
      `UPDATE scheduled_tasks AS t SET next_run_at = v.column2
        FROM (VALUES ${chunk.map(() => `(${big}, ${big})`).join(', ')}) AS v WHERE t.id = v.column1`,
      chunk.flatMap(([id, t]) => [id, t.nextRunAt]),
    );
  }
}

/** Every task's updated_at (to notice tasks another process changed). */
export async function taskVersions(db: Database): Promise<Map<number, number>> {
  const rows = await rawAll<{ id: number; updated_at: number }>(
    db,
    'SELECT id, updated_at FROM scheduled_tasks',
  );
  return new Map(rows.map((r) => [Number(r.id), Number(r.updated_at)]));
}

/** Tells listeners (the UI) about tasks another process created, edited or deleted since `known`. */
export function announceTaskChanges(
  known: Map<number, number> | null,
  versions: Map<number, number>,
  events: CoreEvents,
): void {
  if (!known) return;
  for (const [id, updatedAt] of versions) {
    if (known.get(id) !== updatedAt) events.emit('task.changed', { taskId: id, deleted: false });
  }
  for (const id of known.keys()) {
    if (!versions.has(id)) events.emit('task.changed', { taskId: id, deleted: true });
  }
}
