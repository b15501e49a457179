// Plain-English daylight-saving notes for the schedule editor: which runs in a window fall on a local time
// that does not exist (spring forward) or occurs twice (fall back), and what Cronkeeper does about it.
// The wording follows the rules in schedule-math.ts, and the tests check that each note matches the runs
// that nextRuns actually produces.
import type { CompiledCron } from './cron-matcher';
import { nextWallMatch, wallMatches } from './cron-matcher';
import { compiledSchedule, gapSlotDropped, isValidTimezone } from './schedule-math';
import { transitionsBetween, type Transition } from './zone-transitions';

const DAY_NAMES = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const MONTH_NAMES = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
/** Enough for every second of a three-hour shift. */
const MAX_LISTED_MATCHES = 20_000;

/** "Sun 8 Mar 2026" for a wall time (UTC-pretend ms). */
function dayLabel(wall: number): string {
  const d = new Date(wall);
  return `${DAY_NAMES[d.getUTCDay()]} ${d.getUTCDate()} ${MONTH_NAMES[d.getUTCMonth()]} ${d.getUTCFullYear()}`;
}

function clock(wall: number, withSeconds: boolean): string {
  const d = new Date(wall);
  const two = (n: number) => String(n).padStart(2, '0');
  const hm = `${two(d.getUTCHours())}:${two(d.getUTCMinutes())}`;
  return withSeconds ? `${hm}:${two(d.getUTCSeconds())}` : hm;
}

/** "02:30", "01:00, 01:15 and 01:30", or "the 3600 times from 02:00:00 to 02:59:59". */
function timeList(walls: number[], withSeconds: boolean): string {
  const labels = walls.map((w) => clock(w, withSeconds));
  if (labels.length === 1) return labels[0];
  if (labels.length <= 4) return `${labels.slice(0, -1).join(', ')} and ${labels[labels.length - 1]}`;
  return `the ${labels.length} times from ${labels[0]} to ${labels[labels.length - 1]}`;
}

/** The schedule's wall times in [fromWall, toWall). */
function matchesIn(c: CompiledCron, fromWall: number, toWall: number): number[] {
  const out: number[] = [];
  let w = nextWallMatch(c, fromWall - 1000);
  while (w !== null && w < toWall && out.length < MAX_LISTED_MATCHES) {
    out.push(w);
    w = nextWallMatch(c, w);
  }
  return out;
}

function springForward(c: CompiledCron, zone: string, tr: Transition): string[] {
  const gapStart = tr.at + tr.before;
  const gapEnd = tr.at + tr.after;
  const walls = matchesIn(c, gapStart, gapEnd);
  if (walls.length === 0) return [];
  const withSeconds = c.parsed.hasSeconds;
  const day = dayLabel(gapStart);
  const shift = tr.after - tr.before;
  const dropped = walls.filter((w) => gapSlotDropped(c, w, shift));
  const moved = walls.filter((w) => !gapSlotDropped(c, w, shift));
  const notes: string[] = [];
  if (moved.length > 0) {
    const one = moved.length === 1;
    const end = clock(gapEnd, withSeconds);
    // When the end of the gap is a slot of its own, the moved run and that slot are one run.
    const outcome = wallMatches(c, gapEnd)
      ? `${one ? 'this run merges' : 'these runs merge'} with the ${end} run (one run).`
      : one
        ? `this run happens at ${end}.`
        : `these runs happen once, at ${end}.`;
    notes.push(
      `On ${day}, ${timeList(moved, withSeconds)} ${one ? 'does' : 'do'} not exist in ${zone} (clocks jump forward): ${outcome}`,
    );
  }
  if (dropped.length > 0) {
    const one = dropped.length === 1;
    notes.push(
      `On ${day}, ${timeList(dropped, withSeconds)} ${one ? 'does' : 'do'} not exist in ${zone} ` +
        `(clocks jump forward from ${clock(gapStart, false)} to ${clock(gapEnd, false)}): ` +
        `${one ? 'this run is' : 'these runs are'} skipped and the schedule keeps its rhythm in real time.`,
    );
  }
  return notes;
}

function fallBack(c: CompiledCron, zone: string, tr: Transition, fromMs: number, toMs: number): string[] {
  const repeatStart = tr.at + tr.after;
  const repeatEnd = tr.at + tr.before;
  // A run counts if its first occurrence (or, for every-hour schedules, either one) is in the window.
  const walls = matchesIn(c, repeatStart, repeatEnd).filter((w) => {
    const first = w - tr.before;
    const second = w - tr.after;
    const inWindow = (t: number) => t >= fromMs && t <= toMs;
    return inWindow(first) || (c.everyHour && inWindow(second));
  });
  if (walls.length === 0) return [];
  const withSeconds = c.parsed.hasSeconds;
  const day = dayLabel(repeatStart);
  const one = walls.length === 1;
  const times = timeList(walls, withSeconds);
  if (c.everyHour) {
    return [
      `On ${day}, ${times} ${one ? 'occurs' : 'occur'} twice in ${zone} ` +
        `(clocks go back from ${clock(repeatEnd, false)} to ${clock(repeatStart, false)}): ` +
        `${one ? 'this run happens' : 'these runs happen'} in both passes, keeping the schedule's rhythm in real time.`,
    ];
  }
  return [
    `On ${day}, ${times} ${one ? 'occurs' : 'occur'} twice in ${zone} (clocks go back): ` +
      (one
        ? `this run happens once, at the first ${times}.`
        : 'these runs happen once, at the first occurrence.'),
  ];
}

/**
 * Notes for the runs in [fromMs, toMs] that a daylight-saving change moves, merges or doubles. Empty for an
 * invalid expression or zone, a zone without daylight saving, or a schedule that misses the changed hour.
 */
export function dstWarnings(expression: string, timezone: string, fromMs: number, toMs: number): string[] {
  const c = compiledSchedule(expression);
  if (!c || !isValidTimezone(timezone) || !(toMs >= fromMs)) return [];
  const notes: string[] = [];
  // A fall-back's first pass can start up to a few hours before the transition instant.
  const SLACK = 4 * 3_600_000;
  for (const tr of transitionsBetween(timezone, fromMs - SLACK, toMs + SLACK)) {
    if (tr.after > tr.before) {
      // The moved or skipped runs belong to the transition instant (the end of the gap).
      if (tr.at >= fromMs && tr.at <= toMs) notes.push(...springForward(c, timezone, tr));
    } else if (tr.after < tr.before) {
      notes.push(...fallBack(c, timezone, tr, fromMs, toMs));
    }
  }
  return notes;
}
