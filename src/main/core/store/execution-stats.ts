// Aggregates over task_executions for the stats call and the dashboard: counts by outcome, durations, runs
// per local day, the duration trend of the busiest tasks, and the running and recently failed runs. Failed
// means failed, timed_out or interrupted (FAILED_SQL). The service turns these figures into rates and days.
import type { Execution } from '../../../shared/types';
import type { Database } from '../db/database';
import {
  EXECUTION_COLUMNS,
  FAILED_SQL,
  rangeConditions,
  rowToExecution,
  type ExecutionRow,
} from './executions';
import type { RunRange } from './executions';
import { select } from './sql';

export type StatsRange = RunRange;

export interface StatsAggregates {
  total: number;
  success: number;
  failed: number;
  running: number;
  latest: number | null;
  /** Finished runs with a duration. */
  timed: number;
  avg: number | null;
}

function rangeWhere(range: StatsRange): { where: string; params: Record<string, unknown> } {
  const params: Record<string, unknown> = {};
  const conditions = rangeConditions(range, params);
  return { where: conditions.length ? 'WHERE ' + conditions.join(' AND ') : '', params };
}

const n = (value: unknown) => Number(value ?? 0);
const orNull = (value: unknown) => (value === null || value === undefined ? null : Number(value));

/** Counts and durations over the runs that started in `range`. */
export async function statsAggregates(db: Database, range: StatsRange): Promise<StatsAggregates> {
  const { dialect } = db;
  const { where, params } = rangeWhere(range);
  const [agg] = await select<Record<keyof StatsAggregates, number | null>>(
    db,
    `SELECT COUNT(*) AS total,
        ${dialect.countIf(`e.status = 'success'`)} AS success,
        ${dialect.countIf(`e.status IN ${FAILED_SQL}`)} AS failed,
        ${dialect.countIf(`e.status = 'running'`)} AS running,
        MAX(CASE WHEN e.status NOT IN ('queued', 'skipped', 'missed') THEN e.start_time END) AS latest,
        ${dialect.countIf(`e.duration_seconds IS NOT NULL AND e.status NOT IN ('queued', 'running')`)} AS timed,
        AVG(CASE WHEN e.status NOT IN ('queued', 'running') THEN e.duration_seconds END) AS avg
      FROM task_executions e ${where}`,
    params,
  );
  return {
    total: n(agg.total),
    success: n(agg.success),
    failed: n(agg.failed),
    running: n(agg.running),
    latest: orNull(agg.latest),
    timed: n(agg.timed),
    avg: orNull(agg.avg),
  };
}

/** The duration of rank `rank` (1 = the shortest) among the finished, timed runs in `range`. */
export async function durationAtRank(db: Database, range: StatsRange, rank: number): Promise<number | null> {
  const { where, params } = rangeWhere(range);
  const timed = `${where ? where + ' AND' : 'WHERE'} e.duration_seconds IS NOT NULL AND e.status NOT IN ('queued', 'running')`;
  const [row] = await select<{ d: number }>(
    db,
    `SELECT e.duration_seconds AS d FROM task_executions e ${timed}
      ORDER BY e.duration_seconds LIMIT 1 OFFSET :rank`,
    { ...params, rank: rank - 1 },
  );
  return row ? Number(row.d) : null;
}

/** Every running execution, oldest first. */
export async function runningExecutions(db: Database): Promise<Execution[]> {
  const rows = await select<ExecutionRow>(
    db,
    `SELECT ${EXECUTION_COLUMNS} FROM task_executions e WHERE e.status = 'running' ORDER BY e.start_time, e.id`,
  );
  return rows.map(rowToExecution);
}

/** The newest `limit` failed runs. */
export async function recentFailures(db: Database, limit: number): Promise<Execution[]> {
  const rows = await select<ExecutionRow>(
    db,
    `SELECT ${EXECUTION_COLUMNS} FROM task_executions e WHERE ${db.dialect.noIndex('e.status')} IN ${FAILED_SQL}
      ORDER BY e.start_time DESC, e.id DESC LIMIT :limit`,
    { limit },
  );
  return rows.map(rowToExecution);
}

/** Successes and failures per local day (YYYY-MM-DD in `timezone`) of the runs started in [from, to]. */
export async function outcomesByDay(
  db: Database,
  timezone: string,
  from: number,
  to: number,
): Promise<{ day: string; success: number; failed: number }[]> {
  const { dialect } = db;
  const rows = await select<{ day: string; success: number; failed: number }>(
    db,
    `SELECT ${dialect.localDay('e.start_time', timezone)} AS day,
        ${dialect.countIf(`e.status = 'success'`)} AS success, ${dialect.countIf(`e.status IN ${FAILED_SQL}`)} AS failed
      FROM task_executions e WHERE e.start_time >= :firstDay AND e.start_time <= :now GROUP BY day`,
    { firstDay: from, now: to },
  );
  return rows.map((r) => ({ day: r.day, success: n(r.success), failed: n(r.failed) }));
}

/** Successes and failures since `since7` and since `since30`, up to `now`. */
export async function outcomeWindows(
  db: Database,
  since7: number,
  since30: number,
  now: number,
): Promise<{ s7: number; f7: number; s30: number; f30: number }> {
  const { dialect } = db;
  const [window] = await select<{
    s7: number | null;
    f7: number | null;
    s30: number | null;
    f30: number | null;
  }>(
    db,
    `SELECT ${dialect.countIf(`e.start_time >= :since7 AND e.status = 'success'`)} AS s7,
        ${dialect.countIf(`e.start_time >= :since7 AND e.status IN ${FAILED_SQL}`)} AS f7,
        ${dialect.countIf(`e.start_time >= :since30 AND e.status = 'success'`)} AS s30,
        ${dialect.countIf(`e.start_time >= :since30 AND e.status IN ${FAILED_SQL}`)} AS f30
      FROM task_executions e WHERE e.start_time >= :since30 AND e.start_time <= :now`,
    { since7, since30, now },
  );
  return { s7: n(window.s7), f7: n(window.f7), s30: n(window.s30), f30: n(window.f30) };
}

/**
 * The durations of the last 50 finished runs since `since` of the 10 tasks with the most such runs, busiest
 * task first, each task's points oldest first.
 */
export async function durationTrendRows(
  db: Database,
  since: number,
): Promise<{ taskId: number; taskName: string; at: number; seconds: number }[]> {
  const rows = await select<{ task_id: number; task_name: string; start_time: number; d: number }>(
    db,
    `WITH top AS (
        SELECT e.task_id, COUNT(*) AS runs FROM task_executions e
         WHERE e.start_time >= :since30 AND e.duration_seconds IS NOT NULL AND e.status NOT IN ('queued', 'running')
         GROUP BY e.task_id ORDER BY runs DESC, e.task_id LIMIT 10),
      points AS (
        SELECT e.task_id, e.start_time, e.duration_seconds AS d,
               ROW_NUMBER() OVER (PARTITION BY e.task_id ORDER BY e.start_time DESC, e.id DESC) AS rn
          FROM task_executions e JOIN top ON top.task_id = e.task_id
         WHERE e.start_time >= :since30 AND e.duration_seconds IS NOT NULL AND e.status NOT IN ('queued', 'running'))
      SELECT p.task_id, t.name AS task_name, p.start_time, p.d, top.runs
        FROM points p JOIN top ON top.task_id = p.task_id JOIN scheduled_tasks t ON t.id = p.task_id
       WHERE p.rn <= 50 ORDER BY top.runs DESC, p.task_id, p.start_time`,
    { since30: since },
  );
  return rows.map((r) => ({
    taskId: Number(r.task_id),
    taskName: r.task_name,
    at: Number(r.start_time),
    seconds: Number(r.d),
  }));
}
