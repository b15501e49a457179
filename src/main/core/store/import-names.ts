// The one query the import preview needs: every task name, folded to lower case (names are unique
// without regard to case, as TaskService compares them). Read inside the import's transaction when applying.
import type { Transaction } from 'sequelize';
import type { Database } from '../db/database';
import { select } from './sql';

export async function takenTaskNames(db: Database, transaction?: Transaction): Promise<Set<string>> {
  const rows = await select<{ name: string }>(db, 'SELECT name FROM scheduled_tasks', [], transaction);
  return new Set(rows.map((row) => row.name.toLowerCase()));
}

/** Every task's id by its exact name (to resolve an imported file's "run after" names). */
export async function taskIdsByName(db: Database, transaction?: Transaction): Promise<Map<string, number>> {
  const rows = await select<{ id: number; name: string }>(
    db,
    'SELECT id, name FROM scheduled_tasks',
    [],
    transaction,
  );
  return new Map(rows.map((row) => [row.name, Number(row.id)]));
}
