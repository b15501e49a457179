// Wall-clock matching of a parsed cron schedule: "the next local time that matches", with local times
// written as UTC-pretend epoch ms (no zone, no daylight saving). Mapping wall times to instants in a zone
// is schedule-math's job. Apart from the day rule (Vixie cron's, see cron-fields.ts) this is the same
// matching the `cron` package's CronTime does (the tests compare the two), but about a thousand times
// faster: CronTime steps through luxon objects and takes milliseconds per daily schedule, which would not
// let 10,000 tasks be scheduled in a second.
import type { ParsedCron } from './cron-fields';

const SECOND = 1000;
const DAY = 86_400_000;
/** Like the package, give up after 8 years without a match. */
const SEARCH_YEARS = 8;

/** next[v] = the smallest allowed value >= v, or -1. */
function nextTable(allowed: boolean[], size: number): Int8Array {
  const next = new Int8Array(size + 1).fill(-1);
  for (let v = size - 1; v >= 0; v--) next[v] = allowed[v] ? v : next[v + 1];
  return next;
}

export interface CompiledCron {
  parsed: ParsedCron;
  nextSecond: Int8Array;
  nextMinute: Int8Array;
  nextHour: Int8Array;
  nextDayOfMonth: Int8Array;
  /** Every hour of the day matches ("frequent" schedules: they keep their rhythm through DST changes). */
  everyHour: boolean;
}

export function compileCron(parsed: ParsedCron): CompiledCron {
  return {
    parsed,
    nextSecond: nextTable(parsed.second, 60),
    nextMinute: nextTable(parsed.minute, 60),
    nextHour: nextTable(parsed.hour, 24),
    nextDayOfMonth: nextTable(parsed.dayOfMonth, 32),
    everyHour: parsed.hour.length === 24 && parsed.hour.every(Boolean),
  };
}

const MONTH_DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

function daysInMonth(year: number, month: number): number {
  if (month !== 2) return MONTH_DAYS[month - 1];
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
}

export function dayMatches(p: ParsedCron, year: number, month: number, day: number): boolean {
  const weekday = (Math.floor(Date.UTC(year, month - 1, day) / DAY) + 4) % 7; // 1970-01-01 was a Thursday
  const domOk = p.dayOfMonth[day];
  const dowOk = p.dayOfWeek[(weekday + 7) % 7];
  // Vixie cron's rule as cronie applies it (cron-fields.ts): with a field beginning with `*`, both.
  return p.dayOfMonthStar || p.dayOfWeekStar ? domOk && dowOk : domOk || dowOk;
}

/** Whether the wall time (UTC-pretend ms, whole second) matches the schedule. */
export function wallMatches(c: CompiledCron, wall: number): boolean {
  const d = new Date(wall);
  const p = c.parsed;
  return (
    d.getUTCMilliseconds() === 0 &&
    p.second[d.getUTCSeconds()] &&
    p.minute[d.getUTCMinutes()] &&
    p.hour[d.getUTCHours()] &&
    p.month[d.getUTCMonth() + 1] &&
    dayMatches(p, d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate())
  );
}

/** The first matching wall time strictly after the whole second containing `afterWall`, or null. */
export function nextWallMatch(c: CompiledCron, afterWall: number): number | null {
  const p = c.parsed;
  const start = new Date(Math.floor(afterWall / SECOND) * SECOND + SECOND);
  let year = start.getUTCFullYear();
  let month = start.getUTCMonth() + 1;
  let day = start.getUTCDate();
  let hour = start.getUTCHours();
  let minute = start.getUTCMinutes();
  let second = start.getUTCSeconds();
  const lastYear = year + SEARCH_YEARS;
  const nextDay = () => {
    day++;
    hour = minute = second = 0;
  };
  while (year <= lastYear) {
    // A month the expression excludes, or a day past the month's end: the next month's first day.
    if (!p.month[month] || day > daysInMonth(year, month)) {
      month++;
      day = 1;
      hour = minute = second = 0;
      if (month > 12) {
        month = 1;
        year++;
      }
      continue;
    }
    if (p.days === 'month') {
      // Only the day of month matters: jump straight to the next allowed day.
      const d = c.nextDayOfMonth[day];
      if (d < 0 || d > daysInMonth(year, month)) {
        day = 32; // past the month's end: the check above moves to the next month
        continue;
      }
      if (d !== day) {
        day = d;
        hour = minute = second = 0;
      }
    } else if (!dayMatches(p, year, month, day)) {
      nextDay();
      continue;
    }
    const h = c.nextHour[hour];
    if (h < 0) {
      nextDay();
      continue;
    }
    if (h !== hour) {
      hour = h;
      minute = second = 0;
    }
    const m = c.nextMinute[minute];
    if (m < 0) {
      hour++;
      minute = second = 0;
      continue;
    }
    if (m !== minute) {
      minute = m;
      second = 0;
    }
    const s = c.nextSecond[second];
    if (s < 0) {
      minute++;
      second = 0;
      if (minute > 59) {
        hour++;
        minute = 0;
      }
      continue;
    }
    return Date.UTC(year, month - 1, day, hour, minute, s);
  }
  return null;
}
