// Executions: history (keyset pagination, never OFFSET), one execution, stats and the dashboard.
import os from 'node:os';
import type { DashboardData, HistoryPage, LogChunk, UpcomingTimeline } from '../../../shared/contract';
import type { Execution, TaskStats } from '../../../shared/types';
import type { Database } from '../db/database';
import { CronkeeperError, notFound } from '../errors';
import { checkLogPath } from '../runner/log-confinement';
import { readLogChunk, type LogChunkOptions } from '../runner/log-reader';
import { systemTimezone } from '../timing/schedule-math';
import { historyPage, type HistoryQuery } from '../store/execution-history';
import {
  durationAtRank,
  durationTrendRows,
  outcomeWindows,
  outcomesByDay,
  recentFailures,
  runningExecutions,
  statsAggregates,
} from '../store/execution-stats';
import { executionHost, getExecutionDetail } from '../store/executions';

export type { HistoryQuery } from '../store/execution-history';
// The page and its cursor are built in the store (history-sql.ts), shared with the CLI's quick read path.
export { DEFAULT_HISTORY_LIMIT, decodeCursor, encodeCursor } from '../store/history-sql';

const DAY_MS = 24 * 3600 * 1000;

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
    return historyPage(this.db, query);
  }

  /** One execution with its task's name (the model with its task included). */
  async get(id: number): Promise<Execution> {
    return (await this.detail(id)).execution;
  }

  private async detail(id: number): Promise<{ execution: Execution; outputEncoding: string | null }> {
    const detail = await getExecutionDetail(this.db, id);
    if (!detail) throw notFound('Execution', id);
    return detail;
  }

  /**
   * executions.log: a chunk of the run's log. Team mode: a run's log is a file on the machine that ran it
   * (its `host`); when it is not here, the answer is an error naming that host, not an empty log. A log
   * missing for a run of this machine (not written yet, or removed) stays an empty chunk, as before; the
   * host is only read in that rare case, so the usual read costs nothing more.
   */
  async log(id: number, options: Omit<LogChunkOptions, 'onMissing'> = {}): Promise<LogChunk> {
    const { execution, outputEncoding: encoding } = await this.detail(id);
    let logPath = execution.logPath;
    if (logPath !== null) {
      const check = await checkLogPath(this.options.logsDir, logPath);
      if (check.kind === 'outside') throw logOutsideLogs(id, check.reason);
      if (check.kind === 'inside') logPath = check.realPath;
    }
    return readLogChunk(logPath, {
      ...options,
      encoding: encoding ?? undefined,
      onMissing: async () => {
        const host = await executionHost(this.db, id);
        if (host !== null && host !== os.hostname()) throw logOnOtherHost(id, host);
      },
    });
  }

  /**
   * Over executions that started in [from, to]: failed counts failed, timed_out and interrupted; the
   * success rate is success / (success + failed); durations are over runs that finished with one.
   */
  async stats(query: { taskId?: number; from?: number; to?: number } = {}): Promise<TaskStats> {
    const agg = await statsAggregates(this.db, query);
    // Nearest rank: the smallest duration with at least 95% of the runs at or below it.
    const p95 = agg.timed > 0 ? await durationAtRank(this.db, query, Math.ceil(0.95 * agg.timed)) : null;
    return {
      taskId: query.taskId ?? null,
      from: query.from ?? null,
      to: query.to ?? null,
      total: agg.total,
      success: agg.success,
      failed: agg.failed,
      running: agg.running,
      successRate: rate(agg.success, agg.failed),
      avgDurationSeconds: agg.avg,
      p95DurationSeconds: p95,
      latestRunAt: agg.latest,
    };
  }

  async dashboard(
    upcoming: { taskId: number; taskName: string; at: number }[] = [],
    timeline: UpcomingTimeline = { tasks: [], more: 0 },
  ): Promise<DashboardData> {
    const now = this.now();
    const since7 = now - 7 * DAY_MS;
    // The last 30 local days, today included, starting at local midnight.
    const today = new Date(now);
    const firstDay = new Date(today.getFullYear(), today.getMonth(), today.getDate() - 29).getTime();
    const since30 = now - 30 * DAY_MS;

    const running = await runningExecutions(this.db);

    const byDay = new Map(
      (await outcomesByDay(this.db, systemTimezone(), firstDay, now)).map((r) => [r.day, r]),
    );
    const days: DashboardData['days'] = [];
    for (let i = 0; i < 30; i++) {
      const d = new Date(today.getFullYear(), today.getMonth(), today.getDate() - 29 + i);
      const key = localDay(d.getTime());
      const row = byDay.get(key);
      days.push({ day: key, success: row?.success ?? 0, failed: row?.failed ?? 0 });
    }

    const { s7, f7, s30, f30 } = await outcomeWindows(this.db, since7, since30, now);

    const trend = new Map<number, DashboardData['durationTrend'][number]>();
    for (const point of await durationTrendRows(this.db, since30)) {
      let entry = trend.get(point.taskId);
      if (!entry)
        trend.set(point.taskId, (entry = { taskId: point.taskId, taskName: point.taskName, points: [] }));
      entry.points.push({ at: point.at, seconds: point.seconds });
    }

    const failures = await recentFailures(this.db, 10);

    return {
      running,
      upcoming,
      timeline,
      days,
      successRate7d: rate(s7, f7),
      successRate30d: rate(s30, f30),
      failures7d: f7,
      failures30d: f30,
      durationTrend: [...trend.values()],
      recentFailures: failures,
    };
  }
}
