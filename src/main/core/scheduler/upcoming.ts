// The dashboard's timeline: the upcoming runs of the planned tasks within a horizon, soonest first, capped.
import { nextRunAfter } from '../timing/schedule-math';
import type { TimelinePlan } from '../timing/timeline';

export const UPCOMING_CAP = 500;

/** A planned task as the timeline reads it: the same shape. */
export type PlannedTask = TimelinePlan;

/** The upcoming runs in [now, now + horizonMs], at most UPCOMING_CAP. */
export function upcomingRuns(
  plan: Iterable<PlannedTask>,
  now: number,
  horizonMs: number,
): { taskId: number; taskName: string; at: number }[] {
  const end = now + horizonMs;
  const soonest = [...plan]
    .filter((p) => p.nextAt !== null && p.nextAt <= end)
    .sort((a, b) => (a.nextAt ?? 0) - (b.nextAt ?? 0));
  const out: { taskId: number; taskName: string; at: number }[] = [];
  for (const p of soonest) {
    if (out.length >= UPCOMING_CAP) break;
    const runs = [p.nextAt as number];
    let cursor = p.nextAt as number;
    while (runs.length < UPCOMING_CAP - out.length) {
      const next = nextRunAfter(p.task.cronExpression, p.task.timezone, cursor);
      if (next === null || next > end || next <= cursor) break;
      runs.push(next);
      cursor = next;
    }
    for (const at of runs) out.push({ taskId: p.task.id, taskName: p.task.name, at });
  }
  return out.sort((a, b) => a.at - b.at).slice(0, UPCOMING_CAP);
}
