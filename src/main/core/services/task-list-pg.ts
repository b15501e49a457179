// The task list on PostgreSQL: the same page and order as task-list.ts, in the same two statements. SQLite
// builds each item's JSON in SQL (cheap there, see task-list.ts); PostgreSQL 15 has no non-throwing JSON
// validity test for hand-edited text, so the row is mapped here with the same lenient parsing.
import { TASK_SORT_FIELDS } from '../../../shared/contract';
import type { ExecutionStatus, TaskListItem } from '../../../shared/types';
import type { Database } from '../db/database';
import { parseResult } from '../result-json';
import { containsPattern, rowToTask, select, type TaskRow } from './rows';
import { DEFAULT_LIST_LIMIT, LATEST_EXECUTION_ID, type TaskListQuery } from './task-list';

const SORT_SQL: Record<(typeof TASK_SORT_FIELDS)[number], string> = {
  name: 'lower(t.name)',
  created_at: 't.created_at',
  updated_at: 't.updated_at',
  next_run_at: 't.next_run_at',
  latest_start: 'e.start_time',
};

interface Row extends TaskRow {
  e_id: number | null;
  e_status: string | null;
  e_start_time: number | null;
  e_duration_seconds: number | null;
  e_result_json: string | null;
  e_error_message: string | null;
}

function toItem(row: Row): TaskListItem {
  let latest: TaskListItem['latest'] = null;
  if (row.e_id !== null) {
    const result = parseResult(row.e_result_json);
    const percent = result.progress_percent;
    const message = result.message ?? null;
    latest = {
      id: Number(row.e_id),
      status: row.e_status as ExecutionStatus,
      startTime: row.e_start_time === null ? null : Number(row.e_start_time),
      durationSeconds: row.e_duration_seconds === null ? null : Number(row.e_duration_seconds),
      progressPercent: typeof percent === 'number' ? percent : null,
      message:
        message === null
          ? row.e_error_message
          : typeof message === 'string'
            ? message
            : JSON.stringify(message),
    };
  }
  return { ...rowToTask(row), latest };
}

export async function listTasksPostgres(
  db: Database,
  query: TaskListQuery,
): Promise<{ items: TaskListItem[]; total: number }> {
  const conditions: string[] = [];
  const params: Record<string, unknown> = {};
  if (query.search && query.search.trim()) {
    // ILIKE: SQLite's LIKE ignores ASCII case, PostgreSQL's does not.
    conditions.push(`t.name ILIKE :search ESCAPE '\\'`);
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
  if (query.latestStatus) {
    conditions.push("COALESCE(e.status, '') = :latestStatus");
    params.latestStatus = query.latestStatus;
  }
  const where = conditions.length ? 'WHERE ' + conditions.join(' AND ') : '';
  const sort = SORT_SQL[query.sort ?? 'name'] ?? SORT_SQL.name;
  const order = query.order === 'desc' ? 'DESC' : 'ASC';
  const join = `LEFT JOIN task_executions e ON e.id = ${LATEST_EXECUTION_ID}`;
  const rows = await select<Row>(
    db,
    `SELECT t.*, e.id AS e_id, e.status AS e_status, e.start_time AS e_start_time,
        e.duration_seconds AS e_duration_seconds, e.result_json AS e_result_json,
        e.error_message AS e_error_message
      FROM scheduled_tasks t ${join} ${where}
      ORDER BY (${sort}) IS NULL, ${sort} ${order}, t.id ${order}
      LIMIT :limit OFFSET :offset`,
    { ...params, limit: query.limit ?? DEFAULT_LIST_LIMIT, offset: query.offset ?? 0 },
  );
  const [{ n }] = await select<{ n: number }>(
    db,
    `SELECT COUNT(*) AS n FROM scheduled_tasks t ${query.latestStatus ? join : ''} ${where}`,
    params,
  );
  return { items: rows.map(toItem), total: Number(n) };
}
