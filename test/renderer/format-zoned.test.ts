// Times in a task's zone (task list) and the editor's next-runs list: the zone's own wall time, the
// zone named, the viewer's time only where it reads differently, and midnight as 00:00, never 24:00.
import { describe, expect, it } from 'vitest';
import { formatInZone } from '../../src/renderer/src/format/time';
import { shortInZone, wallTime, zonedTime } from '../../src/renderer/src/format/zoned';

const AT_0130_UTC = Date.UTC(2026, 11, 5, 1, 30); // 02:30 in Berlin (CET, +1)

describe('zonedTime', () => {
  it("shows the task's wall time, names its zone, and adds the viewer's where it differs", () => {
    expect(zonedTime(AT_0130_UTC, 'Europe/Berlin', '', 'UTC')).toEqual({
      text: '2026-12-05 02:30:00',
      zone: 'Europe/Berlin',
      viewer: '01:30:00',
    });
    // A different date for the viewer: the date is given too.
    expect(zonedTime(AT_0130_UTC, 'Europe/Berlin', '', 'America/New_York').viewer).toBe(
      '2026-12-04 20:30:00',
    );
    // Same wall time: nothing added (a different name with the same offset reads the same).
    expect(zonedTime(AT_0130_UTC, 'Europe/Berlin', '', 'Europe/Paris').viewer).toBeNull();
  });

  it("uses the fallback zone, then the viewer's, for a task without a zone", () => {
    expect(zonedTime(AT_0130_UTC, '', 'Asia/Tokyo', 'UTC')).toMatchObject({
      text: '2026-12-05 10:30:00',
      zone: 'Asia/Tokyo',
    });
    expect(zonedTime(AT_0130_UTC, '', '', 'UTC')).toEqual({
      text: '2026-12-05 01:30:00',
      zone: 'UTC',
      viewer: null,
    });
  });

  it('writes midnight as 00:00:00 and keeps a short form in the zone', () => {
    const midnightBerlin = Date.UTC(2026, 11, 4, 23, 0);
    expect(wallTime(midnightBerlin, 'Europe/Berlin')).toBe('2026-12-05 00:00:00');
    expect(shortInZone(midnightBerlin, 'Europe/Berlin', midnightBerlin + 60_000)).toBe('00:00:00');
    expect(shortInZone(midnightBerlin, 'Europe/Berlin', midnightBerlin - 3_600_000)).toBe('12-05 00:00');
  });
});

describe("the editor's next-runs list (formatInZone)", () => {
  it('shows midnight as 00:00:00, not 24:00:00, in both languages', () => {
    const midnightUtc = Date.UTC(2026, 0, 6, 0, 0);
    for (const lang of ['en', 'zh-CN'] as const) {
      const text = formatInZone(midnightUtc, 'UTC', lang);
      expect(text).toContain('00:00:00');
      expect(text).not.toContain('24:00');
    }
  });
});
