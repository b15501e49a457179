// Every statement against scheduled_tasks. The ordinary paths (create, update, get, delete, the count of a
// task's runs) go through the ScheduledTask model; the paths that run per fire or per thousand rows (the
// runner's task loads and slot writes, the import's multi-row INSERTs, name checks) are hand-written SQL.
// Both map rows with the one mapper of task-row.ts.
import type { Transaction } from 'sequelize';
import type { Task } from '../../../shared/types';
import type { Database } from '../db/database';
import { execute, rawAll, rawRun, select } from './sql';
import { rowToRunnable, rowToTask, type RunnableTask, type TaskRow } from './task-row';

export type TaskColumns = Record<string, unknown>;

/** The task with this id, or null. */
export async function findTask(db: Database, id: number): Promise<Task | null> {
  const row = await db.models.ScheduledTask.findByPk(id, { raw: true });
  return row ? rowToTask(row as unknown as TaskRow) : null;
}

/** Inserts one task; returns its id. A taken name throws Sequelize's UniqueConstraintError. */
export async function createTask(
  db: Database,
  columns: TaskColumns,
  transaction?: Transaction,
): Promise<number> {
  const task = await db.models.ScheduledTask.create(columns, { transaction });
  return Number(task.id);
}

/** Writes the given columns of one task. */
export async function updateTask(
  db: Database,
  id: number,
  columns: TaskColumns,
  transaction?: Transaction,
): Promise<void> {
  await db.models.ScheduledTask.update(columns, { where: { id }, transaction });
}

/** How many executions a task has, or null when there is no such task. */
export async function countTaskExecutions(db: Database, id: number): Promise<number | null> {
  const task = await db.models.ScheduledTask.findByPk(id, { attributes: ['id'] });
  return task ? task.countExecutions() : null;
}

/**
 * Deletes a task: ONE DELETE of its row, and the database's ON DELETE CASCADE removes its executions (no
 * `hooks: true`, which would load and delete them one by one). Returns how many executions went with it,
 * or null when there is no such task. Their log files are removed later by housekeeping's sweep.
 */
export async function deleteTask(db: Database, id: number): Promise<number | null> {
  const result = await db.sequelize.transaction(async (transaction) => {
    const task = await db.models.ScheduledTask.findByPk(id, { attributes: ['id'], transaction });
    if (!task) return null;
    const executions = await task.countExecutions({ transaction });
    // A cascade over 100,000 executions dirties thousands of pages; with the default 2 MB cache SQLite
    // spills them to the WAL mid-transaction. Sequelize gives each transaction its own connection and
    // closes it afterwards, so this larger cache (allocated only as used) lives for this delete only.
    // SQLite only: PostgreSQL has neither pragma, and checkpoints by itself.
    const large = executions > 10_000 && db.dialect.name === 'sqlite';
    if (large) {
      await execute(db, 'PRAGMA cache_size = -65536', [], transaction);
      // The commit would otherwise also copy the ~20 MB of WAL it wrote back into the database file (an
      // automatic checkpoint, with an fsync) before the caller hears back. The commit is durable in the
      // WAL already; the checkpoint runs just after, see below.
      await execute(db, 'PRAGMA wal_autocheckpoint = 0', [], transaction);
    }
    await task.destroy({ transaction });
    return { executions, large };
  });
  if (result?.large) checkpointSoon(db);
  return result ? result.executions : null;
}

/** A passive WAL checkpoint shortly after a large delete: readers and writers are not blocked by it. */
export function checkpointSoon(db: Database): void {
  setTimeout(() => {
    execute(db, 'PRAGMA wal_checkpoint(PASSIVE)').catch(() => {
      // The database was closed meanwhile: SQLite checkpoints on close anyway.
    });
  }, 200).unref();
}

/** Every task, by id (export). */
export async function allTasks(db: Database): Promise<Task[]> {
  const rows = await select<TaskRow>(db, 'SELECT * FROM scheduled_tasks ORDER BY id');
  return rows.map(rowToTask);
}

/** Every task's id and name (the case-insensitive name checks compare them in JavaScript). */
export async function taskNames(db: Database): Promise<{ id: number; name: string }[]> {
  const rows = await select<{ id: number; name: string }>(db, 'SELECT id, name FROM scheduled_tasks');
  return rows.map((r) => ({ id: Number(r.id), name: r.name }));
}

/** The ids of the named tasks (exact names), inside the caller's transaction. */
export async function taskIdsByName(
  db: Database,
  names: string[],
  transaction?: Transaction,
): Promise<Map<string, number>> {
  if (names.length === 0) return new Map();
  const rows = await select<{ id: number; name: string }>(
    db,
    `SELECT id, name FROM scheduled_tasks WHERE name IN (${names.map(() => '?').join(', ')})`,
    names,
    transaction,
  );
  return new Map(rows.map((r) => [r.name, Number(r.id)]));
}

/** Inserts many tasks as multi-row INSERTs inside the caller's transaction (import). */
export async function insertTaskRows(
  db: Database,
  rows: TaskColumns[],
  transaction: Transaction,
  batchSize = 500,
): Promise<void> {
  if (rows.length === 0) return;
  const names = Object.keys(rows[0]);
  const tuple = `(${names.map(() => '?').join(', ')})`;
  for (let start = 0; start < rows.length; start += batchSize) {
    const batch = rows.slice(start, start + batchSize);
    const values: unknown[] = [];
    for (const row of batch) for (const name of names) values.push(row[name]);
    await execute(
      db,
      `INSERT INTO scheduled_tasks (${names.join(', ')}) VALUES ${batch.map(() => tuple).join(', ')}`,
      values,
      transaction,
    );
  }
}

/** Tasks the scheduler must plan (enabled, not paused), by id. */
export async function schedulableTasks(db: Database): Promise<Task[]> {
  const rows = await select<TaskRow>(
    db,
    'SELECT * FROM scheduled_tasks WHERE enabled = 1 AND paused = 0 ORDER BY id',
  );
  return rows.map(rowToTask);
}

/** The last schedule slot the engine claimed for a task; undefined when there is no such task. */
export async function getLastSlotAt(db: Database, id: number): Promise<number | null | undefined> {
  const [row] = await select<{ last_slot_at: number | null }>(
    db,
    'SELECT last_slot_at FROM scheduled_tasks WHERE id = ?',
    [id],
  );
  if (!row) return undefined;
  return row.last_slot_at === null ? null : Number(row.last_slot_at);
}

export async function setLastSlotAt(db: Database, id: number, slotAt: number | null): Promise<void> {
  await execute(db, 'UPDATE scheduled_tasks SET last_slot_at = ? WHERE id = ?', [slotAt, id]);
}

// The runner's statements: plain statements on the default connection, without Sequelize (sql.ts).

export async function loadSchedulableTasks(db: Database): Promise<RunnableTask[]> {
  const rows = await rawAll<TaskRow>(db, 'SELECT * FROM scheduled_tasks WHERE enabled = 1 AND paused = 0');
  return rows.map(rowToRunnable);
}

export async function loadTask(db: Database, id: number): Promise<RunnableTask | null> {
  const [row] = await rawAll<TaskRow>(db, 'SELECT * FROM scheduled_tasks WHERE id = ?', [id]);
  return row ? rowToRunnable(row) : null;
}

export interface SlotTimes {
  nextRunAt: number | null;
  /** undefined: the task's last_slot_at stays as stored (a saved task the planner has not planned). */
  lastSlotAt?: number | null;
}

/**
 * THE writer of next_run_at (and last_slot_at): only the planner calls it (through scheduler/slot-times.ts).
 * Many tasks in a few statements (no transaction: see execution-writes).
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
