// Vixie cron's day rule as cronie applies it (a day field beginning with `*` makes a day match both
// fields, else either), cronie's wrap-around day-of-week ranges, and each documented difference from the
// `cron` package's CronTime. The expected days come from the calendar (Date's own weekday and date), not
// from our matcher.
import { CronTime } from 'cron';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkCronExpression, parseCronExpression } from '../../src/main/core/timing/cron-fields';
import { dayRuleChange, describeDayRuleChange } from '../../src/main/core/timing/day-rule-change';
import { nextRuns } from '../../src/main/core/timing/schedule-math';

const DAY = 86_400_000;
const FROM = Date.UTC(2025, 11, 31, 12);

/** The days in 2026 (midnight UTC) for which `keep(date, weekday)` holds, as ISO dates. */
function calendarDays(keep: (date: number, weekday: number) => boolean, count: number): string[] {
  const out: string[] = [];
  for (let t = Date.UTC(2026, 0, 1); out.length < count; t += DAY) {
    const d = new Date(t);
    if (keep(d.getUTCDate(), d.getUTCDay())) out.push(d.toISOString().slice(0, 10));
  }
  return out;
}

const ourDays = (expr: string, count: number) =>
  nextRuns(expr, 'UTC', FROM, count).map((t) => new Date(t).toISOString().slice(0, 10));

function packageDays(expr: string, count: number): string[] {
  const time = new CronTime(expr, 'UTC');
  const out: string[] = [];
  let cursor = new Date(FROM);
  for (let i = 0; i < count; i++) {
    const next = time.getNextDateFrom(cursor, 'UTC');
    out.push(next.toISODate() ?? '');
    cursor = next.toJSDate();
  }
  return out;
}

describe("cronie's day rule", () => {
  const cases: [string, (date: number, weekday: number) => boolean][] = [
    // Day of month begins with `*`: both must match (Mondays with odd dates).
    ['0 0 */2 * 1', (d, w) => d % 2 === 1 && w === 1],
    // Neither begins with `*` and 0-7 is every weekday: a day matching either is every day.
    ['0 4 13 * 0-7', () => true],
    ['0 4 1-31 * 1', () => true],
    // Neither begins with `*`: either (the 13th, and every Monday).
    ['0 4 13 * 1', (d, w) => d === 13 || w === 1],
    ['0 4 1-7 * 5', (d, w) => d <= 7 || w === 5],
    // Day of week begins with `*`: both (the 13th when it is an even weekday).
    ['0 4 13 * */2', (d, w) => d === 13 && w % 2 === 0],
    ['0 4 */1 * 1', (_d, w) => w === 1],
    ['0 4 * * 1', (_d, w) => w === 1],
    ['0 4 13 * *', (d) => d === 13],
    ['0 4 *,13 * 1', (_d, w) => w === 1],
  ];
  for (const [expr, keep] of cases) {
    it(`${expr}`, () => {
      expect(ourDays(expr, 12)).toEqual(calendarDays(keep, 12));
    });
  }
});

describe("cronie's wrap-around day-of-week ranges", () => {
  it('a range ending on Sunday ends on 7: FRI-SUN is Friday, Saturday and Sunday', () => {
    const weekend = calendarDays((_d, w) => w === 5 || w === 6 || w === 0, 9);
    for (const expr of [
      '0 0 * * FRI-SUN',
      '0 0 * * fri-sun',
      '0 0 * * 5-0',
      '0 0 * * 5-SUN',
      '0 0 * * 5-7',
    ]) {
      expect(ourDays(expr, 9), expr).toEqual(weekend);
    }
    expect(ourDays('0 0 * * MON-SUN', 9)).toEqual(calendarDays(() => true, 9));
    expect(ourDays('0 0 * * 1,FRI-SUN', 9)).toEqual(calendarDays((_d, w) => [0, 1, 5, 6].includes(w), 9));
  });

  it('any other backwards range is refused, naming the field and what to write', () => {
    expect(checkCronExpression('0 0 * * SAT-MON')).toEqual({
      valid: false,
      field: 'Day of week',
      message:
        'Day of week field: range SAT-MON goes backwards (cron wraps only ranges that end on Sunday, such as FRI-SUN; write SAT-SUN,...)',
    });
    expect(checkCronExpression('0 0 * * FRI-SUN/2').message).toBe(
      'Day of week field: range FRI-SUN/2 goes backwards (cron wraps a range ending on Sunday only without a step; write FRI-7/2)',
    );
    // Outside the day of week cronie makes 22-0 match nothing and 5-0 mean 5, 6 and 7: refused instead.
    expect(checkCronExpression('0 22-0 * * *').message).toBe('Hour field: range 22-0 goes backwards');
    expect(checkCronExpression('0 5-0 * * *').message).toBe('Hour field: range 5-0 goes backwards');
  });
});

describe('the documented differences from the cron package, one test each', () => {
  it('a restricted day of month beginning with * and a day of week: cron wants both, the package either', () => {
    expect(packageDays('0 0 */2 * 1', 4)).toEqual(calendarDays((d, w) => d % 2 === 1 || w === 1, 4));
    expect(ourDays('0 0 */2 * 1', 4)).toEqual(calendarDays((d, w) => d % 2 === 1 && w === 1, 4));
  });

  it('a field covering every value without beginning with *: cron reads it as a restriction (either)', () => {
    expect(packageDays('0 4 13 * 0-7', 3)).toEqual(['2026-01-13', '2026-02-13', '2026-03-13']);
    expect(ourDays('0 4 13 * 0-7', 3)).toEqual(['2026-01-01', '2026-01-02', '2026-01-03']);
  });

  it('a wrap-around range: the package refuses FRI-SUN', () => {
    expect(CronTime.validateCronExpression('0 0 * * FRI-SUN').valid).toBe(false);
    expect(checkCronExpression('0 0 * * FRI-SUN').valid).toBe(true);
  });

  it('a date no selected month has, with a day of week beginning with *: never runs on cron, refused', () => {
    expect(CronTime.validateCronExpression('0 0 30 2 */2').valid).toBe(true);
    expect(checkCronExpression('0 0 30 2 */2').message).toBe(
      'Day of month field: day 30 never occurs in February, so this schedule would never run',
    );
    expect(checkCronExpression('0 0 30 2 1').valid).toBe(true); // either: every Monday in February
  });
});

describe('which stored expressions change meaning (migration 0007)', () => {
  it('finds the two kinds, and leaves alone every expression where the rules agree', () => {
    expect(dayRuleChange('0 0 */2 * 1')).toEqual({
      before: 'either',
      after: 'both',
      keep: '0 0 1-31/2 * 1',
      neverRuns: false,
    });
    expect(dayRuleChange('0 4 13 * 0-7')).toMatchObject({
      before: 'month',
      after: 'every',
      keep: '0 4 13 * *',
    });
    expect(dayRuleChange('0 0 30 2 */2')).toMatchObject({ neverRuns: true, keep: '0 0 30 2 0-7/2' });
    for (const same of [
      '* * * * *',
      '0 4 13 * 1',
      '0 4 * * 1-5',
      '0 4 1,15 * *',
      '*/5 * * * *',
      '0 4 */1 * 1',
      '0 0 1-29 2 0-7', // every February day either way
      'not cron',
    ]) {
      expect(dayRuleChange(same), same).toBeNull();
    }
    expect(describeDayRuleChange('0 0 */2 * 1', dayRuleChange('0 0 */2 * 1')!)).toBe(
      '"0 0 */2 * 1" ran on days that match its day of month or its day of week; under cron\'s day rule ' +
        'it now runs on days that match both its day of month and its day of week. ' +
        'To keep the old runs, change it to "0 0 1-31/2 * 1".',
    );
  });

  const dayField = (min: number, max: number) =>
    fc.oneof(
      fc.constantFrom('*', `${min}-${max}`, `*/1`, `*/2`, `*/3`, `${min}-${max}/2`),
      fc.integer({ min, max }).map(String),
      fc.uniqueArray(fc.integer({ min, max }), { minLength: 2, maxLength: 3 }).map((v) => v.join(',')),
    );

  it('the rewrite it suggests runs, under cron, on exactly the days the package (the old rule) ran', () => {
    let changed = 0;
    fc.assert(
      fc.property(dayField(1, 31), fc.constantFrom('*', '2', '1,4'), dayField(0, 7), (dom, month, dow) => {
        const expr = `0 0 ${dom} ${month} ${dow}`;
        if ('error' in parseCronExpression(expr) && !dayRuleChange(expr)) return;
        const change = dayRuleChange(expr);
        if (!change) {
          expect(ourDays(expr, 8), expr).toEqual(packageDays(expr, 8));
          return;
        }
        changed++;
        expect(ourDays(change.keep, 8), `${expr} -> ${change.keep}`).toEqual(packageDays(expr, 8));
      }),
      { numRuns: 150, seed: 20261207 },
    );
    expect(changed).toBeGreaterThan(20);
  });
});
