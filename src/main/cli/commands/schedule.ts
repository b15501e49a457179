// `cronkeeper schedule EXPR [--tz ZONE] [--from INSTANT] [--count N] [--json]`: the next runs of a schedule,
// each as a UTC instant and as the wall time with its offset in the zone, the schedule in words and the
// daylight-saving notes. The runs and notes come from the editor's preview (core/timing/preview.ts), so
// the two always agree. Needs no data folder and no database; the schedule modules load only when it runs.
import { cliText } from '../cli-lang';
import type { Command } from '../command';
import { CliError, EXIT_OK } from '../errors';
import { toJson } from '../format';

const MAX_COUNT = 100;
const ISO_INSTANT =
  /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,3}))?)?(Z|[+-]\d{2}:\d{2})$/i;

/** An ISO 8601 instant with its offset ("2026-03-08T06:59:59.999Z"); a calendar slip like Feb 30 is refused. */
export function parseInstant(raw: string): number {
  const match = ISO_INSTANT.exec(raw.trim());
  if (!match) {
    const hint = /^\d{4}-\d{2}-\d{2}T[\d:.]+$/.test(raw.trim()) ? ' (add Z or an offset such as +01:00)' : '';
    throw new CliError(`--from: '${raw}' is not an ISO 8601 instant like 2026-03-08T06:59:59.999Z${hint}`);
  }
  const [, y, mo, d, h, mi, s = '0', ms = '0', zone] = match;
  const parts = [y, mo, d, h, mi, s].map(Number);
  const wall = Date.UTC(
    parts[0],
    parts[1] - 1,
    parts[2],
    parts[3],
    parts[4],
    parts[5],
    Number(ms.padEnd(3, '0')),
  );
  const back = new Date(wall);
  const same =
    back.getUTCFullYear() === parts[0] &&
    back.getUTCMonth() === parts[1] - 1 &&
    back.getUTCDate() === parts[2] &&
    back.getUTCHours() === parts[3] &&
    back.getUTCMinutes() === parts[4] &&
    back.getUTCSeconds() === parts[5];
  if (!same) throw new CliError(`--from: '${raw}' is not a real date and time`);
  if (zone.toUpperCase() === 'Z') return wall;
  const sign = zone[0] === '-' ? -1 : 1;
  const offset = sign * (Number(zone.slice(1, 3)) * 60 + Number(zone.slice(4, 6))) * 60_000;
  return wall - offset;
}

/** "+05:30", "-04:00", "+00:00" (seconds too for the odd historical offset). */
function formatOffset(ms: number): string {
  const sign = ms < 0 ? '-' : '+';
  const total = Math.abs(ms) / 1000;
  const two = (n: number) => String(Math.floor(n)).padStart(2, '0');
  const seconds = total % 60 ? `:${two(total % 60)}` : '';
  return `${sign}${two(total / 3600)}:${two((total % 3600) / 60)}${seconds}`;
}

const WEEKDAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];

export const scheduleCommand: Command = {
  name: 'schedule',
  summary: 'Show the next runs of a cron expression, in words, with daylight-saving notes',
  positionals: [{ name: 'EXPR', required: true, help: 'A cron expression, quoted: "30 2 * * *"' }],
  options: [
    { name: 'tz', kind: 'string', value: 'ZONE', help: "IANA time zone (default: this computer's)" },
    {
      name: 'from',
      kind: 'string',
      value: 'INSTANT',
      help: 'Runs strictly after this ISO 8601 instant, e.g. 2026-03-08T06:59:59.999Z (default: now)',
    },
    { name: 'count', kind: 'int', value: 'N', help: `How many runs (1-${MAX_COUNT}, default 10)` },
  ],
  details:
    'Each run is printed as a UTC instant and as the wall time with its UTC offset in the zone, as the\n' +
    "scheduler will run it (cron's day rule, daylight-saving rules: see the README). Needs no data folder.",
  async run(session) {
    const expression = session.positionals[0];
    const count = session.options.int('count') ?? 10;
    if (!Number.isSafeInteger(count) || count < 1 || count > MAX_COUNT)
      throw new CliError(`--count must be between 1 and ${MAX_COUNT}`);
    const rawFrom = session.options.string('from');
    const from = rawFrom === undefined ? Date.now() : parseInstant(rawFrom);
    const [{ previewSchedule }, { systemTimezone }, { offsetAt }, { scheduleInWords }] = await Promise.all([
      import('../../core/timing/preview'),
      import('../../core/timing/schedule-math'),
      import('../../core/timing/zone-transitions'),
      import('../../../shared/schedule-words'),
    ]);
    const zone = session.options.string('tz') ?? systemTimezone();
    const preview = previewSchedule(expression, zone, count, from);
    if (!preview.valid) {
      const message = cliText(preview.error ?? 'Invalid schedule');
      // The expression's errors name their field ("Hour field: ..."); the zone's is about --tz.
      throw new CliError(preview.field === 'timezone' ? `--tz: ${message}` : message);
    }
    const runs = preview.nextRuns.map((t) => {
      const offset = offsetAt(zone, t);
      const wall = new Date(t + offset).toISOString().slice(0, 19);
      return {
        utc: new Date(t).toISOString(),
        local: `${wall}${formatOffset(offset)}`,
        weekday: WEEKDAYS[new Date(t + offset).getUTCDay()],
      };
    });
    const words = scheduleInWords(expression);
    if (session.json) {
      session.io.out(
        toJson({
          expression: expression.trim(),
          timezone: zone,
          from: new Date(from).toISOString(),
          words,
          runs: runs.map(({ utc, local }) => ({ utc, local })),
          dstNotes: preview.dstWarnings,
        }),
      );
      return EXIT_OK;
    }
    const lines = [
      `${expression.trim()}: ${words}`,
      `Next ${runs.length} run${runs.length === 1 ? '' : 's'} in ${zone} after ${new Date(from).toISOString()}:`,
      ...runs.map((r) => `  ${r.utc}  ${r.local} ${r.weekday}`),
    ];
    if (preview.dstWarnings.length > 0)
      lines.push('Daylight saving:', ...preview.dstWarnings.map((note) => `  ${cliText(note)}`));
    session.io.out(lines.join('\n'));
    return EXIT_OK;
  },
};
