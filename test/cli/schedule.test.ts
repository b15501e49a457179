// `cronkeeper schedule`: the editor's preview on the command line (the same function), each run as a UTC
// instant and as wall time with its offset, the words and the daylight-saving notes; bad input exits 2
// naming the field; no data folder is touched.
import fs from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { previewSchedule } from '../../src/main/core/timing/preview';
import { cli, ensureBuilt, tempDir } from './cli-harness';

vi.setConfig({ testTimeout: 60_000 });
beforeAll(() => ensureBuilt(), 180_000);

const NY = 'America/New_York';

describe('cronkeeper schedule', () => {
  it('from the last millisecond before a spring-forward change: the moved run is the first one', async () => {
    const dir = path.join(tempDir(), 'never-created');
    const from = '2026-03-08T06:59:59.999Z';
    const result = await cli(dir, [
      'schedule',
      '30 2 * * *',
      '--tz',
      NY,
      '--from',
      from,
      '--count',
      '3',
      '--json',
    ]);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const out = JSON.parse(result.stdout) as {
      runs: { utc: string; local: string }[];
      dstNotes: string[];
      words: string;
      from: string;
    };
    expect(out.runs).toEqual([
      { utc: '2026-03-08T07:00:00.000Z', local: '2026-03-08T03:00:00-04:00' },
      { utc: '2026-03-09T06:30:00.000Z', local: '2026-03-09T02:30:00-04:00' },
      { utc: '2026-03-10T06:30:00.000Z', local: '2026-03-10T02:30:00-04:00' },
    ]);
    expect(out.words).toBe('At 02:30');
    expect(out.from).toBe(from);
    // The same function as the editor's preview: the same runs and notes.
    const preview = previewSchedule('30 2 * * *', NY, 3, Date.parse(from));
    expect(out.runs.map((r) => Date.parse(r.utc))).toEqual(preview.nextRuns);
    expect(out.dstNotes).toEqual(preview.dstWarnings);
    expect(out.dstNotes[0]).toBe(
      'On Sun 8 Mar 2026, 02:30 does not exist in America/New_York (clocks jump forward): this run happens at 03:00.',
    );
    expect(fs.existsSync(dir)).toBe(false);
  });

  it('prints the words, the runs and the notes as text; offsets with half hours; cron day rule', async () => {
    const result = await cli(null, [
      'schedule',
      '0 0 */2 * 1',
      '--tz',
      'Asia/Kolkata',
      '--from',
      '2026-01-01T00:00:00+05:30',
      '--count',
      '2',
    ]);
    expect(result.code).toBe(0);
    expect(result.stdout).toBe(
      [
        '0 0 */2 * 1: At 00:00, every 2 days in a month, only if that day is a Monday',
        'Next 2 runs in Asia/Kolkata after 2025-12-31T18:30:00.000Z:',
        '  2026-01-04T18:30:00.000Z  2026-01-05T00:00:00+05:30 Mon',
        '  2026-01-18T18:30:00.000Z  2026-01-19T00:00:00+05:30 Mon',
        '',
      ].join('\n'),
    );
    const fall = await cli(null, [
      'schedule',
      '30 1 * * *',
      '--tz',
      NY,
      '--from',
      '2026-10-31T12:00:00Z',
      '--count',
      '2',
    ]);
    expect(fall.stdout).toContain('  2026-11-01T05:30:00.000Z  2026-11-01T01:30:00-04:00 Sun\n');
    expect(fall.stdout).toContain('  2026-11-02T06:30:00.000Z  2026-11-02T01:30:00-05:00 Mon\n');
    expect(fall.stdout).toContain(
      'Daylight saving:\n  On Sun 1 Nov 2026, 01:30 occurs twice in America/New_York',
    );
  });

  const bad: [string[], RegExp][] = [
    [['0 25 * * *'], /^cronkeeper: Hour field: 25 is out of range 0-23\n$/],
    [['0 0 * * SAT-MON'], /^cronkeeper: Day of week field: range SAT-MON goes backwards/],
    [['* * *'], /5 fields .* this one has 3/],
    [['0 0 * * *', '--tz', 'Mars/Olympus'], /^cronkeeper: --tz: Unknown time zone "Mars\/Olympus"/],
    [
      ['0 0 * * *', '--from', '2026-02-30T00:00:00Z'],
      /^cronkeeper: --from: '2026-02-30T00:00:00Z' is not a real date/,
    ],
    [
      ['0 0 * * *', '--from', '2026-03-08T02:00'],
      /not an ISO 8601 instant .*\(add Z or an offset such as \+01:00\)/,
    ],
    [['0 0 * * *', '--from', 'yesterday'], /^cronkeeper: --from: 'yesterday' is not an ISO 8601 instant/],
    [['0 0 * * *', '--count', '0'], /^cronkeeper: --count must be between 1 and 100/],
    [['0 0 * * *', '--count', 'x'], /--count/],
    [[], /schedule needs EXPR/],
  ];
  for (const [args, message] of bad) {
    it(`exits 2 for ${JSON.stringify(args)}`, async () => {
      const result = await cli(null, ['schedule', ...args]);
      expect(result.code).toBe(2);
      expect(result.stdout).toBe('');
      expect(result.stderr).toMatch(message);
    });
  }
});
