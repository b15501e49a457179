// The editor's schedule preview, called as the user types: validity (naming the bad field), the next runs
// in the task's zone, and daylight-saving notes. Pure and fast: no clock (nowMs comes in), cached parsing
// and zone tables, a few milliseconds for typical expressions.
import type { SchedulePreview } from '../../../shared/types';
import { dstWarnings } from './dst';
import { compiledSchedule, isValidTimezone, nextRuns, validateCron } from './schedule-math';

export const DEFAULT_PREVIEW_COUNT = 10;
const MAX_PREVIEW_COUNT = 100;
/** Fixed-time schedules get notes for a year ahead, so a March change shows up in November. */
const FIXED_TIME_WARNING_WINDOW_MS = 366 * 86_400_000;

function invalid(error: string, field?: string): SchedulePreview {
  return { valid: false, error, field, nextRuns: [], dstWarnings: [] };
}

export function previewSchedule(
  expression: string,
  timezone: string,
  count: number = DEFAULT_PREVIEW_COUNT,
  nowMs: number,
): SchedulePreview {
  const check = validateCron(expression);
  if (!check.valid) return invalid(check.message ?? 'Invalid schedule', check.field);
  if (!isValidTimezone(timezone)) {
    return invalid(`Unknown time zone "${timezone}"; use an IANA name such as Europe/Berlin`, 'timezone');
  }
  const wanted = Number.isFinite(count) && count > 0 ? Math.min(Math.floor(count), MAX_PREVIEW_COUNT) : 10;
  const runs = nextRuns(expression, timezone, nowMs, wanted);
  if (runs.length === 0) return invalid('This schedule never runs', undefined);
  const compiled = compiledSchedule(expression);
  // Daily-or-rarer (indeed every fixed-time) schedules: at least a year of notes; every-hour schedules:
  // only up to the last previewed run (their notes are about rhythm, not about a particular run).
  const lastRun = runs[runs.length - 1];
  const windowEnd = compiled?.everyHour ? lastRun : Math.max(lastRun, nowMs + FIXED_TIME_WARNING_WINDOW_MS);
  return { valid: true, nextRuns: runs, dstWarnings: dstWarnings(expression, timezone, nowMs, windowEnd) };
}
