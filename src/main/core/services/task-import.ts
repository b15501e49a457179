// Validating and inserting the tasks of an import file, fast enough for 100,000 of them: the settings are
// read once (by the caller), each distinct schedule, time zone and folder is checked once, an entry's
// label is only built for its error, and the rows go in as multi-row INSERTs in one transaction. The rules
// are those of TaskService.create: same schema, same checks, same messages (prefixed by the entry).
import type { Transaction } from 'sequelize';
import { taskInputSchema } from '../../../shared/contract';
import { quoteInput } from '../../../shared/text-fields';
import { hasEventTriggers } from '../../../shared/triggers';
import type { TaskInput } from '../../../shared/types';
import type { Database } from '../db/database';
import { CronkeeperError } from '../errors';
import { errorFromWire } from '../boundary/dispatcher';
import { describeZodError } from '../boundary/zod-error';
import { taskInputToColumns } from '../store/task-row';
import { insertTaskRows, taskIdsByName } from '../store/tasks';
import { saveTriggers } from '../store/triggers';
import { checkCron, checkTimezone, checkWorkingDir } from './task-validation';
import { takeImportChains } from '../import/trigger-transfer';

/** "Task 12 "name": " for an entry's error message (the name quoted and bounded). */
export function entryLabel(index: number, raw: unknown): string {
  const name = (raw as { name?: unknown } | null)?.name;
  return `Task ${index + 1}${typeof name === 'string' ? ` ${quoteInput(name)}` : ''}: `;
}

/** Runs `check` once per distinct input (a file has a few schedules and zones for many tasks). */
function memoCheck<T>(check: (value: string) => T): (value: string) => T {
  const seen = new Map<string, T>();
  return (value) => {
    let result = seen.get(value);
    if (result === undefined && !seen.has(value)) {
      result = check(value);
      seen.set(value, result);
    }
    return result as T;
  };
}

/** A check's error with the entry's label in front (built only now, for the one entry that failed). */
function labelled(err: unknown, index: number, raw: unknown): unknown {
  if (!(err instanceof CronkeeperError)) return err;
  return new CronkeeperError(err.code, entryLabel(index, raw) + err.message, err.field, err.coded);
}

export interface ValidatedImport {
  tasks: TaskInput[];
  unsupported: string[];
}

/** The schedule, zone and folder checks, each run once per distinct value (shared across calls). */
export function importChecks(defaultZone: string) {
  return {
    cron: memoCheck((value) => checkCron(value)),
    zone: memoCheck((value) => checkTimezone(value, defaultZone)),
    folder: memoCheck((value) => checkWorkingDir(value)),
  };
}

/**
 * Every entry checked, or the first bad one's VALIDATION error naming it; nothing is written here.
 * `checks` lets a caller that validates entry by entry (the import preview) keep one memo for all.
 */
export function validateImportEntries(
  entries: unknown[],
  defaultZone: string,
  checks = importChecks(defaultZone),
): ValidatedImport {
  const known = new Set(Object.keys(taskInputSchema.shape));
  const unsupported = new Set<string>();
  const tasks: TaskInput[] = [];
  const seen = new Set<string>();
  const { cron, zone, folder } = checks;
  for (let index = 0; index < entries.length; index++) {
    const raw = entries[index];
    if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
      throw new CronkeeperError('VALIDATION', `${entryLabel(index, raw)}not an object`);
    }
    // Fields from a newer version are reported, not fatal: the entry is copied without them (only then).
    let input = raw as Record<string, unknown>;
    for (const key in input) {
      if (known.has(key)) continue;
      for (const other in raw) if (!known.has(other)) unsupported.add(other);
      input = Object.fromEntries(Object.entries(raw).filter(([k]) => known.has(k)));
      break;
    }
    // "Run after" links name their upstream task (resolved once the file's tasks are written).
    let chains: ReturnType<typeof takeImportChains>;
    try {
      chains = takeImportChains(input);
    } catch (err) {
      throw labelled(err, index, raw);
    }
    input = chains.entry;
    const parsed = taskInputSchema.safeParse(input);
    // A file is external input: each entry is validated here, with the one formatter the transports use.
    if (!parsed.success) throw errorFromWire(describeZodError(parsed.error, entryLabel(index, raw)));
    const task = parsed.data as TaskInput;
    chains.attach(task);
    try {
      // No schedule is fine when a start-up or folder trigger starts the task (a crontab's @reboot).
      const triggered = task.triggers && hasEventTriggers(task.triggers);
      task.cronExpression = task.cronExpression.trim() === '' && triggered ? '' : cron(task.cronExpression);
      task.timezone = zone(task.timezone);
      task.workingDir = folder(task.workingDir);
    } catch (err) {
      throw labelled(err, index, raw);
    }
    const folded = task.name.toLowerCase();
    if (seen.has(folded)) {
      throw new CronkeeperError(
        'VALIDATION',
        `${entryLabel(index, raw)}the name appears twice in the file`,
        'name',
      );
    }
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
  // No next_run_at: the scheduler's planner writes it (core.ts calls scheduler.tasksSaved after the import).
  const rows = tasks.map((task) => ({ ...taskInputToColumns(task), created_at: now, updated_at: now }));
  await insertTaskRows(db, rows, transaction);
  // Their triggers (a crontab's @reboot). Chains name tasks by id, which mean nothing in another
  // database: they are not imported here.
  const withTriggers = tasks.filter((t) => t.triggers);
  if (withTriggers.length === 0) return;
  const ids = await taskIdsByName(
    db,
    withTriggers.map((t) => t.name),
    transaction,
  );
  for (const task of withTriggers) {
    const id = ids.get(task.name);
    if (id !== undefined) await saveTriggers(db, id, { ...task.triggers!, chains: [] }, transaction);
  }
}
