// The history list: newest first by (start_time, id), keyset pagination (never OFFSET), hand-written on
// purpose (a page at depth 500,000 stays about a millisecond; see bench/foundation.bench.ts). Rows are mapped
// by the one mapper in store/executions.ts.
import type { Execution } from '../../../shared/types';
import type { Database } from '../db/database';
import {
  EXECUTION_COLUMNS,
  rangeConditions,
  rowToExecution,
  type ExecutionRow,
  type RunRange,
} from './executions';
import { select } from './sql';

export interface HistoryFilter extends RunRange {
  status?: readonly string[];
  trigger?: readonly string[];
  /** The (start_time, id) of the last row of the previous page: this page starts after it. */
  after?: { startTime: number; id: number };
  limit: number;
}

const inList = (name: string, values: readonly string[], params: Record<string, unknown>) => {
  const keys = values.map((value, i) => {
    params[`${name}${i}`] = value;
    return `:${name}${i}`;
  });
  return `(${keys.join(', ')})`;
};

/** Up to `limit` executions matching `filter`, newest first. */
export async function historyRows(db: Database, filter: HistoryFilter): Promise<Execution[]> {
  const { dialect } = db;
  const params: Record<string, unknown> = {};
  const conditions = rangeConditions(filter, params);
  // The unary + keeps SQLite off the status index: walking a time-ordered index and filtering stops
  // after one page, while the status index would sort every matching run (350 ms vs 1 ms at 1M runs).
  if (filter.status?.length)
    conditions.push(`${dialect.noIndex('e.status')} IN ${inList('status', filter.status, params)}`);
  if (filter.trigger?.length)
    conditions.push(`${dialect.noIndex('e."trigger"')} IN ${inList('trigger', filter.trigger, params)}`);
  if (filter.after) {
    conditions.push('(e.start_time, e.id) < (:cursorTime, :cursorId)');
    params.cursorTime = filter.after.startTime;
    params.cursorId = filter.after.id;
  }
  params.limit = filter.limit;
  const rows = await select<ExecutionRow>(
    db,
    `SELECT ${EXECUTION_COLUMNS} FROM task_executions e
      ${conditions.length ? 'WHERE ' + conditions.join(' AND ') : ''}
      ORDER BY e.start_time DESC, e.id DESC LIMIT :limit`,
    params,
  );
  return rows.map(rowToExecution);
}
