// The editor's daylight-saving notes (dst.ts) and the preview that carries them (preview.ts).
import { describe, expect, it } from 'vitest';
import { dstWarnings } from '../../src/main/core/timing/dst';
import { previewSchedule } from '../../src/main/core/timing/preview';
import { nextRuns } from '../../src/main/core/timing/schedule-math';

const at = (iso: string) => Date.parse(iso);
const NY = 'America/New_York';
const YEAR_2026: [number, number] = [at('2026-01-01T00:00:00Z'), at('2026-12-31T23:59:59Z')];

describe('dstWarnings', () => {
  it('New York 2026, daily 02:30: the missing run on 8 March', () => {
    expect(dstWarnings('30 2 * * *', NY, ...YEAR_2026)).toEqual([
      'On Sun 8 Mar 2026, 02:30 does not exist in America/New_York (clocks jump forward): this run happens at 03:00.',
    ]);
  });

  it('New York 2026, daily 01:30: the doubled run on 1 November', () => {
    expect(dstWarnings('30 1 * * *', NY, ...YEAR_2026)).toEqual([
      'On Sun 1 Nov 2026, 01:30 occurs twice in America/New_York (clocks go back): this run happens once, at the first 01:30.',
    ]);
  });

  it('Berlin 2026: 02:30 is both missing (29 March) and doubled (25 October)', () => {
    expect(dstWarnings('30 2 * * *', 'Europe/Berlin', ...YEAR_2026)).toEqual([
      'On Sun 29 Mar 2026, 02:30 does not exist in Europe/Berlin (clocks jump forward): this run happens at 03:00.',
      'On Sun 25 Oct 2026, 02:30 occurs twice in Europe/Berlin (clocks go back): this run happens once, at the first 02:30.',
    ]);
  });

  it('several runs in the changed hour are listed together', () => {
    expect(dstWarnings('*/20 2 * * *', 'Europe/Berlin', ...YEAR_2026)).toEqual([
      'On Sun 29 Mar 2026, 02:00, 02:20 and 02:40 do not exist in Europe/Berlin (clocks jump forward): these runs happen once, at 03:00.',
      'On Sun 25 Oct 2026, 02:00, 02:20 and 02:40 occur twice in Europe/Berlin (clocks go back): these runs happen once, at the first occurrence.',
    ]);
  });

  it('a moved run that lands on another slot says the two are one run', () => {
    expect(dstWarnings('0 2,3 * * *', 'Europe/Berlin', ...YEAR_2026)[0]).toBe(
      'On Sun 29 Mar 2026, 02:00 does not exist in Europe/Berlin (clocks jump forward): this run merges with the 03:00 run (one run).',
    );
  });

  it('every-hour schedules are told their rhythm is kept', () => {
    expect(dstWarnings('*/15 * * * *', NY, ...YEAR_2026)).toEqual([
      'On Sun 8 Mar 2026, 02:00, 02:15, 02:30 and 02:45 do not exist in America/New_York (clocks jump forward from 02:00 to 03:00): these runs are skipped and the schedule keeps its rhythm in real time.',
      "On Sun 1 Nov 2026, 01:00, 01:15, 01:30 and 01:45 occur twice in America/New_York (clocks go back from 02:00 to 01:00): these runs happen in both passes, keeping the schedule's rhythm in real time.",
    ]);
    const everySecond = dstWarnings('* * * * * *', NY, ...YEAR_2026);
    expect(everySecond[0]).toContain('the 3600 times from 02:00:00 to 02:59:59 do not exist');
  });

  it('says nothing for runs that miss the changed hour, for zones without DST, and outside the window', () => {
    expect(dstWarnings('30 4 * * *', NY, ...YEAR_2026)).toEqual([]);
    expect(dstWarnings('30 2 * * *', 'Asia/Shanghai', ...YEAR_2026)).toEqual([]);
    expect(dstWarnings('30 2 * * *', NY, at('2026-03-09T00:00:00Z'), at('2026-10-01T00:00:00Z'))).toEqual([]);
    // Only on weekdays: 8 March 2026 is a Sunday, so nothing is moved.
    expect(dstWarnings('30 2 * * 1-5', NY, ...YEAR_2026)).toEqual([]);
  });

  it('empty for a bad expression or zone', () => {
    expect(dstWarnings('30 2 * *', NY, ...YEAR_2026)).toEqual([]);
    expect(dstWarnings('30 2 * * *', 'Nowhere/Land', ...YEAR_2026)).toEqual([]);
  });

  it('each note matches what nextRuns does on that day', () => {
    // The moved run really is at 03:00 EDT and there is only one run on 1 Nov at 01:30.
    const march = nextRuns('30 2 * * *', NY, at('2026-03-08T00:00:00Z'), 1)[0];
    expect(march).toBe(at('2026-03-08T03:00:00-04:00'));
    const nov = nextRuns('30 1 * * *', NY, at('2026-11-01T00:00:00Z'), 2);
    expect(nov).toEqual([at('2026-11-01T01:30:00-04:00'), at('2026-11-02T01:30:00-05:00')]);
  });
});

describe('previewSchedule', () => {
  const now = at('2026-11-28T10:00:00Z');

  it('gives the next 10 runs in the zone and a year of DST notes for a daily schedule', () => {
    const p = previewSchedule('30 2 * * *', NY, 10, now);
    expect(p.valid).toBe(true);
    expect(p.nextRuns).toHaveLength(10);
    expect(p.nextRuns[0]).toBe(at('2026-11-29T02:30:00-05:00'));
    // The next spring-forward is in March 2027, months after the 10th run, but within 366 days.
    expect(p.dstWarnings).toEqual([
      'On Sun 14 Mar 2027, 02:30 does not exist in America/New_York (clocks jump forward): this run happens at 03:00.',
    ]);
  });

  it('every-hour schedules only get notes up to the last previewed run', () => {
    expect(previewSchedule('*/15 * * * *', NY, 10, now).dstWarnings).toEqual([]);
    const beforeFallBack = at('2026-11-01T04:30:00Z');
    expect(previewSchedule('*/15 * * * *', NY, 10, beforeFallBack).dstWarnings).toHaveLength(1);
  });

  it('names the bad field, and the zone when the zone is wrong', () => {
    expect(previewSchedule('0 24 * * *', NY, 10, now)).toEqual({
      valid: false,
      error: 'Hour field: 24 is out of range 0-23',
      field: 'Hour',
      nextRuns: [],
      dstWarnings: [],
    });
    const badZone = previewSchedule('0 1 * * *', 'America/Nowhere', 10, now);
    expect(badZone.valid).toBe(false);
    expect(badZone.field).toBe('timezone');
    expect(badZone.error).toContain('America/Nowhere');
  });

  it('honours count, and falls back to 10 for a nonsense count', () => {
    expect(previewSchedule('0 * * * *', 'UTC', 3, now).nextRuns).toHaveLength(3);
    expect(previewSchedule('0 * * * *', 'UTC', 0, now).nextRuns).toHaveLength(10);
  });

  it('is fast: typical expressions well under 20 ms each once zones are warm', () => {
    const exprs = ['*/5 * * * *', '0 9 * * 1-5', '30 2 * * *', '0 0 1 * *', '15 14 1 jan *', '* * * * * *'];
    const zones = ['America/New_York', 'Europe/Berlin', 'Asia/Shanghai', 'Australia/Sydney'];
    for (const zone of zones) previewSchedule('0 0 * * *', zone, 10, now); // zone tables, first use
    const times: number[] = [];
    for (const zone of zones)
      for (const expr of exprs) {
        const started = performance.now();
        previewSchedule(expr, zone, 10, now);
        times.push(performance.now() - started);
      }
    times.sort((a, b) => a - b);
    expect(times[Math.floor(times.length / 2)]).toBeLessThan(20);
  });
});
