// Executions: history (keyset pagination, never OFFSET), one execution, stats and the dashboard.
import os from 'node:os';
import type { z } from 'zod';
import type {
  DashboardData,
  HistoryPage,
  historyQuerySchema,
  LogChunk,
  UpcomingTimeline,
} from '../../../shared/contract';
import type { Execution, TaskStats } from '../../../shared/types';
import type { Database } from '../db/database';
import { CronkeeperError, notFound } from '../errors';
import { checkLogPath } from '../runner/log-confinement';
import { readLogChunk, type LogChunkOptions } from '../runner/log-reader';
import { systemTimezone } from '../schedule/schedule-math';
import { EXECUTION_COLUMNS, FAILED_SQL, rowToExecution, type ExecutionRow } from './rows';
import { select } from '../store/sql';

export type HistoryQuery = z.output<typeof historyQuerySchema>;

export const DEFAULT_HISTORY_LIMIT = 50;
const DAY_MS = 24 * 3600 * 1000;

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

/** Local calendar day (YYYY-MM-DD) of an epoch-ms time, in the process's zone (as SQLite's 'localtime'). */
function localDay(ms: number): string {
  const d = new Date(ms);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}

const rate = (success: number, failed: number) =>
  success + failed > 0 ? success / (success + failed) : null;

/** The log of a run made on another machine of the team: it can only be read there. */
export const logOnOtherHost = (id: number, host: string) =>
  new CronkeeperError(
    'NOT_FOUND',
    `The log of execution ${id} is on host ${host}, the machine that ran it; open it in Cronkeeper there`,
  );

/** A log path in a row that points outside this data folder's logs/: refused, never read. */
export const logOutsideLogs = (id: number, reason: string) =>
  new CronkeeperError(
    'FORBIDDEN',
    `The log of execution ${id} is not read: its path is outside this data folder's logs/ (${reason})`,
  );

export class ExecutionService {
  constructor(
    readonly db: Database,
    /** logsDir: the data folder's logs/, the only place a run's log is read from. */
    readonly options: { now?: () => number; logsDir: string },
  ) {}

  private now(): number {
    return (this.options.now ?? Date.now)();
  }

  /** Newest first, keyset pagination by (start_time, id) with an opaque cursor; never OFFSET. */
  async history(query: HistoryQuery = {}): Promise<HistoryPage> {
    const { dialect } = this.db;
    const params: Record<string, unknown> = {};
    const conditions: string[] = [];
    if (query.taskId !== undefined) {
      conditions.push('e.task_id = :taskId');
      params.taskId = query.taskId;
    }
    // The unary + keeps SQLite off the status index: walking a time-ordered index and filtering stops
    // after one page, while the status index would sort every matching run (350 ms vs 1 ms at 1M runs).
    if (query.status?.length)
      conditions.push(`${dialect.noIndex('e.status')} IN ${inList('status', query.status, params)}`);
    if (query.trigger?.length)
      conditions.push(`${dialect.noIndex('e."trigger"')} IN ${inList('trigger', query.trigger, params)}`);
    if (query.from !== undefined) {
      conditions.push('e.start_time >= :from');
      params.from = query.from;
    }
    if (query.to !== undefined) {
      conditions.push('e.start_time <= :to');
      params.to = query.to;
    }
    if (query.cursor) {
      const cursor = decodeCursor(query.cursor);
      conditions.push('(e.start_time, e.id) < (:cursorTime, :cursorId)');
      params.cursorTime = cursor.startTime;
      params.cursorId = cursor.id;
    }
    const limit = query.limit ?? DEFAULT_HISTORY_LIMIT;
    params.limit = limit + 1; // one extra row tells whether there is a next page
    const rows = await select<ExecutionRow>(
      this.db,
      `SELECT ${EXECUTION_COLUMNS} FROM task_executions e
        ${conditions.length ? 'WHERE ' + conditions.join(' AND ') : ''}
        ORDER BY e.start_time DESC, e.id DESC LIMIT :limit`,
      params,
    );
    const page = rows.slice(0, limit);
    const last = page[page.length - 1];
    return {
      items: page.map(rowToExecution),
      nextCursor: rows.length > limit && last ? encodeCursor(Number(last.start_time), Number(last.id)) : null,
    };
  }

  async get(id: number): Promise<Execution> {
    const [row] = await select<ExecutionRow>(
      this.db,
      `SELECT ${EXECUTION_COLUMNS} FROM task_executions e WHERE e.id = ?`,
      [id],
    );
    if (!row) throw notFound('Execution', id);
    return rowToExecution(row);
  }

  /**
   * executions.log: a chunk of the run's log. Team mode: a run's log is a file on the machine that ran it
   * (its `host`); when it is not here, the answer is an error naming that host, not an empty log. A log
   * missing for a run of this machine (not written yet, or removed) stays an empty chunk, as before; the
   * host is only read in that rare case, so the usual read costs nothing more.
   */
  async log(id: number, options: Omit<LogChunkOptions, 'onMissing'> = {}): Promise<LogChunk> {
    const execution = await this.get(id);
    const [task] = await select<{ output_encoding: string | null }>(
      this.db,
      'SELECT output_encoding FROM scheduled_tasks WHERE id = ?',
      [execution.taskId],
    );
    let logPath = execution.logPath;
    if (logPath !== null) {
      const check = await checkLogPath(this.options.logsDir, logPath);
      if (check.kind === 'outside') throw logOutsideLogs(id, check.reason);
      if (check.kind === 'inside') logPath = check.realPath;
    }
    return readLogChunk(logPath, {
      ...options,
      encoding: task?.output_encoding ?? undefined,
      onMissing: async () => {
        const [row] = await select<{ host: string | null }>(
          this.db,
          'SELECT host FROM task_executions WHERE id = ?',
          [id],
        );
        const host = row?.host ?? null;
        if (host !== null && host !== os.hostname()) throw logOnOtherHost(id, host);
      },
    });
  }

  /**
   * Over executions that started in [from, to]: failed counts failed, timed_out and interrupted; the
   * success rate is success / (success + failed); durations are over runs that finished with one.
   */
  async stats(query: { taskId?: number; from?: number; to?: number } = {}): Promise<TaskStats> {
    const { dialect } = this.db;
    const params: Record<string, unknown> = {};
    const conditions: string[] = [];
    if (query.taskId !== undefined) {
      conditions.push('e.task_id = :taskId');
      params.taskId = query.taskId;
    }
    if (query.from !== undefined) {
      conditions.push('e.start_time >= :from');
      params.from = query.from;
    }
    if (query.to !== undefined) {
      conditions.push('e.start_time <= :to');
      params.to = query.to;
    }
    const where = conditions.length ? 'WHERE ' + conditions.join(' AND ') : '';
    const timed = `${where ? where + ' AND' : 'WHERE'} e.duration_seconds IS NOT NULL AND e.status NOT IN ('queued', 'running')`;
    const [agg] = await select<{
      total: number;
      success: number | null;
      failed: number | null;
      running: number | null;
      latest: number | null;
      timed: number | null;
      avg: number | null;
    }>(
      this.db,
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
    const timedCount = Number(agg.timed ?? 0);
    let p95: number | null = null;
    if (timedCount > 0) {
      // Nearest rank: the smallest duration with at least 95% of the runs at or below it.
      const rank = Math.ceil(0.95 * timedCount);
      const [row] = await select<{ d: number }>(
        this.db,
        `SELECT e.duration_seconds AS d FROM task_executions e ${timed}
          ORDER BY e.duration_seconds LIMIT 1 OFFSET :rank`,
        { ...params, rank: rank - 1 },
      );
      p95 = row ? Number(row.d) : null;
    }
    const success = Number(agg.success ?? 0);
    const failed = Number(agg.failed ?? 0);
    return {
      taskId: query.taskId ?? null,
      from: query.from ?? null,
      to: query.to ?? null,
      total: Number(agg.total),
      success,
      failed,
      running: Number(agg.running ?? 0),
      successRate: rate(success, failed),
      avgDurationSeconds: agg.avg === null ? null : Number(agg.avg),
      p95DurationSeconds: p95,
      latestRunAt: agg.latest === null ? null : Number(agg.latest),
    };
  }

  async dashboard(
    upcoming: { taskId: number; taskName: string; at: number }[] = [],
    timeline: UpcomingTimeline = { tasks: [], more: 0 },
  ): Promise<DashboardData> {
    const { dialect } = this.db;
    const now = this.now();
    const since7 = now - 7 * DAY_MS;
    // The last 30 local days, today included, starting at local midnight.
    const today = new Date(now);
    const firstDay = new Date(today.getFullYear(), today.getMonth(), today.getDate() - 29).getTime();
    const since30 = now - 30 * DAY_MS;

    const running = await select<ExecutionRow>(
      this.db,
      `SELECT ${EXECUTION_COLUMNS} FROM task_executions e WHERE e.status = 'running' ORDER BY e.start_time, e.id`,
    );

    const dayRows = await select<{ day: string; success: number; failed: number }>(
      this.db,
      `SELECT ${dialect.localDay('e.start_time', systemTimezone())} AS day,
          ${dialect.countIf(`e.status = 'success'`)} AS success, ${dialect.countIf(`e.status IN ${FAILED_SQL}`)} AS failed
        FROM task_executions e WHERE e.start_time >= :firstDay AND e.start_time <= :now GROUP BY day`,
      { firstDay, now },
    );
    const byDay = new Map(dayRows.map((r) => [r.day, r]));
    const days: DashboardData['days'] = [];
    for (let i = 0; i < 30; i++) {
      const d = new Date(today.getFullYear(), today.getMonth(), today.getDate() - 29 + i);
      const key = localDay(d.getTime());
      const row = byDay.get(key);
      days.push({ day: key, success: Number(row?.success ?? 0), failed: Number(row?.failed ?? 0) });
    }

    const [window] = await select<{
      s7: number | null;
      f7: number | null;
      s30: number | null;
      f30: number | null;
    }>(
      this.db,
      `SELECT ${dialect.countIf(`e.start_time >= :since7 AND e.status = 'success'`)} AS s7,
          ${dialect.countIf(`e.start_time >= :since7 AND e.status IN ${FAILED_SQL}`)} AS f7,
          ${dialect.countIf(`e.start_time >= :since30 AND e.status = 'success'`)} AS s30,
          ${dialect.countIf(`e.start_time >= :since30 AND e.status IN ${FAILED_SQL}`)} AS f30
        FROM task_executions e WHERE e.start_time >= :since30 AND e.start_time <= :now`,
      { since7, since30, now },
    );

    const trendRows = await select<{ task_id: number; task_name: string; start_time: number; d: number }>(
      this.db,
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
      { since30 },
    );
    const trend = new Map<number, DashboardData['durationTrend'][number]>();
    for (const row of trendRows) {
      const taskId = Number(row.task_id);
      let entry = trend.get(taskId);
      if (!entry) trend.set(taskId, (entry = { taskId, taskName: row.task_name, points: [] }));
      entry.points.push({ at: Number(row.start_time), seconds: Number(row.d) });
    }

    const failures = await select<ExecutionRow>(
      this.db,
      `SELECT ${EXECUTION_COLUMNS} FROM task_executions e WHERE ${dialect.noIndex('e.status')} IN ${FAILED_SQL}
        ORDER BY e.start_time DESC, e.id DESC LIMIT 10`,
    );

    const s7 = Number(window.s7 ?? 0);
    const f7 = Number(window.f7 ?? 0);
    const s30 = Number(window.s30 ?? 0);
    const f30 = Number(window.f30 ?? 0);
    return {
      running: running.map(rowToExecution),
      upcoming,
      timeline,
      days,
      successRate7d: rate(s7, f7),
      successRate30d: rate(s30, f30),
      failures7d: f7,
      failures30d: f30,
      durationTrend: [...trend.values()],
      recentFailures: failures.map(rowToExecution),
    };
  }
}
