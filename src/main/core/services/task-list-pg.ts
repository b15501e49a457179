// The task list on PostgreSQL: the same page and order as task-list.ts, in the same two statements. SQLite
// builds each item's JSON in SQL (cheap there, see task-list.ts); PostgreSQL 15 has no non-throwing JSON
// validity test for hand-edited text, so the row is mapped here with the same lenient parsing.
import type { ExecutionStatus, TaskListItem } from '../../../shared/types';
import type { Database } from '../db/database';
import { executionResult } from '../result-json';
import { rowToTask, select, type TaskRow } from './rows';
import { listSql, type ListSqlDialect, type TaskListQuery } from './task-list';

const POSTGRES_LIST: ListSqlDialect = {
  columns: `t.*, e.id AS e_id, e.status AS e_status, e.start_time AS e_start_time,
    e.duration_seconds AS e_duration_seconds, e.result_json AS e_result_json, e.error_message AS e_error_message`,
  like: 'ILIKE',
  nameSort: 'lower(t.name)',
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
    const { result, progress } = executionResult(row.e_result_json);
    const percent = progress.progressPercent;
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
  const { sql, countSql, params } = listSql(query, POSTGRES_LIST);
  const rows = await select<Row>(db, sql, params);
  const [{ n }] = await select<{ n: number }>(db, countSql, params);
  return { items: rows.map(toItem), total: Number(n) };
}
