// Validating and inserting the tasks of an import file, fast enough for 100,000 of them: the settings are
// read once (by the caller), each distinct schedule, time zone and folder is checked once, an entry's
// label is only built for its error, and the rows go in as multi-row INSERTs in one transaction. The rules
// are those of TaskService.create: same schema, same checks, same messages (prefixed by the entry).
import type { Transaction } from 'sequelize';
import { taskInputSchema } from '../../../shared/contract';
import { quoteInput } from '../../../shared/text-fields';
import type { TaskInput } from '../../../shared/types';
import type { Database } from '../db/database';
import { CronkeeperError } from '../errors';
import { nextRunAfter } from '../schedule/schedule-math';
import { execute, taskInputToColumns } from './rows';
import { checkCron, checkTimezone, checkWorkingDir, zodError } from './task-validation';

const INSERT_BATCH = 500;

/** "Task 12 "name": " for an entry's error message (the name quoted and bounded). */
export function entryLabel(index: number, raw: unknown): string {
  const name = (raw as { name?: unknown } | null)?.name;
  return `Task ${index + 1}${typeof name === 'string' ? ` ${quoteInput(name)}` : ''}: `;
}

/** Runs `check` once per distinct input; an error is rethrown with this entry's label. */
function memoCheck<T>(
  check: (value: string, prefix: string) => T,
): (value: string, label: () => string) => T {
  const seen = new Map<string, T>();
  return (value, label) => {
    if (seen.has(value)) return seen.get(value) as T;
    try {
      const result = check(value, '');
      seen.set(value, result);
      return result;
    } catch (err) {
      if (err instanceof CronkeeperError)
        throw new CronkeeperError(err.code, label() + err.message, err.field);
      throw err;
    }
  };
}

export interface ValidatedImport {
  tasks: TaskInput[];
  unsupported: string[];
}

/** Every entry checked, or the first bad one's VALIDATION error naming it; nothing is written here. */
export function validateImportEntries(entries: unknown[], defaultZone: string): ValidatedImport {
  const known = new Set(Object.keys(taskInputSchema.shape));
  const unsupported = new Set<string>();
  const tasks: TaskInput[] = [];
  const seen = new Set<string>();
  const cron = memoCheck((value, prefix) => checkCron(value, prefix));
  const zone = memoCheck((value, prefix) => checkTimezone(value, defaultZone, prefix));
  const folder = memoCheck((value, prefix) => checkWorkingDir(value, prefix));
  for (let index = 0; index < entries.length; index++) {
    const raw = entries[index];
    const label = () => entryLabel(index, raw);
    if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
      throw new CronkeeperError('VALIDATION', `${label()}not an object`);
    }
    // Fields from a newer version are reported, not fatal.
    const input: Record<string, unknown> = {};
    for (const key in raw) {
      if (known.has(key)) input[key] = (raw as Record<string, unknown>)[key];
      else unsupported.add(key);
    }
    const parsed = taskInputSchema.safeParse(input);
    if (!parsed.success) throw zodError(parsed.error, label());
    const task = parsed.data as TaskInput;
    task.cronExpression = cron(task.cronExpression, label);
    task.timezone = zone(task.timezone, label);
    task.workingDir = folder(task.workingDir, label);
    const folded = task.name.toLowerCase();
    if (seen.has(folded))
      throw new CronkeeperError('VALIDATION', `${label()}the name appears twice in the file`, 'name');
    seen.add(folded);
    tasks.push(task);
  }
  return { tasks, unsupported: [...unsupported].sort() };
}

/** Inserts validated tasks in batches of multi-row INSERTs, inside the caller's transaction. */
export async function insertImportedTasks(
  db: Database,
  tasks: TaskInput[],
  now: number,
  transaction: Transaction,
): Promise<void> {
  // next_run_at depends only on the schedule and the zone (all share `now`): computed once per pair.
  const nextRuns = new Map<string, number | null>();
  const nextRun = (task: TaskInput) => {
    if (!task.enabled || task.paused) return null;
    const key = `${task.cronExpression}\u0000${task.timezone}`;
    if (!nextRuns.has(key)) nextRuns.set(key, nextRunAfter(task.cronExpression, task.timezone, now));
    return nextRuns.get(key) ?? null;
  };
  if (tasks.length === 0) return;
  const names = [...Object.keys(taskInputToColumns(tasks[0])), 'next_run_at', 'created_at', 'updated_at'];
  const tuple = `(${names.map(() => '?').join(', ')})`;
  for (let start = 0; start < tasks.length; start += INSERT_BATCH) {
    const batch = tasks.slice(start, start + INSERT_BATCH);
    const values: unknown[] = [];
    for (const task of batch) {
      for (const value of Object.values(taskInputToColumns(task))) values.push(value);
      values.push(nextRun(task), now, now);
    }
    await execute(
      db,
      `INSERT INTO scheduled_tasks (${names.join(', ')}) VALUES ${batch.map(() => tuple).join(', ')}`,
      values,
      transaction,
    );
  }
}
