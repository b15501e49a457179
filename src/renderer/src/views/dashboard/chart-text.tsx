// The dashboard's charts as text, for screen readers: a one-sentence summary (the chart's aria label) and
// a visually hidden data table beside each canvas. Task names are rendered as React text, never HTML.
import type { DashboardData } from '../../../../shared/contract';
import { formatAbsolute } from '../../format/time';
import type { T } from '../../i18n/i18n';

export interface ChartText {
  summary: string;
  columns: string[];
  rows: (string | number)[][];
}

export function upcomingText(data: DashboardData, t: T): ChartText {
  const byTask = new Map<number, { name: string; count: number; first: number }>();
  for (const u of data.upcoming) {
    const entry = byTask.get(u.taskId) ?? { name: u.taskName, count: 0, first: u.at };
    entry.count++;
    entry.first = Math.min(entry.first, u.at);
    byTask.set(u.taskId, entry);
  }
  return {
    summary: t('a11y.chart.upcoming', { count: data.upcoming.length, tasks: byTask.size }),
    columns: [t('a11y.col.task'), t('a11y.col.runs'), t('a11y.col.time')],
    rows: [...byTask.values()].map((e) => [e.name, e.count, formatAbsolute(e.first)]),
  };
}

export function dailyText(data: DashboardData, t: T): ChartText {
  const success = data.days.reduce((n, d) => n + d.success, 0);
  const failed = data.days.reduce((n, d) => n + d.failed, 0);
  return {
    summary: t('a11y.chart.daily', { days: data.days.length, success, failed }),
    columns: [t('a11y.col.day'), t('status.success'), t('status.failed')],
    rows: data.days.map((d) => [d.day, d.success, d.failed]),
  };
}

export function durationText(data: DashboardData, t: T): ChartText {
  return {
    summary: t('a11y.chart.duration', { tasks: data.durationTrend.length }),
    columns: [
      t('a11y.col.task'),
      t('a11y.col.runs'),
      t('a11y.col.latestSeconds'),
      t('a11y.col.averageSeconds'),
    ],
    rows: data.durationTrend.map((trend) => {
      const seconds = trend.points.map((p) => p.seconds);
      const average = seconds.length ? seconds.reduce((a, b) => a + b, 0) / seconds.length : 0;
      const latest = trend.points.length ? trend.points[trend.points.length - 1].seconds : 0;
      return [
        trend.taskName,
        trend.points.length,
        Math.round(latest * 10) / 10,
        Math.round(average * 10) / 10,
      ];
    }),
  };
}

/** The chart's data as a table only assistive technology sees (the canvas beside it is hidden from it). */
export function ChartTable({ title, text, testId }: { title: string; text: ChartText; testId?: string }) {
  return (
    <table className="ck-visually-hidden" data-testid={testId}>
      <caption>
        {title}. {text.summary}
      </caption>
      <thead>
        <tr>
          {text.columns.map((c) => (
            <th key={c} scope="col">
              {c}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {text.rows.map((row, i) => (
          <tr key={i}>
            {row.map((cell, j) =>
              j === 0 ? (
                <th key={j} scope="row">
                  {cell}
                </th>
              ) : (
                <td key={j}>{cell}</td>
              ),
            )}
          </tr>
        ))}
      </tbody>
    </table>
  );
}
