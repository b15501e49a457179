// The statements of a bulk action on tasks (task-bulk.ts): read the selected tasks, set a flag on many, and
// delete many, each in chunks of ids (bounded IN lists) inside one transaction, so that 500 tasks cost a
// few statements instead of 500 trips through the single-task path.
import type { Transaction } from 'sequelize';
import type { Database } from '../db/database';
import { execute, placeholders, select } from './sql';

/** Ids per statement: well under SQLite's 32,766 parameters, and a short statement for PostgreSQL. */
const CHUNK = 400;

export interface BulkTaskRow {
  id: number;
  name: string;
  enabled: boolean;
  paused: boolean;
}

function chunks<T>(items: readonly T[]): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += CHUNK) out.push(items.slice(i, i + CHUNK));
  return out;
}

/** The selected tasks that exist, by id. */
export async function loadBulkRows(db: Database, ids: readonly number[]): Promise<Map<number, BulkTaskRow>> {
  const found = new Map<number, BulkTaskRow>();
  for (const part of chunks(ids)) {
    const rows = await select<{
      id: number;
      name: string;
      enabled: number | boolean;
      paused: number | boolean;
    }>(
      db,
      `SELECT id, name, enabled, paused FROM scheduled_tasks WHERE id IN (${placeholders(part.length)})`,
      part,
    );
    for (const row of rows) {
      found.set(Number(row.id), {
        id: Number(row.id),
        name: row.name,
        enabled: Boolean(Number(row.enabled)),
        paused: Boolean(Number(row.paused)),
      });
    }
  }
  return found;
}

/**
 * Sets `enabled` or `paused` on many tasks in one transaction. Their next_run_at is the planner's to write
 * (scheduler.tasksSaved), like every save's.
 */
export async function setTaskFlag(
  db: Database,
  column: 'enabled' | 'paused',
  value: boolean,
  ids: readonly number[],
  now: number,
): Promise<void> {
  if (ids.length === 0) return;
  await db.sequelize.transaction(async (transaction) => {
    for (const part of chunks([...ids])) {
      await execute(
        db,
        `UPDATE scheduled_tasks SET ${column} = ?, updated_at = ? WHERE id IN (${placeholders(part.length)})`,
        [value ? 1 : 0, now, ...part],
        transaction,
      );
    }
  });
}

/**
 * Deletes many tasks in one transaction; the database cascades to their executions (as TaskService.delete
 * does for one). Returns the ids that were deleted and how many executions went with them.
 */
export async function deleteTasks(
  db: Database,
  ids: readonly number[],
): Promise<{ deleted: number[]; deletedExecutions: number; large: boolean }> {
  return db.sequelize.transaction(async (transaction: Transaction) => {
    const deleted: number[] = [];
    let executions = 0;
    for (const part of chunks(ids)) {
      const rows = await select<{ id: number; n: number }>(
        db,
        `SELECT t.id, (SELECT COUNT(*) FROM task_executions e WHERE e.task_id = t.id) AS n
          FROM scheduled_tasks t WHERE t.id IN (${placeholders(part.length)})`,
        part,
        transaction,
      );
      for (const row of rows) {
        deleted.push(Number(row.id));
        executions += Number(row.n);
      }
    }
    // A large cascade: a bigger page cache for this transaction's connection only (see TaskService.delete).
    const large = executions > 10_000 && db.dialect.name === 'sqlite';
    if (large) {
      await db.sequelize.query('PRAGMA cache_size = -65536', { transaction });
      await db.sequelize.query('PRAGMA wal_autocheckpoint = 0', { transaction });
    }
    for (const part of chunks(deleted)) {
      await execute(
        db,
        `DELETE FROM scheduled_tasks WHERE id IN (${placeholders(part.length)})`,
        part,
        transaction,
      );
    }
    return { deleted, deletedExecutions: executions, large };
  });
}
