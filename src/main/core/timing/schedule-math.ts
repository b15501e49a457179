// Pure schedule arithmetic: no timers, no database, no clock. Every function takes the times it needs,
// so tests call them with fixed dates. The scheduler (scheduler/) owns the clock.
//
// Daylight saving (pinned down in test/unit/schedule-dst.test.ts, with the `cron` package's own behaviour
// in test/unit/schedule-crontime.test.ts):
// - A local time that does not exist (spring forward, e.g. 02:30 on 8 Mar 2026 in New York) runs once, at
//   the first instant after the gap (03:00), never silently skipped and never twice.
// - A local time that occurs twice (fall back, e.g. 01:30 on 1 Nov 2026 in New York) runs once, at the
//   first occurrence.
// - Except for schedules that fire in every hour (`*/15 * * * *`, `30 * * * *`, every second): they keep a
//   steady rhythm in real time through both changes, as Vixie cron does for its "wildcard" jobs. In the
//   repeated hour they run in both passes; in the skipped hour nothing is lost (01:45 is followed by 03:00,
//   fifteen real minutes later), so a skipped-hour slot is dropped when the same slot one shift later exists.
// The `cron` package gets the first two right for northern zones only (it takes 1 January as the standard
// offset, so in Sydney a 02:30 job on the spring-forward day runs at 03:30) and runs `30 * * * *` at 03:00
// and 03:30 on the spring-forward day; we do not use it for next-run arithmetic (see cron-matcher.ts).
import { CronTime } from 'cron';
import { parseCronExpression, type CronCheck } from './cron-fields';
import { compileCron, nextWallMatch, wallMatches, type CompiledCron } from './cron-matcher';
import { offsetAt, transitionAfter, transitionAtOrBefore } from './zone-transitions';

const DAY = 86_400_000;
const CACHE_LIMIT = 2000;
const compiled = new Map<string, CompiledCron | null>();

export function systemTimezone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
}

const zoneValidity = new Map<string, boolean>();

export function isValidTimezone(zone: string): boolean {
  if (!zone) return false;
  const known = zoneValidity.get(zone);
  if (known !== undefined) return known;
  let valid: boolean;
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    valid = true;
  } catch {
    valid = false;
  }
  zoneValidity.set(zone, valid);
  return valid;
}

/**
 * Field-level check first (names the bad field), then the cron package's own parser on the same fields
 * with wrapped day-of-week ranges spelled forwards (the package does not wrap them).
 */
export function validateCron(expression: string): CronCheck {
  const result = parseCronExpression(expression);
  if ('error' in result) return result.error;
  const own = CronTime.validateCronExpression(result.parsed.fields.join(' '));
  if (!own.valid) return { valid: false, message: own.error?.message ?? 'Invalid schedule' };
  return { valid: true };
}

/** The parsed, compiled schedule (cached), or null when the expression is invalid. */
export function compiledSchedule(expression: string): CompiledCron | null {
  const key = expression.trim();
  if (compiled.has(key)) return compiled.get(key) ?? null;
  const result = parseCronExpression(key);
  const value = 'error' in result ? null : compileCron(result.parsed);
  if (compiled.size >= CACHE_LIMIT) compiled.clear();
  compiled.set(key, value);
  return value;
}

/**
 * Whether a wall-clock slot inside a spring-forward gap is dropped rather than moved to the end of the gap:
 * only for every-hour schedules whose rhythm continues one shift later (02:30 is 03:30 in real time).
 */
export function gapSlotDropped(c: CompiledCron, wall: number, shiftMs: number): boolean {
  return c.everyHour && wallMatches(c, wall + shiftMs);
}

/** The first run strictly after `afterMs`, in epoch ms, or null if the schedule never fires again. */
export function nextRunAfter(expression: string, timezone: string, afterMs: number): number | null {
  const c = compiledSchedule(expression);
  if (!c || !isValidTimezone(timezone) || !Number.isFinite(afterMs)) return null;
  return nextInstant(c, timezone, afterMs);
}

/** Walks the zone's offset segments from `afterMs` until a slot is found (see the header for the rules). */
export function nextInstant(c: CompiledCron, zone: string, afterMs: number): number | null {
  let from = Math.floor(afterMs) + 1; // first candidate instant (inclusive)
  // The segment searched first is the one holding the last instant already covered (from - 1), not `from`:
  // when `from` is itself a spring-forward instant, the runs moved out of the gap belong to `from` (the end
  // of the gap) but their wall times lie under the old offset. Starting under the new offset lost them.
  let probe = from - 1;
  for (let guard = 0; guard < 64; guard++) {
    const offset = offsetAt(zone, probe);
    let wallFrom = from + offset - 1; // exclusive
    if (!c.everyHour) {
      // In the second pass of a repeated hour, fixed-time slots already ran in the first pass.
      const prev = transitionAtOrBefore(zone, from);
      if (prev && prev.before > prev.after) wallFrom = Math.max(wallFrom, prev.at + prev.before - 1000);
    }
    const wall = nextWallMatch(c, wallFrom);
    if (wall === null) return null;
    const next = transitionAfter(zone, probe, wall - offset + DAY);
    if (!next || wall < next.at + offset) return wall - offset;
    // The slot lies beyond this offset segment. If it falls in a spring-forward gap, it runs at the gap's end.
    const inGap = next.after > next.before && wall < next.at + next.after;
    if (inGap && !gapSlotDropped(c, wall, next.after - next.before)) return next.at;
    from = probe = next.at;
  }
  return null;
}

/** The next `count` runs strictly after `afterMs`. */
export function nextRuns(expression: string, timezone: string, afterMs: number, count: number): number[] {
  return slotsBetween(expression, timezone, afterMs, Number.POSITIVE_INFINITY, count);
}

/** The scheduled slots with fromExclusiveMs < slot <= toInclusiveMs, at most `max` of them, ascending. */
export function slotsBetween(
  expression: string,
  timezone: string,
  fromExclusiveMs: number,
  toInclusiveMs: number,
  max: number,
): number[] {
  const c = compiledSchedule(expression);
  if (!c || !isValidTimezone(timezone)) return [];
  const slots: number[] = [];
  let cursor = fromExclusiveMs;
  while (slots.length < max) {
    const next = nextInstant(c, timezone, cursor);
    if (next === null || next > toInclusiveMs || next <= cursor) break;
    slots.push(next);
    cursor = next;
  }
  return slots;
}
