// The task list (a hot path): a page of tasks, each with its latest execution, in ONE statement (plus one
// COUNT), on both engines. The statements and the SQLite mapping are in task-list-sql.ts, which loads
// neither Sequelize nor zod (the CLI's quick read path runs them too); this module runs them through
// Sequelize and maps PostgreSQL's rows.
import type { ExecutionStatus, TaskListItem } from '../../../shared/types';
import type { Database } from '../db/database';
import { executionResult } from '../result-json';
import { select } from './sql';
import { listSql, listTasksSqlite, type ListSqlDialect, type TaskListQuery } from './task-list-sql';
import { rowToTask, type TaskRow } from './task-row';

export {
  DEFAULT_LIST_LIMIT,
  LATEST_EXECUTION_ID,
  listSql,
  type ListSqlDialect,
  type TaskListQuery,
} from './task-list-sql';

// PostgreSQL 15 has no non-throwing JSON validity test for hand-edited text, so there the row is mapped
// in JavaScript, by the same mapper and with the same lenient parsing.
const POSTGRES_LIST: ListSqlDialect = {
  columns: `t.*, e.id AS e_id, e.status AS e_status, e.start_time AS e_start_time,
    e.duration_seconds AS e_duration_seconds, e.result_json AS e_result_json, e.error_message AS e_error_message`,
  like: 'ILIKE',
  nameSort: 'lower(t.name)',
};

interface PostgresRow extends TaskRow {
  e_id: number | null;
  e_status: string | null;
  e_start_time: number | null;
  e_duration_seconds: number | null;
  e_result_json: string | null;
  e_error_message: string | null;
}

function postgresItem(row: PostgresRow): TaskListItem {
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

/** Exactly two statements whatever the number of tasks: the page and the total. */
export async function listTasks(
  db: Database,
  query: TaskListQuery,
): Promise<{ items: TaskListItem[]; total: number }> {
  const postgres = db.dialect.name === 'postgres';
  if (postgres) {
    const { sql, countSql, params } = listSql(query, POSTGRES_LIST);
    const rows = await select<PostgresRow>(db, sql, params);
    const [{ n }] = await select<{ n: number }>(db, countSql, params);
    return { items: rows.map(postgresItem), total: Number(n) };
  }
  return listTasksSqlite(
    <T>(text: string, values: Record<string, unknown>) => select<T>(db, text, values),
    query,
  );
}
