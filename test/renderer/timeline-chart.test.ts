// The timeline's chart option and tooltip: one row per task, a band for a frequent task, times in the
// task's own zone, and a task name that is HTML shown as text, never markup.
import { describe, expect, it } from 'vitest';
import type { UpcomingTimeline } from '../../src/shared/contract';
import { timelineOption, timelineTooltip } from '../../src/renderer/src/views/dashboard/timeline-chart';

const NOW = Date.UTC(2026, 11, 4, 12, 0, 0);
const text = { every: (i: string) => `every ~${i}`, systemZone: 'System' };
const timeline: UpcomingTimeline = {
  tasks: [
    {
      taskId: 1,
      taskName: '<img src=x onerror="alert(1)">',
      timezone: 'Asia/Tokyo',
      runs: [NOW + 30_000, NOW + 60_000],
      band: true,
      intervalMs: 30_000,
    },
    {
      taskId: 2,
      taskName: 'Report & "co"',
      timezone: '',
      runs: [NOW + 3_600_000],
      band: false,
      intervalMs: null,
    },
  ],
  more: 4,
};

describe('timeline chart', () => {
  it('escapes the task name in the tooltip and lists its times in its own zone', () => {
    const html = timelineTooltip(timeline.tasks[0], text, 'UTC');
    expect(html).not.toContain('<img');
    expect(html).toContain('&lt;img src=x onerror=&quot;alert(1)&quot;&gt;');
    expect(html).toContain('Asia/Tokyo');
    expect(html).toContain('2026-12-04 21:00:30'); // 12:00:30 UTC in Tokyo
    expect(html).toContain('every ~30 s');
    const second = timelineTooltip(timeline.tasks[1], text, 'Europe/Berlin');
    expect(second).toContain('Report &amp; &quot;co&quot;');
    expect(second).toContain('System (Europe/Berlin)');
    expect(second).toContain('2026-12-04 14:00:00');
  });

  it('has one row per task, marks for listed runs and a band to the end of the window', () => {
    const option = timelineOption(timeline, NOW, text, 'UTC', '#1677ff') as {
      yAxis: { data: string[]; axisLabel: { formatter: (v: string, i: number) => string } };
      series: { data: number[][] }[];
      tooltip: { formatter: (p: { seriesIndex: number; data: number[] }) => string };
    };
    expect(option.yAxis.data).toEqual(['1', '2']);
    expect(option.yAxis.axisLabel.formatter('1', 0)).toBe('<img src=x onerror="alert(1…'); // canvas text, cut
    expect(option.series[0].data).toEqual([[NOW + 3_600_000, 1]]);
    expect(option.series[1].data).toEqual([[NOW + 30_000, NOW + 24 * 3600 * 1000, 0]]);
    expect(option.tooltip.formatter({ seriesIndex: 1, data: option.series[1].data[0] })).toContain('&lt;img');
    expect(option.tooltip.formatter({ seriesIndex: 0, data: option.series[0].data[0] })).toContain('Report');
  });

  it('writes midnight on the time axis as a date, not the day of the month alone', () => {
    const option = timelineOption(timeline, NOW, text, 'UTC', '#1677ff') as {
      xAxis: { axisLabel?: { formatter?: Record<string, string> } };
    };
    expect(option.xAxis.axisLabel?.formatter?.day).toBe('{MM}-{dd}');
  });
});
