// What to do with slots missed while the machine slept or Cronkeeper was shut down. Pure: the runner gives
// the missed slots and the time, and records what this returns (catch-up runs, and `missed` executions).
import { slotsBetween } from './schedule-math';

export type MisfirePolicyName = 'skip' | 'run-once' | 'run-all';

export interface MisfireInput {
  policy: MisfirePolicyName;
  /** Missed slot times, ascending. */
  missedSlots: number[];
  nowMs: number;
  /** Slots older than this many seconds before now are never run, only recorded as missed. */
  graceSeconds: number;
  /** run-all runs at most this many (the most recent). */
  maxRunAll?: number;
}

export interface MisfirePlan {
  /** Slots to run now, ascending, each as a catch-up run. */
  run: { slot: number; trigger: 'catch-up' }[];
  /** Slots to record as missed, ascending. Every input slot is in exactly one of `run` and `missed`. */
  missed: number[];
}

export const DEFAULT_MAX_RUN_ALL = 10;

export function planMisfires(input: MisfireInput): MisfirePlan {
  const { policy, nowMs } = input;
  const maxRunAll = Math.max(0, Math.floor(input.maxRunAll ?? DEFAULT_MAX_RUN_ALL));
  const graceMs = Math.max(0, input.graceSeconds) * 1000;
  // Sorted and de-duplicated defensively: a slot recorded twice would otherwise run twice.
  const slots = [...new Set(input.missedSlots)].sort((a, b) => a - b);
  const inGrace = (slot: number) => slot >= nowMs - graceMs && slot <= nowMs;
  const candidates = slots.filter(inGrace);
  let toRun: number[] = [];
  if (policy === 'run-once' && candidates.length > 0) toRun = [candidates[candidates.length - 1]];
  else if (policy === 'run-all') toRun = maxRunAll > 0 ? candidates.slice(-maxRunAll) : [];
  const running = new Set(toRun);
  return {
    run: toRun.map((slot) => ({ slot, trigger: 'catch-up' as const })),
    missed: slots.filter((slot) => !running.has(slot)),
  };
}

export interface MissedSlots {
  /** The most recent missed slots, ascending, at most `cap`. */
  slots: number[];
  /** True when more slots were missed than `cap` (the oldest ones were left out). */
  capped: boolean;
}

export const DEFAULT_MISSED_CAP = 1000;

/**
 * The slots with lastSlotMs < slot <= nowMs. When there are more than `cap`, the most recent `cap` are
 * returned (they are the ones a catch-up may run) and `capped` says so; a task asleep for a year at
 * every-second costs a few thousand steps, not thirty million.
 */
export function missedSlotsSince(
  expression: string,
  timezone: string,
  lastSlotMs: number,
  nowMs: number,
  cap: number = DEFAULT_MISSED_CAP,
): MissedSlots {
  const limit = Math.max(1, Math.floor(cap));
  if (!(nowMs > lastSlotMs)) return { slots: [], capped: false };
  const all = slotsBetween(expression, timezone, lastSlotMs, nowMs, limit + 1);
  if (all.length <= limit) return { slots: all, capped: false };
  // Too many: find a window ending at now that holds at least `limit` slots, growing it by doubling, then
  // narrowing it by bisection so that enumerating it stays cheap.
  const count = (span: number, max: number) =>
    slotsBetween(expression, timezone, Math.max(lastSlotMs, nowMs - span), nowMs, max).length;
  let small = 0; // holds fewer than limit
  let big = 1000;
  while (nowMs - big > lastSlotMs && count(big, limit) < limit) {
    small = big;
    big *= 2;
  }
  big = Math.min(big, nowMs - lastSlotMs);
  const ceiling = limit * 4;
  while (big - small > 1000 && count(big, ceiling + 1) > ceiling) {
    const mid = Math.floor((small + big) / 2);
    if (count(mid, limit) >= limit) big = mid;
    else small = mid;
  }
  const recent = slotsBetween(expression, timezone, Math.max(lastSlotMs, nowMs - big), nowMs, ceiling + 1);
  return { slots: recent.slice(-limit), capped: true };
}
