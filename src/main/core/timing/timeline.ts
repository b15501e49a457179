// The dashboard's "Next 24 hours": one row per task, for the tasks whose next run comes soonest. Each row
// carries the task's first runs in the window (a few dozen at most); a task that runs more often than that
// is drawn as a band from its first run to the end of the window, with its typical interval, rather than as
// thousands of marks that would crowd out every other task (a task every 30 s used to fill the chart).
import type { UpcomingTimeline } from '../../../shared/contract';
import { nextRunAfter } from './schedule-math';

/** Rows shown at most; the rest are counted in `more`. */
export const TIMELINE_TASK_LIMIT = 20;
/** Runs listed per task at most; a task with more in the window is a band. */
export const TIMELINE_RUNS_PER_TASK = 48;

export interface TimelinePlan {
  task: { id: number; name: string; cronExpression: string; timezone: string };
  nextAt: number | null;
}

export function buildTimeline(
  plans: Iterable<TimelinePlan>,
  now: number,
  horizonMs: number,
  limit = TIMELINE_TASK_LIMIT,
  perTask = TIMELINE_RUNS_PER_TASK,
): UpcomingTimeline {
  const end = now + horizonMs;
  const due = [...plans]
    .filter((p) => p.nextAt !== null && p.nextAt <= end)
    .sort((a, b) => (a.nextAt as number) - (b.nextAt as number) || a.task.id - b.task.id);
  const tasks = due.slice(0, limit).map(({ task, nextAt }) => {
    const runs = [nextAt as number];
    let band = false;
    for (let cursor = nextAt as number; ;) {
      const next = nextRunAfter(task.cronExpression, task.timezone, cursor);
      if (next === null || next > end || next <= cursor) break;
      if (runs.length >= perTask) {
        band = true;
        break;
      }
      runs.push(next);
      cursor = next;
    }
    return {
      taskId: task.id,
      taskName: task.name,
      timezone: task.timezone,
      runs,
      band,
      intervalMs: band ? meanGap(runs) : null,
    };
  });
  return { tasks, more: Math.max(0, due.length - tasks.length) };
}

// The mean gap between the listed runs: every 45th second (gaps of 45 s and 15 s) is every ~30 s.
function meanGap(runs: number[]): number | null {
  if (runs.length < 2) return null;
  return Math.round((runs[runs.length - 1] - runs[0]) / (runs.length - 1) / 1000) * 1000; // whole seconds
}
