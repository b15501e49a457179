// Our next-run arithmetic at daylight-saving changes, with fixed 2026 dates:
// spring forward runs a missing local time once at the end of the gap, fall back runs a doubled local time
// once at the first occurrence, and every-hour schedules keep a steady rhythm in real time.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { wallMatches } from '../../src/main/core/timing/cron-matcher';
import { compiledSchedule, nextRuns, slotsBetween } from '../../src/main/core/timing/schedule-math';
import { transitionsBetween, wallClockOf } from '../../src/main/core/timing/zone-transitions';

const MIN = 60_000;
const HOUR = 60 * MIN;
const NY = 'America/New_York';
const BERLIN = 'Europe/Berlin';
const SHANGHAI = 'Asia/Shanghai';

/** "2026-03-08 03:00 -04:00" style: the local time and its offset, so a wrong offset shows up too. */
function local(zone: string, t: number): string {
  const parts = new Intl.DateTimeFormat('en-CA', {
    timeZone: zone,
    hourCycle: 'h23',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    timeZoneName: 'longOffset',
  }).formatToParts(t);
  const get = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
  return `${get('year')}-${get('month')}-${get('day')} ${get('hour')}:${get('minute')} ${get('timeZoneName').replace('GMT', '')}`;
}

function diffs(runs: number[]): number[] {
  return runs.slice(1).map((t, i) => t - runs[i]);
}

describe('spring forward: a local time that does not exist runs once, at the end of the gap', () => {
  it('New York, 8 Mar 2026: daily 02:30 runs at 03:00 EDT, then 02:30 again', () => {
    const runs = nextRuns('30 2 * * *', NY, Date.parse('2026-03-07T12:00:00Z'), 3);
    expect(runs.map((t) => local(NY, t))).toEqual([
      '2026-03-08 03:00 -04:00',
      '2026-03-09 02:30 -04:00',
      '2026-03-10 02:30 -04:00',
    ]);
    expect(runs[0]).toBe(Date.parse('2026-03-08T07:00:00Z'));
  });

  it('Berlin, 29 Mar 2026: daily 02:30 runs at 03:00 CEST', () => {
    const runs = nextRuns('30 2 * * *', BERLIN, Date.parse('2026-03-28T12:00:00Z'), 2);
    expect(runs.map((t) => local(BERLIN, t))).toEqual(['2026-03-29 03:00 +02:00', '2026-03-30 02:30 +02:00']);
  });

  it('several slots inside the gap (every 15 minutes during 02:xx) still run only once', () => {
    const runs = nextRuns('*/15 2 * * *', NY, Date.parse('2026-03-08T00:00:00Z'), 3);
    expect(runs.map((t) => local(NY, t))).toEqual([
      '2026-03-08 03:00 -04:00',
      '2026-03-09 02:00 -04:00',
      '2026-03-09 02:15 -04:00',
    ]);
  });

  it('a slot in the gap and one at 03:00 do not make two runs at 03:00', () => {
    const runs = nextRuns('0 2,3 * * *', BERLIN, Date.parse('2026-03-29T00:00:00Z'), 2);
    expect(runs.map((t) => local(BERLIN, t))).toEqual(['2026-03-29 03:00 +02:00', '2026-03-30 02:00 +02:00']);
  });

  it('Sydney (southern hemisphere), 4 Oct 2026: daily 02:30 runs at 03:00 (the cron package says 03:30)', () => {
    const runs = nextRuns('30 2 * * *', 'Australia/Sydney', Date.parse('2026-10-03T00:00:00Z'), 1);
    expect(local('Australia/Sydney', runs[0])).toBe('2026-10-04 03:00 +11:00');
  });

  it('asking from inside the day after the moved run does not run it again', () => {
    const after = Date.parse('2026-03-08T07:00:00Z'); // the moved run at 03:00 EDT
    expect(local(NY, nextRuns('30 2 * * *', NY, after, 1)[0])).toBe('2026-03-09 02:30 -04:00');
  });
});

describe('fall back: a local time that occurs twice runs once, at the first occurrence', () => {
  it('New York, 1 Nov 2026: daily 01:30 runs at 01:30 EDT only', () => {
    const runs = nextRuns('30 1 * * *', NY, Date.parse('2026-10-31T12:00:00Z'), 3);
    expect(runs.map((t) => local(NY, t))).toEqual([
      '2026-11-01 01:30 -04:00',
      '2026-11-02 01:30 -05:00',
      '2026-11-03 01:30 -05:00',
    ]);
  });

  it('Berlin, 25 Oct 2026: daily 02:30 runs at 02:30 CEST only', () => {
    const runs = nextRuns('30 2 * * *', BERLIN, Date.parse('2026-10-24T12:00:00Z'), 2);
    expect(runs.map((t) => local(BERLIN, t))).toEqual(['2026-10-25 02:30 +02:00', '2026-10-26 02:30 +01:00']);
  });

  it('asking from between the two occurrences skips the second one', () => {
    // 06:10Z is 01:10 EST: the second pass, 40 minutes after the first 01:30 (05:30Z) ran.
    const between = Date.parse('2026-11-01T06:10:00Z');
    expect(local(NY, nextRuns('30 1 * * *', NY, between, 1)[0])).toBe('2026-11-02 01:30 -05:00');
  });

  it('a fixed-hour schedule (every 15 minutes during 01:xx) runs the repeated hour once', () => {
    const runs = nextRuns('*/15 1 * * *', NY, Date.parse('2026-11-01T04:00:00Z'), 5);
    expect(runs.map((t) => local(NY, t))).toEqual([
      '2026-11-01 01:00 -04:00',
      '2026-11-01 01:15 -04:00',
      '2026-11-01 01:30 -04:00',
      '2026-11-01 01:45 -04:00',
      '2026-11-02 01:00 -05:00',
    ]);
  });
});

describe('every-hour schedules keep a steady rhythm in real time', () => {
  for (const [zone, springUtc, fallUtc] of [
    [NY, '2026-03-08T07:00:00Z', '2026-11-01T06:00:00Z'],
    [BERLIN, '2026-03-29T01:00:00Z', '2026-10-25T01:00:00Z'],
  ] as const) {
    it(`${zone}: every 15 minutes through both changes, no gap, no duplicate`, () => {
      for (const change of [springUtc, fallUtc]) {
        const from = Date.parse(change) - 3 * HOUR;
        const runs = slotsBetween('*/15 * * * *', zone, from, from + 6 * HOUR, 100);
        expect(runs).toHaveLength(24);
        expect(new Set(diffs(runs))).toEqual(new Set([15 * MIN]));
      }
    });

    it(`${zone}: hourly at :30 is one real hour apart across both changes`, () => {
      for (const change of [springUtc, fallUtc]) {
        const from = Date.parse(change) - 4 * HOUR;
        const runs = slotsBetween('30 * * * *', zone, from, from + 8 * HOUR, 100);
        expect(runs).toHaveLength(8);
        expect(new Set(diffs(runs))).toEqual(new Set([HOUR]));
      }
    });
  }

  it('New York fall back: every 15 minutes runs 01:00-01:45 in both passes', () => {
    const runs = nextRuns('*/15 * * * *', NY, Date.parse('2026-11-01T05:50:00Z'), 5);
    expect(runs.map((t) => local(NY, t))).toEqual([
      '2026-11-01 01:00 -05:00',
      '2026-11-01 01:15 -05:00',
      '2026-11-01 01:30 -05:00',
      '2026-11-01 01:45 -05:00',
      '2026-11-01 02:00 -05:00',
    ]);
  });

  it('New York spring forward: every second goes from 01:59:59 EST to 03:00:00 EDT, one second later', () => {
    const runs = nextRuns('* * * * * *', NY, Date.parse('2026-03-08T06:59:57Z'), 4);
    expect(diffs(runs)).toEqual([1000, 1000, 1000]);
    expect(runs[2]).toBe(Date.parse('2026-03-08T07:00:00Z'));
  });
});

describe('a zone without daylight saving (control)', () => {
  it('Asia/Shanghai: daily 02:30 and 01:30 on the US/EU change days are plain 24 h apart', () => {
    for (const [expr, from] of [
      ['30 2 * * *', '2026-03-07T00:00:00Z'],
      ['30 1 * * *', '2026-10-31T00:00:00Z'],
      ['30 2 * * *', '2026-03-28T00:00:00Z'],
    ]) {
      const runs = nextRuns(expr, SHANGHAI, Date.parse(from), 4);
      expect(new Set(diffs(runs))).toEqual(new Set([24 * HOUR]));
      for (const t of runs) expect(local(SHANGHAI, t)).toMatch(new RegExp(` 0${expr[3]}:30 \\+08:00$`));
    }
  });

  it('Asia/Shanghai: every 15 minutes over a whole year is exactly 4 per hour', () => {
    const from = Date.parse('2026-01-01T00:00:00Z');
    const runs = slotsBetween('*/15 * * * *', SHANGHAI, from, from + 7 * 24 * HOUR, 10_000);
    expect(runs).toHaveLength(7 * 24 * 4);
    expect(new Set(diffs(runs))).toEqual(new Set([15 * MIN]));
  });
});

describe('properties around real transitions (random schedules, zones and windows)', () => {
  const zones = [NY, BERLIN, 'Australia/Sydney', 'Australia/Lord_Howe', 'America/Santiago', SHANGHAI];
  const exprs = [
    '30 2 * * *',
    '30 1 * * *',
    '0 0 * * *',
    '*/15 * * * *',
    '30 * * * *',
    '*/7 1-3 * * *',
    '0 2,3 * * *',
    '45 1 * * 0',
    '0 */10 * * * *',
  ];
  // Around every 2026 transition of these zones.
  const changes = zones.flatMap((zone) =>
    transitionsBetween(zone, Date.parse('2026-01-01T00:00:00Z'), Date.parse('2026-12-31T00:00:00Z')).map(
      (t) => ({
        zone,
        at: t.at,
      }),
    ),
  );

  it('slots ascend, do not depend on where the window is split, match the schedule or end a gap', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...changes),
        fc.constantFrom(...exprs),
        fc.integer({ min: -6 * 60, max: 2 * 60 }),
        fc.integer({ min: 1, max: 8 * 60 }),
        (change, expr, startMin, splitMin) => {
          const from = change.at + startMin * MIN;
          const to = from + 8 * HOUR;
          const whole = slotsBetween(expr, change.zone, from, to, 5000);
          const split = from + splitMin * MIN;
          const parts = [
            ...slotsBetween(expr, change.zone, from, split, 5000),
            ...slotsBetween(expr, change.zone, split, to, 5000),
          ];
          expect(parts).toEqual(whole);
          for (let i = 1; i < whole.length; i++) expect(whole[i]).toBeGreaterThan(whole[i - 1]);
          const c = compiledSchedule(expr);
          if (!c) throw new Error('valid expression');
          for (const slot of whole) {
            const matches = wallMatches(c, wallClockOf(change.zone, slot));
            expect(matches || slot === change.at, `${expr} ${change.zone} ${local(change.zone, slot)}`).toBe(
              true,
            );
          }
          if (!c.everyHour) {
            // Fixed-time schedules never run the same local time twice.
            const walls = whole.map((t) => wallClockOf(change.zone, t));
            expect(new Set(walls).size).toBe(walls.length);
          }
        },
      ),
      { numRuns: 80, seed: 8 },
    );
  });
});
