// The ECharts option for "Next 24 hours": one row per task (soonest first), a mark per run, and a band
// for a task that runs more often than its marks can show. The tooltip names the task and lists its next
// times in the task's own zone. Task names are untrusted: the tooltip is HTML, so every piece is escaped;
// the axis labels are drawn on the canvas as text.
import type { CustomSeriesRenderItemAPI, CustomSeriesRenderItemParams } from 'echarts';
import type { UpcomingTask, UpcomingTimeline } from '../../../../shared/contract';
import { formatDuration } from '../../format/time';
import { wallTime } from '../../format/zoned';
import type { ChartOption } from './EChart';

const HOUR = 3600 * 1000;
const TOOLTIP_RUNS = 5;

export function escapeHtml(text: string): string {
  return text.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] as string,
  );
}

export interface TimelineText {
  /** "every ~30 s" for a band. */
  every(interval: string): string;
  /** The zone of a task without one. */
  systemZone: string;
}

/** What the tooltip says about one task, as HTML with every piece escaped. */
export function timelineTooltip(task: UpcomingTask, text: TimelineText, fallbackZone: string): string {
  const zone = task.timezone || fallbackZone;
  const lines = [
    `<b>${escapeHtml(task.taskName)}</b>`,
    escapeHtml(task.timezone || `${text.systemZone} (${fallbackZone})`),
    ...task.runs.slice(0, TOOLTIP_RUNS).map((at) => escapeHtml(wallTime(at, zone))),
  ];
  if (task.band && task.intervalMs)
    lines.push(escapeHtml(text.every(formatDuration(task.intervalMs / 1000))));
  else if (task.runs.length > TOOLTIP_RUNS) lines.push('…');
  return lines.join('<br/>');
}

export function timelineOption(
  timeline: UpcomingTimeline,
  now: number,
  text: TimelineText,
  fallbackZone: string,
  bandColor: string,
): ChartOption {
  const end = now + 24 * HOUR;
  const { tasks } = timeline;
  const marks: [number, number][] = [];
  const bands: [number, number, number][] = [];
  tasks.forEach((task, row) => {
    if (task.band) bands.push([task.runs[0], end, row]);
    else for (const at of task.runs) marks.push([at, row]);
  });
  const tooltip = (row: number) => timelineTooltip(tasks[row], text, fallbackZone);
  return {
    grid: { left: 8, right: 16, top: 8, bottom: 24, containLabel: true },
    tooltip: {
      trigger: 'item',
      formatter: (p: { seriesIndex: number; data: number[] }) =>
        tooltip(p.seriesIndex === 0 ? p.data[1] : p.data[2]),
    },
    xAxis: {
      type: 'time',
      min: now,
      max: end,
      // At midnight ECharts writes the day of the month alone ("6"): the date, as the app writes dates.
      axisLabel: { formatter: { day: '{MM}-{dd}', hour: '{HH}:{mm}', minute: '{HH}:{mm}' } },
    },
    yAxis: {
      type: 'category',
      inverse: true,
      data: tasks.map((task) => String(task.taskId)),
      // Canvas text, not HTML: a name is shown as written. Long names are cut to keep the chart wide.
      axisLabel: {
        formatter: (_: string, index: number) => {
          const name = tasks[index]?.taskName ?? '';
          return name.length > 28 ? `${name.slice(0, 27)}…` : name;
        },
      },
    },
    series: [
      { type: 'scatter', symbolSize: 9, data: marks },
      {
        type: 'custom',
        data: bands,
        itemStyle: { color: bandColor, opacity: 0.45 },
        encode: { x: [0, 1], y: 2 },
        renderItem: (_params: CustomSeriesRenderItemParams, api: CustomSeriesRenderItemAPI) => {
          const from = api.coord([api.value(0), api.value(2)]);
          const to = api.coord([api.value(1), api.value(2)]);
          const height = (api.size?.([0, 1]) as number[])[1] * 0.45;
          return {
            type: 'rect',
            shape: { x: from[0], y: from[1] - height / 2, width: Math.max(2, to[0] - from[0]), height },
            style: api.style(),
          };
        },
      },
    ],
  };
}
