// "Next 24 hours": one row per task for the tasks with the soonest runs, a frequent task as a band (it
// used to take every slot of the chart and hide the others), and the count of tasks left out.
import { describe, expect, it } from 'vitest';
import {
  buildTimeline,
  TIMELINE_RUNS_PER_TASK,
  TIMELINE_TASK_LIMIT,
} from '../../src/main/core/timing/timeline';
import { nextRunAfter } from '../../src/main/core/timing/schedule-math';

const NOW = Date.UTC(2026, 11, 4, 12, 0, 0);
const DAY = 24 * 3600 * 1000;

function plan(id: number, cronExpression: string, timezone = 'UTC') {
  return {
    task: { id, name: `task ${id}`, cronExpression, timezone },
    nextAt: nextRunAfter(cronExpression, timezone, NOW),
  };
}

describe('buildTimeline', () => {
  it('gives every task its own row even when one runs every 30 s, and counts the rest', () => {
    const plans = [plan(1, '*/30 * * * * *')];
    for (let i = 2; i <= 30; i++) plans.push(plan(i, `${i} ${i % 24} * * *`));
    const timeline = buildTimeline(plans, NOW, DAY);
    expect(timeline.tasks).toHaveLength(TIMELINE_TASK_LIMIT);
    expect(timeline.more).toBe(30 - TIMELINE_TASK_LIMIT);
    expect(new Set(timeline.tasks.map((t) => t.taskId)).size).toBe(TIMELINE_TASK_LIMIT);
    const frequent = timeline.tasks.find((t) => t.taskId === 1)!;
    expect(frequent.band).toBe(true);
    expect(frequent.intervalMs).toBe(30_000);
    expect(frequent.runs).toHaveLength(TIMELINE_RUNS_PER_TASK);
    const daily = timeline.tasks.find((t) => t.taskId !== 1)!;
    expect(daily.band).toBe(false);
    expect(daily.runs).toHaveLength(1);
    expect(daily.intervalMs).toBeNull();
    // Soonest first.
    const firsts = timeline.tasks.map((t) => t.runs[0]);
    expect(firsts).toEqual([...firsts].sort((a, b) => a - b));
  });

  it('gives a band the mean interval of an uneven step', () => {
    const timeline = buildTimeline([plan(1, '*/45 * * * * *')], NOW, DAY);
    expect(timeline.tasks[0]).toMatchObject({ band: true, intervalMs: 30_000 }); // :00 and :45, twice a minute
  });

  it('lists hourly runs as marks, leaves out tasks without a run in the window, keeps the zone', () => {
    const timeline = buildTimeline(
      [plan(1, '0 * * * *', 'Europe/Berlin'), { task: plan(2, '0 0 1 1 *').task, nextAt: NOW + 2 * DAY }],
      NOW,
      DAY,
    );
    expect(timeline.more).toBe(0);
    expect(timeline.tasks).toHaveLength(1);
    expect(timeline.tasks[0]).toMatchObject({ taskId: 1, timezone: 'Europe/Berlin', band: false });
    expect(timeline.tasks[0].runs).toHaveLength(24);
  });
});
