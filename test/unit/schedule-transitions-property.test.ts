// Property test over real zone transitions, 1970-2037: whatever instant the next run is computed from
// (an hour, a second, a millisecond before a change, or the change itself), a run moved out of a
// spring-forward gap is never lost, a local time that occurs twice never runs twice (fixed-time schedules),
// and every start agrees with one walk over the same stretch. nextRuns and slotsBetween both.
// The zones cover northern and southern changes, a 30-minute change (Lord Howe), midnight changes
// (Havana, Tehran), odd offsets (St John's, Kathmandu's 1986 change) and offset changes that are not DST.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { nextRuns, slotsBetween } from '../../src/main/core/timing/schedule-math';
import { transitionsBetween, type Transition } from '../../src/main/core/timing/zone-transitions';

const SEC = 1000;
const MIN = 60 * SEC;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;

const ZONES = [
  'America/New_York',
  'Europe/Berlin',
  'Europe/London',
  'Australia/Sydney',
  'Australia/Lord_Howe',
  'America/Santiago',
  'Pacific/Auckland',
  'America/Sao_Paulo',
  'America/Havana',
  'Asia/Tehran',
  'America/St_Johns',
  'Asia/Kathmandu',
  'Europe/Moscow',
];

const ALL: { zone: string; tr: Transition }[] = ZONES.flatMap((zone) =>
  transitionsBetween(zone, Date.UTC(1970, 0, 1), Date.UTC(2037, 11, 31)).map((tr) => ({ zone, tr })),
);
const GAPS = ALL.filter(({ tr }) => tr.after > tr.before);
const OVERLAPS = ALL.filter(({ tr }) => tr.after < tr.before);

const STARTS = [-HOUR, -SEC, -1, 0];

/** A 5- or 6-field expression that fires at the wall time `wall` (UTC-pretend ms) every day. */
function dailyAt(wall: number, withSeconds: boolean): string {
  const d = new Date(wall);
  const hm = `${d.getUTCMinutes()} ${d.getUTCHours()} * * *`;
  return withSeconds ? `${d.getUTCSeconds()} ${hm}` : hm;
}

/** Checks one expression around one transition from every start; `expectAt` says whether tr.at is a run. */
function checkAround(expr: string, zone: string, tr: Transition, expectAt: boolean | null): void {
  const reference = slotsBetween(expr, zone, tr.at - 2 * DAY, tr.at + 5 * DAY, 10_000);
  for (let i = 1; i < reference.length; i++) expect(reference[i]).toBeGreaterThan(reference[i - 1]);
  if (expectAt !== null) expect(reference.includes(tr.at), `${expr} ${zone} at ${tr.at}`).toBe(expectAt);
  for (const delta of STARTS) {
    const start = tr.at + delta;
    const label = `${expr} in ${zone}, from ${new Date(start).toISOString()}`;
    const expected = reference.filter((t) => t > start);
    expect(nextRuns(expr, zone, start, 3), label).toEqual(expected.slice(0, 3));
    const end = tr.at + DAY;
    expect(slotsBetween(expr, zone, start, end, 10_000), label).toEqual(expected.filter((t) => t <= end));
  }
}

describe('runs around real zone transitions, 1970-2037', () => {
  it('covers spring-forward and fall-back changes of each kind', () => {
    expect(GAPS.length).toBeGreaterThan(300);
    expect(OVERLAPS.length).toBeGreaterThan(300);
    // A 30-minute change and a southern-hemisphere spring forward (in October) are among them.
    expect(GAPS.some(({ tr }) => tr.after - tr.before === 30 * MIN)).toBe(true);
    expect(
      GAPS.some(({ zone, tr }) => zone === 'Australia/Sydney' && new Date(tr.at).getUTCMonth() === 9),
    ).toBe(true);
  });

  it('a fixed-time run in a spring-forward gap runs once, at the end of the gap, from every start', () => {
    // Every gap of every zone, at a spread of places inside it (start, end, anywhere between), with and
    // without seconds.
    GAPS.forEach(({ zone, tr }, index) => {
      const gapStart = tr.at + tr.before;
      const size = tr.after - tr.before;
      const withSeconds = index % 2 === 1;
      const step = withSeconds ? SEC : MIN;
      const steps = size / step;
      const place = index % 3 === 0 ? 0 : index % 3 === 1 ? steps - 1 : (index * 7919) % steps;
      checkAround(dailyAt(gapStart + place * step, withSeconds), zone, tr, true);
    });
  });

  it('an every-hour schedule in a gap keeps its rhythm: moved unless the same slot one shift later exists', () => {
    fc.assert(
      fc.property(fc.constantFrom(...GAPS), fc.integer({ min: 0, max: 59 }), ({ zone, tr }, minute) => {
        const gapStart = tr.at + tr.before;
        const gapMinutes = (tr.after - tr.before) / MIN;
        const firstMinute = new Date(gapStart).getUTCMinutes();
        const inGap = (minute - firstMinute + 60) % 60 < gapMinutes;
        // A whole-hour shift lands every gap minute on an existing slot: nothing is moved to the gap's end,
        // unless the schedule's own minute is the end of the gap. A 30-minute shift moves them.
        const shiftIsWholeHours = gapMinutes % 60 === 0;
        const endMinute = new Date(tr.at + tr.after).getUTCMinutes();
        const expectAt = minute === endMinute || (inGap && !shiftIsWholeHours);
        checkAround(`${minute} * * * *`, zone, tr, expectAt);
      }),
      { numRuns: 300, seed: 20261205 },
    );
  });

  it('a fixed-time run in a repeated hour runs once, from every start', () => {
    OVERLAPS.forEach(({ zone, tr }, index) => {
      const repeatStart = tr.at + tr.after;
      const steps = (tr.before - tr.after) / MIN;
      const wall = repeatStart + ((index * 7919) % steps) * MIN;
      const expr = dailyAt(wall, false);
      checkAround(expr, zone, tr, null);
      const runs = slotsBetween(expr, zone, tr.at - 2 * DAY, tr.at + 2 * DAY, 100);
      // The two instants showing that wall time: exactly one of them runs, the first.
      expect(runs.includes(wall - tr.before), `${expr} in ${zone}`).toBe(true);
      expect(runs.includes(wall - tr.after), `${expr} in ${zone}`).toBe(false);
    });
  });

  it('the reported case: New York, 02:30 daily, from the last millisecond before the change', () => {
    const from = Date.parse('2026-03-08T06:59:59.999Z');
    expect(nextRuns('30 2 * * *', 'America/New_York', from, 2)).toEqual([
      Date.parse('2026-03-08T07:00:00Z'),
      Date.parse('2026-03-09T06:30:00Z'),
    ]);
    expect(
      slotsBetween('30 2 * * *', 'America/New_York', from, Date.parse('2026-03-08T12:00:00Z'), 10),
    ).toEqual([Date.parse('2026-03-08T07:00:00Z')]);
  });
});
