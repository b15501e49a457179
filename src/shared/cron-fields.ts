// Field-by-field validation of a cron expression, so that an error names the field that is wrong
// ("Hour field: 25 is out of range 0-23") instead of a generic "invalid cron".
// Shared with the renderer (the schedule in words follows the same day rule), so it imports nothing.
//
// The day rule is Vixie cron's, exactly as cronie applies it (entry.c sets DOM_STAR / DOW_STAR when the
// field's text begins with `*`; cron.c then wants a day to match both fields when either flag is set, and
// either field otherwise). So `0 0 */2 * 1` runs on Mondays with odd dates and `0 4 13 * 0-7` every day.
// Day-of-week ranges wrap as in cronie's get_range: a range ending on Sunday (0) ends on 7, so FRI-SUN
// is Friday, Saturday and Sunday. Any other backwards range is refused (cronie would silently make it
// match nothing, or 5-0 in the hour field would mean 5, 6 and 7).
//
// Apart from wrap-around ranges it agrees with the `cron` package (4.4) on what is valid, so nothing passes
// here and then fails there (test/unit/cron-fields.test.ts checks both on the same inputs). Where the
// package is more lenient we are stricter on purpose, with a message that says what to write instead:
// - names only in the month and day-of-week fields (the package turns "jan" into 1 in any field);
// - no names as steps ("*/mon");
// - no `@daily`-style nicknames (stored schedules are always 5 or 6 plain fields);
// - a day of month that no selected month has ("30 2") is refused: the package would never fire it.
// Like the package: `?`, `L`, `W` and `#` are not supported; 7 is Sunday as well as 0.

export interface CronFieldSpec {
  name: string;
  min: number;
  max: number;
  names?: string[];
  /** The value of names[0] (months count from 1, days of the week from 0). */
  namesStart?: number;
  /** Day of week: a range ending on Sunday (0) ends on 7 instead, as in cronie. */
  wrapsToSunday?: boolean;
}

const MONTH_NAMES = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];
const DAY_NAMES = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'];
const MONTH_LABELS = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
];
/** Longest each month can be (February: leap years). */
const MONTH_MAX_DAYS = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

export const SECOND_FIELD: CronFieldSpec = { name: 'Second', min: 0, max: 59 };
export const FIVE_FIELDS: CronFieldSpec[] = [
  { name: 'Minute', min: 0, max: 59 },
  { name: 'Hour', min: 0, max: 23 },
  { name: 'Day of month', min: 1, max: 31 },
  { name: 'Month', min: 1, max: 12, names: MONTH_NAMES, namesStart: 1 },
  { name: 'Day of week', min: 0, max: 7, names: DAY_NAMES, namesStart: 0, wrapsToSunday: true },
];

export interface CronCheck {
  valid: boolean;
  /** The field that is wrong, e.g. "Hour". */
  field?: string;
  message?: string;
}

/**
 * A parsed schedule: for each field, `allowed[v]` says whether value v matches. Day of week is 0-6 (7 folded
 * into 0). `dayOfMonthStar` / `dayOfWeekStar`: the field's text begins with `*` (cronie's DOM_STAR and
 * DOW_STAR); `days` is the resulting rule (see dayRuleOf).
 */
export interface ParsedCron {
  hasSeconds: boolean;
  second: boolean[];
  minute: boolean[];
  hour: boolean[];
  dayOfMonth: boolean[];
  month: boolean[];
  dayOfWeek: boolean[];
  dayOfMonthStar: boolean;
  dayOfWeekStar: boolean;
  days: DayRule;
  /** The fields as written, with a wrapped day-of-week range spelled forwards ("5-7" for FRI-SUN). */
  fields: string[];
}

/**
 * Which days run: 'every' day, only the listed days of the 'month', only the listed days of the 'week',
 * days that match 'both' fields, or days that match 'either' field.
 */
export type DayRule = 'every' | 'month' | 'week' | 'both' | 'either';

/** Cronie's rule (cron.c): both fields must match when either begins with `*`, else either one. */
export function dayRuleOf(
  dayOfMonth: boolean[],
  dayOfWeek: boolean[],
  dayOfMonthStar: boolean,
  dayOfWeekStar: boolean,
): DayRule {
  const monthFull = countTrue(dayOfMonth, 1, 31) === 31;
  const weekFull = countTrue(dayOfWeek, 0, 6) === 7;
  if (dayOfMonthStar || dayOfWeekStar) {
    if (monthFull && weekFull) return 'every';
    if (weekFull) return 'month';
    if (monthFull) return 'week';
    return 'both';
  }
  return monthFull || weekFull ? 'every' : 'either';
}

/** Quartz-style syntax the `cron` package does not support either, with what to say about it. */
const UNSUPPORTED: [RegExp, string][] = [
  [/\?/, '"?" is not supported; use * instead'],
  // A bare L/W or one attached to a number ("L", "15W", "5L"); no month or day name has a lone L or W.
  [/(^|[\d,])L($|[,\d])/i, '"L" (last) is not supported'],
  [/(^|[\d,])W($|[,\d])/i, '"W" (nearest weekday) is not supported'],
  [/#/, '"#" (nth weekday of the month) is not supported'],
];

function parseValue(raw: string, spec: CronFieldSpec): number | string {
  const lower = raw.toLowerCase();
  if (spec.names) {
    const index = spec.names.indexOf(lower);
    if (index >= 0) return index + (spec.namesStart ?? 0);
  }
  if (!/^\d+$/.test(raw)) {
    if (/^[a-z]+$/i.test(raw) && !spec.names) return `"${raw}": names are only allowed for months and days`;
    if (spec.names && /^[a-z]{4,}$/i.test(raw))
      return `"${raw}" is not a valid name; use the first three letters (${spec.names.slice(0, 3).join(', ')}, ...)`;
    return `"${raw}" is not a number`;
  }
  const value = Number(raw);
  if (value < spec.min || value > spec.max) return `${value} is out of range ${spec.min}-${spec.max}`;
  return value;
}

function unsupportedSyntax(text: string): string | null {
  if (/^[\d*,/-]*$/.test(text)) return null; // the common case: digits and operators only
  for (const [pattern, message] of UNSUPPORTED) if (pattern.test(text)) return message;
  return null;
}

/** Why a backwards range is refused, with what to write instead where there is something. */
function backwards(bounds: string[], step: string | undefined, spec: CronFieldSpec): string {
  const range = `${bounds[0]}-${bounds[1]}`;
  if (!spec.wrapsToSunday) return `range ${range} goes backwards`;
  if (step !== undefined && Number(parseValue(bounds[1], spec)) === 0)
    return `range ${range}/${step} goes backwards (cron wraps a range ending on Sunday only without a step; write ${bounds[0]}-7/${step})`;
  return `range ${range} goes backwards (cron wraps only ranges that end on Sunday, such as FRI-SUN; write ${bounds[0]}-SUN,...)`;
}

/** The field with wrapped ranges spelled forwards ("FRI-SUN" -> "FRI-7"), for parsers without wrapping. */
function forwardField(text: string, spec: CronFieldSpec): string {
  if (!spec.wrapsToSunday) return text;
  return text
    .split(',')
    .map((part) => {
      const bounds = part.split('-');
      if (bounds.length !== 2 || part.includes('/')) return part;
      const [low, high] = bounds.map((b) => parseValue(b, spec));
      return typeof low === 'number' && high === 0 && low > 0 ? `${bounds[0]}-7` : part;
    })
    .join(',');
}

/** Checks one field and returns the set of values it allows, or a problem in words. */
function parseField(text: string, spec: CronFieldSpec): boolean[] | string {
  if (text === '') return 'is empty';
  const unsupported = unsupportedSyntax(text);
  if (unsupported) return unsupported;
  const allowed: boolean[] = new Array<boolean>(spec.max + 1).fill(false);
  for (const part of text.split(',')) {
    if (part === '') return 'has an empty list item';
    const [range, step, extra] = part.split('/');
    if (extra !== undefined) return `"${part}" has more than one "/"`;
    if (step !== undefined && (!/^\d+$/.test(step) || Number(step) === 0))
      return `step "${step}" must be a positive number`;
    let low: number;
    let high: number;
    if (range === '*') {
      low = spec.min;
      high = spec.max;
    } else {
      const bounds = range.split('-');
      if (bounds.length > 2) return `"${range}" is not a valid range`;
      const values = bounds.map((b) => parseValue(b, spec));
      const bad = values.find((v) => typeof v === 'string');
      if (bad !== undefined) return bad as string;
      low = values[0] as number;
      // "5/15" means from 5 to the end, every 15 (as the package reads it).
      high = values.length === 2 ? (values[1] as number) : step !== undefined ? spec.max : low;
      if (low > high) {
        const wraps = spec.wrapsToSunday && high === 0;
        if (!wraps || step !== undefined) return backwards(bounds, step, spec);
        high = 7; // cronie: FRI-SUN is 5-7
      }
    }
    const by = step === undefined ? 1 : Number(step);
    for (let v = low; v <= high; v += by) allowed[v] = true;
  }
  return allowed;
}

function countTrue(values: boolean[], from: number, to: number): number {
  let n = 0;
  for (let v = from; v <= to; v++) if (values[v]) n++;
  return n;
}

/** A day of month that no selected month has (and no day of week to fall back on) never fires. */
function impossibleDate(p: ParsedCron): string | null {
  if (p.days !== 'month' && p.days !== 'both') return null;
  const firstDay = p.dayOfMonth.indexOf(true);
  const months: number[] = [];
  for (let m = 1; m <= 12; m++) if (p.month[m]) months.push(m);
  if (months.some((m) => firstDay <= MONTH_MAX_DAYS[m - 1])) return null;
  const names = months.map((m) => MONTH_LABELS[m - 1]);
  const list =
    names.length === 1 ? names[0] : `${names.slice(0, -1).join(', ')} or ${names[names.length - 1]}`;
  return `day ${firstDay} never occurs in ${list}, so this schedule would never run`;
}

function splitFields(expression: string): string[] {
  return expression.trim().split(/\s+/).filter(Boolean);
}

/** Parses a 5-field (minute first) or 6-field (second first) expression; the problem names the field. */
export function parseCronExpression(expression: string): { parsed: ParsedCron } | { error: CronCheck } {
  const result = parseCronFields(expression);
  if ('error' in result) return result;
  const never = impossibleDate(result.parsed);
  if (never)
    return { error: { valid: false, field: 'Day of month', message: `Day of month field: ${never}` } };
  return result;
}

/** Like parseCronExpression, but also returns a schedule that can never run ("0 0 30 2 *"). */
export function parseCronFields(expression: string): { parsed: ParsedCron } | { error: CronCheck } {
  const trimmed = expression.trim();
  if (trimmed.startsWith('@')) {
    return {
      error: {
        valid: false,
        message: `Nicknames like ${trimmed.split(/\s+/)[0]} are not supported; write the 5 fields (for example 0 0 * * * for daily)`,
      },
    };
  }
  const fields = splitFields(trimmed);
  if (fields.length !== 5 && fields.length !== 6) {
    return {
      error: {
        valid: false,
        message: `A schedule has 5 fields (minute hour day-of-month month day-of-week) or 6 with seconds first; this one has ${fields.length}`,
      },
    };
  }
  const specs = fields.length === 6 ? [SECOND_FIELD, ...FIVE_FIELDS] : FIVE_FIELDS;
  const sets: boolean[][] = [];
  for (let i = 0; i < fields.length; i++) {
    const result = parseField(fields[i], specs[i]);
    if (typeof result === 'string') {
      return { error: { valid: false, field: specs[i].name, message: `${specs[i].name} field: ${result}` } };
    }
    sets.push(result);
  }
  if (fields.length === 5) sets.unshift([true, ...new Array<boolean>(59).fill(false)]); // second 0
  const [second, minute, hour, dayOfMonth, month, weekWithSeven] = sets;
  const dayOfWeek = weekWithSeven.slice(0, 7);
  if (weekWithSeven[7]) dayOfWeek[0] = true;
  // cronie tests the field's first character, so "*/2" counts as a star and "1-31" does not.
  const dayOfMonthStar = fields[fields.length - 3].startsWith('*');
  const dayOfWeekStar = fields[fields.length - 1].startsWith('*');
  const parsed: ParsedCron = {
    hasSeconds: fields.length === 6,
    second,
    minute,
    hour,
    dayOfMonth,
    month,
    dayOfWeek,
    dayOfMonthStar,
    dayOfWeekStar,
    days: dayRuleOf(dayOfMonth, dayOfWeek, dayOfMonthStar, dayOfWeekStar),
    fields: fields.map((f, i) => forwardField(f, specs[i])),
  };
  return { parsed };
}

/** Checks a 5-field (minute first) or 6-field (second first) cron expression. */
export function checkCronExpression(expression: string): CronCheck {
  const result = parseCronExpression(expression);
  return 'error' in result ? result.error : { valid: true };
}
