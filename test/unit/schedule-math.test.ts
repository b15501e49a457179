// The everyday schedule arithmetic: next runs, slots in a window, bad input, zones.
import { describe, expect, it } from 'vitest';
import {
  isValidTimezone,
  nextRunAfter,
  nextRuns,
  slotsBetween,
  systemTimezone,
  validateCron,
} from '../../src/main/core/timing/schedule-math';

const at = (iso: string) => Date.parse(iso);

describe('nextRunAfter / nextRuns', () => {
  it('is strictly after the given time, also when that time is itself a slot', () => {
    expect(nextRunAfter('0 * * * *', 'UTC', at('2026-05-01T10:00:00Z'))).toBe(at('2026-05-01T11:00:00Z'));
    expect(nextRunAfter('0 * * * *', 'UTC', at('2026-05-01T09:59:59.999Z'))).toBe(at('2026-05-01T10:00:00Z'));
    expect(nextRunAfter('0 * * * *', 'UTC', at('2026-05-01T10:00:00.001Z'))).toBe(at('2026-05-01T11:00:00Z'));
  });

  it('reads 5 fields as minute-first and 6 as second-first', () => {
    expect(nextRunAfter('5 4 * * *', 'UTC', at('2026-05-01T00:00:00Z'))).toBe(at('2026-05-01T04:05:00Z'));
    expect(nextRunAfter('5 4 3 * * *', 'UTC', at('2026-05-01T00:00:00Z'))).toBe(at('2026-05-01T03:04:05Z'));
  });

  it('uses the task zone, not the machine zone', () => {
    const from = at('2026-05-01T00:00:00Z');
    expect(nextRunAfter('0 9 * * *', 'Asia/Shanghai', from)).toBe(at('2026-05-01T01:00:00Z'));
    expect(nextRunAfter('0 9 * * *', 'America/New_York', from)).toBe(at('2026-05-01T13:00:00Z'));
    expect(nextRunAfter('0 9 * * *', 'Asia/Kolkata', from)).toBe(at('2026-05-01T03:30:00Z'));
  });

  it('handles weekdays, month names, 7 as Sunday, and day-of-month OR day-of-week', () => {
    // 2026-05-01 is a Friday.
    expect(nextRuns('0 8 * * mon-fri', 'UTC', at('2026-05-01T09:00:00Z'), 2)).toEqual([
      at('2026-05-04T08:00:00Z'),
      at('2026-05-05T08:00:00Z'),
    ]);
    expect(nextRunAfter('0 0 * * 7', 'UTC', at('2026-05-01T00:00:00Z'))).toBe(at('2026-05-03T00:00:00Z'));
    expect(nextRunAfter('0 0 1 jul *', 'UTC', at('2026-05-01T00:00:00Z'))).toBe(at('2026-07-01T00:00:00Z'));
    // Both day fields restricted: the 13th OR a Friday, whichever comes first.
    expect(nextRuns('0 0 13 * 5', 'UTC', at('2026-05-01T01:00:00Z'), 3)).toEqual([
      at('2026-05-08T00:00:00Z'),
      at('2026-05-13T00:00:00Z'),
      at('2026-05-15T00:00:00Z'),
    ]);
  });

  it('finds 29 February in the next leap year', () => {
    expect(nextRunAfter('0 0 29 2 *', 'UTC', at('2026-03-01T00:00:00Z'))).toBe(at('2028-02-29T00:00:00Z'));
  });

  it('returns null / [] for a bad expression or zone instead of throwing', () => {
    expect(nextRunAfter('61 * * * *', 'UTC', 0)).toBeNull();
    expect(nextRunAfter('* * * * *', 'Mars/Olympus', 0)).toBeNull();
    expect(nextRunAfter('* * * * *', 'UTC', Number.NaN)).toBeNull();
    expect(nextRuns('nonsense', 'UTC', 0, 5)).toEqual([]);
    expect(slotsBetween('* * * * *', 'Nowhere/Land', 0, 1e12, 5)).toEqual([]);
  });

  it('is fast enough for 10,000 tasks at start-up', () => {
    const from = at('2026-05-01T00:00:00Z');
    const exprs = ['*/5 * * * *', '0 3 * * *', '30 9 * * mon-fri', '0 0 1 * *', '* * * * * *'];
    nextRuns('0 3 * * *', 'Europe/Berlin', from, 1);
    const started = performance.now();
    for (let i = 0; i < 10_000; i++) nextRunAfter(exprs[i % exprs.length], 'Europe/Berlin', from + i * 1000);
    expect(performance.now() - started).toBeLessThan(2500); // ~30 ms on an idle machine; generous for a busy one
  });
});

describe('slotsBetween', () => {
  it('returns the slots in (from, to], ascending', () => {
    const slots = slotsBetween(
      '*/20 * * * *',
      'UTC',
      at('2026-05-01T10:00:00Z'),
      at('2026-05-01T11:00:00Z'),
      10,
    );
    expect(slots).toEqual([
      at('2026-05-01T10:20:00Z'),
      at('2026-05-01T10:40:00Z'),
      at('2026-05-01T11:00:00Z'),
    ]);
  });

  it('stops at max', () => {
    const slots = slotsBetween('* * * * * *', 'UTC', 0, at('2026-05-01T00:00:00Z'), 7);
    expect(slots).toEqual([1000, 2000, 3000, 4000, 5000, 6000, 7000]);
  });

  it('is empty for an empty or reversed window', () => {
    expect(slotsBetween('* * * * *', 'UTC', 1000, 1000, 10)).toEqual([]);
    expect(slotsBetween('* * * * *', 'UTC', 1e9, 0, 10)).toEqual([]);
  });
});

describe('zones and validation', () => {
  it('knows IANA zones', () => {
    expect(isValidTimezone('Europe/Berlin')).toBe(true);
    expect(isValidTimezone('UTC')).toBe(true);
    expect(isValidTimezone('Europe/Berlinn')).toBe(false);
    expect(isValidTimezone('')).toBe(false);
    expect(isValidTimezone(systemTimezone())).toBe(true);
  });

  it('validateCron names the field', () => {
    expect(validateCron('0 25 * * *')).toEqual({
      valid: false,
      field: 'Hour',
      message: 'Hour field: 25 is out of range 0-23',
    });
    expect(validateCron('*/5 * * * *')).toEqual({ valid: true });
  });
});
