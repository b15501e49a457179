// Field-naming validation, and its agreement with the `cron` package on the same inputs.
import { CronTime } from 'cron';
import { describe, expect, it } from 'vitest';
import { checkCronExpression, parseCronExpression } from '../../src/main/core/timing/cron-fields';
import { validateCron } from '../../src/main/core/timing/schedule-math';

const packageAccepts = (expr: string) => CronTime.validateCronExpression(expr).valid;

describe('each field names itself when wrong', () => {
  const cases: [string, string][] = [
    ['60 * * * *', 'Minute field: 60 is out of range 0-59'],
    ['0 25 * * *', 'Hour field: 25 is out of range 0-23'],
    ['0 0 0 * *', 'Day of month field: 0 is out of range 1-31'],
    ['0 0 32 * *', 'Day of month field: 32 is out of range 1-31'],
    ['0 0 * 13 *', 'Month field: 13 is out of range 1-12'],
    ['0 0 * 0 *', 'Month field: 0 is out of range 1-12'],
    ['0 0 * * 8', 'Day of week field: 8 is out of range 0-7'],
    ['60 0 0 * * *', 'Second field: 60 is out of range 0-59'],
    [
      '0 0 * * mon-sunday',
      'Day of week field: "sunday" is not a valid name; use the first three letters (sun, mon, tue, ...)',
    ],
    ['0 0 * foo *', 'Month field: "foo" is not a number'],
    ['jan * * * *', 'Minute field: "jan": names are only allowed for months and days'],
    ['*/0 * * * *', 'Minute field: step "0" must be a positive number'],
    ['*/x * * * *', 'Minute field: step "x" must be a positive number'],
    ['1/2/3 * * * *', 'Minute field: "1/2/3" has more than one "/"'],
    ['5-1 * * * *', 'Minute field: range 5-1 goes backwards'],
    ['1-2-3 * * * *', 'Minute field: "1-2-3" is not a valid range'],
    ['1,,2 * * * *', 'Minute field: has an empty list item'],
    ['0 0 ? * *', 'Day of month field: "?" is not supported; use * instead'],
    ['0 0 L * *', 'Day of month field: "L" (last) is not supported'],
    ['0 0 15W * *', 'Day of month field: "W" (nearest weekday) is not supported'],
    ['0 0 * * 5#3', 'Day of week field: "#" (nth weekday of the month) is not supported'],
    ['0 0 * * 5L', 'Day of week field: "L" (last) is not supported'],
    ['0 0 30 2 *', 'Day of month field: day 30 never occurs in February, so this schedule would never run'],
    [
      '0 0 31 4,6 *',
      'Day of month field: day 31 never occurs in April or June, so this schedule would never run',
    ],
  ];
  for (const [expr, message] of cases) {
    it(`${expr} -> ${message}`, () => {
      const check = checkCronExpression(expr);
      expect(check.valid).toBe(false);
      expect(check.message).toBe(message);
      expect(check.field).toBe(message.split(' field:')[0]);
    });
  }

  it('counts the fields', () => {
    expect(checkCronExpression('* * * *').message).toMatch(/5 fields .* or 6 .* this one has 4/);
    expect(checkCronExpression('* * * * * * *').message).toMatch(/this one has 7/);
    expect(checkCronExpression('').message).toMatch(/this one has 0/);
    expect(checkCronExpression('* * * *').field).toBeUndefined();
  });

  it('refuses @nicknames with a hint', () => {
    expect(checkCronExpression('@daily').message).toBe(
      'Nicknames like @daily are not supported; write the 5 fields (for example 0 0 * * * for daily)',
    );
  });
});

describe('valid forms', () => {
  const valid = [
    '* * * * *',
    '* * * * * *',
    '*/15 * * * *',
    '0 9-17 * * 1-5',
    '0 9-17/2 * * mon-fri',
    '5/15 * * * *',
    '0,30 8,12,18 * * *',
    '0 0 1 jan,jul *',
    '0 0 * * SUN',
    '0 0 * * 7',
    '0 0 * * 5-7',
    '0 0 29 2 *',
    '0 0 31 * *',
    '  0   0  * * *  ',
    '0\t0 * * *',
    '0 0 1-31 * 1',
  ];
  for (const expr of valid) {
    it(`accepts "${expr}" and so does the cron package`, () => {
      expect(checkCronExpression(expr)).toEqual({ valid: true });
      expect(validateCron(expr)).toEqual({ valid: true });
      expect(packageAccepts(expr.trim())).toBe(true);
    });
  }

  it('7 and 0 are both Sunday, and names map to numbers', () => {
    const seven = parseCronExpression('0 0 * * 7');
    const named = parseCronExpression('0 0 * feb sun');
    if ('error' in seven || 'error' in named) throw new Error('should parse');
    expect(seven.parsed.dayOfWeek).toEqual([true, false, false, false, false, false, false]);
    expect(named.parsed.dayOfWeek[0]).toBe(true);
    expect(named.parsed.month.indexOf(true)).toBe(2);
    expect(seven.parsed.hasSeconds).toBe(false);
    expect(seven.parsed.second.indexOf(true)).toBe(0);
  });

  it('steps and ranges give the right sets', () => {
    const r = parseCronExpression('5/20 1-10/3 * * *');
    if ('error' in r) throw new Error('should parse');
    const values = (set: boolean[]) => set.flatMap((v, i) => (v ? [i] : []));
    expect(values(r.parsed.minute)).toEqual([5, 25, 45]);
    expect(values(r.parsed.hour)).toEqual([1, 4, 7, 10]);
  });
});

describe('agreement with the cron package', () => {
  // Everything we accept, the package accepts (else a task would pass our check and fail in the runner).
  const probes = [
    '* * * * *',
    '0 0 * * 7',
    '0 0 * * 0-7',
    '*/59 * * * *',
    '*/100 * * * *',
    '0 0 1 1 *',
    '0 0 L * *',
    '0 0 ? * *',
    '0 0 * * 5#3',
    '60 * * * *',
    '0 0 * * 8',
    '@daily',
    '* * * *',
    '*-5 * * * *',
    '** * * * *',
    '1-* * * * *',
    '0 0 * * sunday',
    '-5 * * * *',
    '+5 * * * *',
    '1, * * * *',
    '0 0 * JAN-MAR *',
    '0 0 * * MON-FRI/2',
    '0 0 1-31 * *',
    '0 0 0 1 1 *',
    '0 0 30 2 *',
    '0 0 * * sun-sat',
    '0 0 * * 0-6/2',
  ];
  for (const expr of probes) {
    it(`"${expr}": ours valid implies package valid; package invalid implies ours invalid`, () => {
      const ours = checkCronExpression(expr).valid;
      if (ours) expect(packageAccepts(expr)).toBe(true);
      if (!packageAccepts(expr)) expect(ours).toBe(false);
    });
  }

  it('a day-of-week range ending on Sunday wraps, as in cronie; the package refuses it', () => {
    for (const expr of ['0 0 * * mon-sun', '0 0 * * FRI-SUN', '0 0 * * 5-0']) {
      expect(packageAccepts(expr)).toBe(false);
      expect(checkCronExpression(expr)).toEqual({ valid: true });
      expect(validateCron(expr)).toEqual({ valid: true });
    }
  });

  it('where the package is more lenient, we refuse on purpose', () => {
    // The package reads "jan" as 1 in any field, accepts nicknames, and accepts a never-firing date.
    for (const expr of ['jan * * * *', '@daily', '0 0 30 2 *']) {
      expect(packageAccepts(expr)).toBe(true);
      expect(checkCronExpression(expr).valid).toBe(false);
    }
  });
});
