// The reads of the sweep of run logs that lost their row (scheduler/housekeeping.ts): which execution ids of
// the files found have no row any more, and whether a log folder's task still exists.
import type { Database } from '../db/database';
import { placeholders, select } from './sql';

const ID_BATCH = 500;

/** Which of `ids` have no row in task_executions (one statement per 500 ids). */
export async function missingExecutionIds(db: Database, ids: number[]): Promise<Set<number>> {
  const missing = new Set(ids);
  for (let i = 0; i < ids.length; i += ID_BATCH) {
    const batch = ids.slice(i, i + ID_BATCH);
    const rows = await select<{ id: number }>(
      db,
      `SELECT id FROM task_executions WHERE id IN (${placeholders(batch.length)})`,
      batch,
    );
    for (const r of rows) missing.delete(Number(r.id));
  }
  return missing;
}

export async function taskExists(db: Database, id: number): Promise<boolean> {
  const rows = await select<{ id: number }>(db, 'SELECT id FROM scheduled_tasks WHERE id = ?', [id]);
  return rows.length > 0;
}
