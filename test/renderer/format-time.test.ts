// formatAbsolute formats by hand (it runs for every row a history scroll brings into view): it must
// say exactly what dayjs's 'YYYY-MM-DD HH:mm:ss' says, in the local zone, over the whole range in use.
import dayjs from 'dayjs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatAbsolute } from '../../src/renderer/src/format/time';

describe('formatAbsolute', () => {
  // Node reads TZ again when it changes: zones with DST, a half-hour offset and a half-hour DST shift.
  it.each(['UTC', 'America/New_York', 'Asia/Kolkata', 'Australia/Lord_Howe'])(
    'matches dayjs for any time from 1970 to 2200 (TZ=%s)',
    (zone) => {
      const saved = process.env.TZ;
      process.env.TZ = zone;
      try {
        fc.assert(
          fc.property(fc.integer({ min: 0, max: 7_258_118_400_000 }), (ms) => {
            expect(formatAbsolute(ms)).toBe(dayjs(ms).format('YYYY-MM-DD HH:mm:ss'));
          }),
          { numRuns: 1000 },
        );
      } finally {
        if (saved === undefined) delete process.env.TZ;
        else process.env.TZ = saved;
      }
    },
  );

  it('shows a dash for no time', () => {
    expect(formatAbsolute(null)).toBe('—');
    expect(formatAbsolute(undefined)).toBe('—');
  });
});
