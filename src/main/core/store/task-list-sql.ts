// The task list (a hot path): a page of tasks, each with its latest execution, in ONE statement (plus one
// COUNT), on both engines: the statements, and their SQLite mapping. Without Sequelize or zod (values),
// so that the CLI's quick read path (store/quick-read/) runs the very same statements; store/task-list.ts
// runs them in the app.
// The latest execution comes from a correlated subquery that walks the (task_id, start_time) index
// backwards and stops at the first entry: a few index steps per task, whatever the history's size.
// (The original joined grouped MAX(start_time) and MAX(id) subqueries back, which scans every execution
// and can pair one run's time with another run's status.)
import type { z } from 'zod';
import type { TASK_SORT_FIELDS, taskListQuerySchema } from '../../../shared/contract';
import { tagKeysColumn } from '../../../shared/tag-keys';
import type { TaskListItem } from '../../../shared/types';
import { PROGRESS_RESULT_KEYS } from '../result-json';
import { containsPattern } from './sql-text';
import { taskJsonPairs } from './task-row';

export type TaskListQuery = z.output<typeof taskListQuerySchema>;

export const DEFAULT_LIST_LIMIT = 100;

/** The id of a task's latest execution: newest start_time, then newest id. Uses (task_id, start_time). */
export const LATEST_EXECUTION_ID = `(SELECT x.id FROM task_executions x
  WHERE x.task_id = t.id ORDER BY x.start_time DESC, x.id DESC LIMIT 1)`;

/** What differs between the engines in the list's SQL; the page, order and filters are shared. */
export interface ListSqlDialect {
  /** The SELECT list of the page. */
  columns: string;
  /** Case-insensitive search of name and command: SQLite's LIKE ignores ASCII case, PostgreSQL's does not. */
  like: 'LIKE' | 'ILIKE';
  /** Sort key for names, case-insensitive. */
  nameSort: string;
}

const sortSql = (dialect: ListSqlDialect): Record<(typeof TASK_SORT_FIELDS)[number], string> => ({
  name: dialect.nameSort,
  created_at: 't.created_at',
  updated_at: 't.updated_at',
  next_run_at: 't.next_run_at',
  latest_start: 'e.start_time',
});

/** A value read from the latest execution's result JSON, or NULL when the stored text is not JSON. */
const fromResult = (jsonPath: string) =>
  `(CASE WHEN json_valid(e.result_json) THEN json_extract(e.result_json, '${jsonPath}') END)`;

/**
 * The TaskListItem DTO, built by SQLite as one JSON text per row: the task through the one mapping
 * (task-row.ts), and its latest run. The sqlite3 driver's cost is per cell and the JS mapping's per field:
 * 26 columns x 1,000 tasks cost more than the query itself, while one JSON.parse per row is cheap.
 */
// The stored spelling of the progress fields comes from the one mapping (result-json.ts).
const PERCENT_PATH = `$.${PROGRESS_RESULT_KEYS.progressPercent}`;
const MESSAGE_PATH = `$.${PROGRESS_RESULT_KEYS.message}`;

const ITEM_JSON = `json_object(
  ${taskJsonPairs('t')},
  'latest', json(CASE WHEN e.id IS NULL THEN NULL ELSE json_object(
    'id', e.id, 'status', e.status, 'startTime', e.start_time, 'durationSeconds', e.duration_seconds,
    'progressPercent', CASE WHEN typeof(${fromResult(PERCENT_PATH)}) IN ('integer', 'real')
                            THEN ${fromResult(PERCENT_PATH)} END,
    'message', CAST(COALESCE(${fromResult(MESSAGE_PATH)}, e.error_message) AS TEXT)) END))`;

const SQLITE_LIST: ListSqlDialect = {
  columns: `${ITEM_JSON} AS j`,
  like: 'LIKE',
  nameSort: 't.name COLLATE NOCASE',
};

function whereClause(
  query: TaskListQuery,
  like: ListSqlDialect['like'],
): { sql: string; params: Record<string, unknown> } {
  const conditions: string[] = [];
  const params: Record<string, unknown> = {};
  if (query.search && query.search.trim()) {
    // The name or the command, as `task list --search` promises; one parameter, still one statement.
    conditions.push(`(t.name ${like} :search ESCAPE '\\' OR t.command ${like} :search ESCAPE '\\')`);
    params.search = containsPattern(query.search.trim());
  }
  if (query.enabled !== undefined) {
    conditions.push('t.enabled = :enabled');
    params.enabled = query.enabled ? 1 : 0;
  }
  if (query.paused !== undefined) {
    conditions.push('t.paused = :paused');
    params.paused = query.paused ? 1 : 0;
  }
  if (query.tag) {
    // One exact tag, ignoring case: its key between separators (shared/task-tags.ts), on the row itself.
    conditions.push(`t.tag_keys LIKE :tagKeys ESCAPE '\\'`);
    params.tagKeys = containsPattern(tagKeysColumn([query.tag]));
  }
  if (query.latestStatus) {
    // COALESCE keeps the LEFT JOIN a left join, so SQLite keeps tasks as the outer loop instead of
    // scanning every execution with that status.
    conditions.push("COALESCE(e.status, '') = :latestStatus");
    params.latestStatus = query.latestStatus;
  }
  return { sql: conditions.length ? 'WHERE ' + conditions.join(' AND ') : '', params };
}

/** The page's SQL (exported for EXPLAIN QUERY PLAN in tests and for the benchmark). */
export function listSql(
  query: TaskListQuery,
  dialect: ListSqlDialect = SQLITE_LIST,
): {
  sql: string;
  countSql: string;
  params: Record<string, unknown>;
} {
  const { sql: where, params } = whereClause(query, dialect.like);
  const sorts = sortSql(dialect);
  const sort = sorts[query.sort ?? 'name'] ?? sorts.name;
  const order = query.order === 'desc' ? 'DESC' : 'ASC';
  const join = `LEFT JOIN task_executions e ON e.id = ${LATEST_EXECUTION_ID}`;
  const sql = `SELECT ${dialect.columns}
    FROM scheduled_tasks t ${join}
    ${where}
    ORDER BY (${sort}) IS NULL, ${sort} ${order}, t.id ${order}
    LIMIT :limit OFFSET :offset`;
  // The count needs the join only when filtering on the latest status.
  const countSql = `SELECT COUNT(*) AS n FROM scheduled_tasks t ${query.latestStatus ? join : ''} ${where}`;
  return {
    sql,
    countSql,
    params: { ...params, limit: query.limit ?? DEFAULT_LIST_LIMIT, offset: query.offset ?? 0 },
  };
}

/** Runs one SELECT with named (:name) parameters and returns plain rows. */
export type SelectRows = <T>(sql: string, params: Record<string, unknown>) => Promise<T[]>;

/**
 * The page and the total on SQLite, through `run`: Sequelize in the app, the raw driver in the CLI's quick
 * read path. Exactly two statements whatever the number of tasks; each row is one JSON text (ITEM_JSON).
 */
export async function listTasksSqlite(
  run: SelectRows,
  query: TaskListQuery,
): Promise<{ items: TaskListItem[]; total: number }> {
  const { sql, countSql, params } = listSql(query);
  const rows = await run<{ j: string }>(sql, params);
  const [{ n }] = await run<{ n: number }>(countSql, params);
  return { items: rows.map((r) => JSON.parse(r.j) as TaskListItem), total: Number(n) };
}
