// Pure schedule arithmetic: no timers, no database, no clock. Every function takes the times it needs,
// so tests call them with fixed dates. The runner (runner/scheduler.ts) owns the clock.
import { CronTime } from 'cron';
import { checkCronExpression, type CronCheck } from './cron-fields';

export function systemTimezone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
}

export function isValidTimezone(zone: string): boolean {
  if (!zone) return false;
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

/** Field-level check first (names the bad field), then the cron package's own parser. */
export function validateCron(expression: string): CronCheck {
  const check = checkCronExpression(expression);
  if (!check.valid) return check;
  const own = CronTime.validateCronExpression(expression.trim());
  if (!own.valid) return { valid: false, message: own.error?.message ?? 'Invalid schedule' };
  return { valid: true };
}

/** The first run strictly after `afterMs`, in epoch ms, or null if the schedule never fires again. */
export function nextRunAfter(expression: string, timezone: string, afterMs: number): number | null {
  try {
    const time = new CronTime(expression.trim(), timezone);
    return time.getNextDateFrom(new Date(afterMs), timezone).toMillis();
  } catch {
    return null;
  }
}

/** The next `count` runs strictly after `afterMs`. */
export function nextRuns(expression: string, timezone: string, afterMs: number, count: number): number[] {
  const runs: number[] = [];
  let cursor = afterMs;
  for (let i = 0; i < count; i++) {
    const next = nextRunAfter(expression, timezone, cursor);
    if (next === null || next <= cursor) break;
    runs.push(next);
    cursor = next;
  }
  return runs;
}
