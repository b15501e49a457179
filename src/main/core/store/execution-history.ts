// The history list through Sequelize: the statement and the page are built by history-sql.ts (shared with
// the CLI's quick read path); rows are mapped by the one mapper (execution-row.ts).
import type { HistoryPage } from '../../../shared/contract';
import type { Execution } from '../../../shared/types';
import type { Database } from '../db/database';
import { historyPageWith, historyRowsWith, type HistoryFilter, type HistoryQuery } from './history-sql';
import { select } from './sql';

export type { HistoryFilter, HistoryQuery } from './history-sql';

const runner =
  (db: Database) =>
  <T>(sql: string, params: Record<string, unknown>): Promise<T[]> =>
    select<T>(db, sql, params);

/** Up to `limit` executions matching `filter`, newest first. */
export async function historyRows(db: Database, filter: HistoryFilter): Promise<Execution[]> {
  return historyRowsWith(runner(db), db.dialect, filter);
}

/** One page of executions.list, newest first, keyset-paginated by an opaque cursor. */
export async function historyPage(db: Database, query: HistoryQuery): Promise<HistoryPage> {
  return historyPageWith(runner(db), db.dialect, query);
}
