// Shared set-up for the runner tests: real cores on temp data dirs, tasks created through the real
// TaskService, and small polling helpers (the runner works on real time and real child processes).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { ChannelInput, EventMap, EventName } from '../../src/shared/contract';
import type { Task, TaskInput } from '../../src/shared/types';
import { createCore, type Core, type CoreOptions } from '../../src/main/core/core';
import { insert, select } from '../../src/main/core/store/sql';
import { testDatabaseUrl } from './test-database';
import { parseInput } from '../../src/main/core/boundary/dispatcher';

export function makeDataDir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'ck-'));
}

const openCores: Core[] = [];

/** A core on `dataDir` (a fresh one by default); closed by closeCores(). */
export async function openCore(options: Partial<CoreOptions> = {}): Promise<Core> {
  const dataDir = options.dataDir ?? makeDataDir();
  const databaseUrl = options.databaseUrl ?? (await testDatabaseUrl(dataDir));
  const core = await createCore({ ...options, dataDir, databaseUrl });
  openCores.push(core);
  return core;
}

export async function closeCores(graceMs = 0): Promise<void> {
  const cores = openCores.splice(0);
  await Promise.all(cores.map((c) => c.stop(graceMs).catch(() => {})));
}

export const EVERY_SECOND = '* * * * * *';

/** A task as a transport creates it: the contract's schema first (the one dispatcher), then the service. */
export function createTask(core: Core, input: ChannelInput<'tasks.create'>): Promise<Task> {
  return core.tasks.create(parseInput('tasks.create', input));
}

export async function addTask(core: Core, input: Partial<TaskInput>): Promise<number> {
  const task = await createTask(core, {
    name: `task-${Math.random().toString(36).slice(2, 8)}`,
    cronExpression: EVERY_SECOND,
    command: 'true',
    timezone: 'UTC',
    misfirePolicy: 'skip',
    ...input,
  });
  return task.id;
}

export interface ExecRow {
  id: number;
  task_id: number;
  status: string;
  trigger: string;
  scheduled_at: number | null;
  start_time: number;
  end_time: number | null;
  duration_seconds: number | null;
  exit_code: number | null;
  error_message: string | null;
  retry_count: number;
  pid: number | null;
  pid_started_at: number | null;
  heartbeat_at: number | null;
  log_path: string | null;
  result_json: string | null;
  host: string | null;
}

export async function executions(core: Core, taskId?: number): Promise<ExecRow[]> {
  const rows = await select<ExecRow>(
    core.db,
    taskId === undefined
      ? 'SELECT * FROM task_executions ORDER BY id'
      : 'SELECT * FROM task_executions WHERE task_id = ? ORDER BY id',
    taskId === undefined ? [] : [taskId],
  );
  return rows.map((r) => ({
    ...r,
    id: Number(r.id),
    scheduled_at: r.scheduled_at === null ? null : Number(r.scheduled_at),
    start_time: Number(r.start_time),
    end_time: r.end_time === null ? null : Number(r.end_time),
  }));
}

export async function waitFor<T>(
  probe: () => Promise<T | false | null | undefined> | T | false | null | undefined,
  timeoutMs = 8000,
  what = 'condition',
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
    await sleep(50);
  }
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** The execution once it has ended (neither running nor still queued), as the handlers return it. */
export const executionEnded = (core: Core, id: number, timeoutMs = 20_000) =>
  waitFor(
    async () => {
      const e = await core.handlers['executions.get']({ id });
      return e.status !== 'running' && e.status !== 'queued' && e;
    },
    timeoutMs,
    `execution ${id} to end`,
  );

/** Records every event a core emits. */
export function recordEvents(core: Core): { event: EventName; payload: EventMap[EventName] }[] {
  const seen: { event: EventName; payload: EventMap[EventName] }[] = [];
  core.events.onAny((event, payload) => seen.push({ event, payload }));
  return seen;
}

export function isPidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/**
 * Inserts an execution row directly, as a crashed or remote process would have left it (a running
 * schedule run that started 5 s ago unless `fields` say otherwise).
 */
export async function insertExecutionRow(
  core: Core,
  taskId: number,
  fields: Record<string, unknown>,
): Promise<number> {
  const row = {
    status: 'running',
    trigger: 'schedule',
    start_time: Date.now() - 5000,
    created_at: Date.now(),
    ...fields,
  };
  const names = Object.keys(row);
  return insert(
    core.db,
    `INSERT INTO task_executions (task_id, ${names.map((n) => `"${n}"`).join(', ')}) VALUES (?, ${names.map(() => '?').join(', ')})`,
    [taskId, ...Object.values(row)],
  );
}
