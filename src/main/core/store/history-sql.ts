// The history page: newest first by (start_time, id), keyset pagination (never OFFSET), hand-written on
// purpose (a page at depth 500,000 stays about a millisecond; see bench/foundation.bench.ts). Rows are mapped
// by the one mapper (execution-row.ts). Without Sequelize or zod (values), so that the app
// (store/execution-history.ts) and the CLI's quick read path (store/quick-read/) run the very same statement.
import type { z } from 'zod';
import type { HistoryPage, historyQuerySchema } from '../../../shared/contract';
import type { Execution } from '../../../shared/types';
import type { SqlDialect } from '../db/dialect';
import { CronkeeperError } from '../errors';
import {
  EXECUTION_COLUMNS,
  rangeConditions,
  rowToExecution,
  type ExecutionRow,
  type RunRange,
} from './execution-row';

export type HistoryQuery = z.output<typeof historyQuerySchema>;

export const DEFAULT_HISTORY_LIMIT = 50;

export interface HistoryFilter extends RunRange {
  status?: readonly string[];
  trigger?: readonly string[];
  /** The (start_time, id) of the last row of the previous page: this page starts after it. */
  after?: { startTime: number; id: number };
  limit: number;
}

/** Runs one SELECT with named (:name) parameters and returns plain rows. */
export type SelectRows = <T>(sql: string, params: Record<string, unknown>) => Promise<T[]>;

/** The cursor is opaque to callers: base64 of "start_time:id" of the last row of the previous page. */
export function encodeCursor(startTime: number, id: number): string {
  return Buffer.from(`${startTime}:${id}`).toString('base64url');
}

export function decodeCursor(cursor: string): { startTime: number; id: number } {
  const match = /^(-?\d+):(\d+)$/.exec(Buffer.from(cursor, 'base64url').toString('utf8'));
  if (!match) throw new CronkeeperError('VALIDATION', 'Invalid history cursor', 'cursor');
  return { startTime: Number(match[1]), id: Number(match[2]) };
}

const inList = (name: string, values: readonly string[], params: Record<string, unknown>) => {
  const keys = values.map((value, i) => {
    params[`${name}${i}`] = value;
    return `:${name}${i}`;
  });
  return `(${keys.join(', ')})`;
};

/** The statement of up to `filter.limit` executions matching `filter`, newest first. */
export function historySql(
  dialect: Pick<SqlDialect, 'noIndex'>,
  filter: HistoryFilter,
): { sql: string; params: Record<string, unknown> } {
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
  const sql = `SELECT ${EXECUTION_COLUMNS} FROM task_executions e
      ${conditions.length ? 'WHERE ' + conditions.join(' AND ') : ''}
      ORDER BY e.start_time DESC, e.id DESC LIMIT :limit`;
  return { sql, params };
}

/** Up to `filter.limit` executions matching `filter`, newest first, through `run`. */
export async function historyRowsWith(
  run: SelectRows,
  dialect: Pick<SqlDialect, 'noIndex'>,
  filter: HistoryFilter,
): Promise<Execution[]> {
  const { sql, params } = historySql(dialect, filter);
  return (await run<ExecutionRow>(sql, params)).map(rowToExecution);
}

/** One page of executions.list: `run` is Sequelize in the app, the raw driver in the CLI's quick read path. */
export async function historyPageWith(
  run: SelectRows,
  dialect: Pick<SqlDialect, 'noIndex'>,
  query: HistoryQuery,
): Promise<HistoryPage> {
  const limit = query.limit ?? DEFAULT_HISTORY_LIMIT;
  const rows = await historyRowsWith(run, dialect, {
    taskId: query.taskId,
    status: query.status,
    trigger: query.trigger,
    from: query.from,
    to: query.to,
    after: query.cursor ? decodeCursor(query.cursor) : undefined,
    limit: limit + 1, // one extra row tells whether there is a next page
  });
  const page = rows.slice(0, limit);
  const last = page[page.length - 1];
  return {
    items: page,
    nextCursor: rows.length > limit && last ? encodeCursor(Number(last.startTime), last.id) : null,
  };
}
