// UTC offsets and daylight-saving transitions of an IANA zone, read from Intl (the ICU time zone data that
// Node and Electron ship). Per zone and year we find the transitions once (sampling, then bisecting to the
// second) and cache them, so the schedule arithmetic asks a table, not Intl, for each offset.

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
/** Sampling step when looking for transitions. Real zones never change twice within 4 days. */
const SAMPLE_STEP = 4 * DAY;

export interface Transition {
  /** The first instant (epoch ms) with the new offset. */
  at: number;
  /** Offsets in ms (local = utc + offset) before and after. */
  before: number;
  after: number;
}

interface YearTable {
  startOffset: number;
  transitions: Transition[];
}

const formatters = new Map<string, Intl.DateTimeFormat>();
/** zone -> year -> table. */
const tables = new Map<string, Map<number, YearTable>>();

function formatterFor(zone: string): Intl.DateTimeFormat {
  let f = formatters.get(zone);
  if (!f) {
    // Only the offset ("GMT-05:00"): four times cheaper than formatting and parsing the full local time.
    f = new Intl.DateTimeFormat('en-US', { timeZone: zone, timeZoneName: 'longOffset' });
    formatters.set(zone, f);
  }
  return f;
}

const OFFSET_PATTERN = /GMT(?:([+-])(\d{1,2}):(\d{2})(?::(\d{2}))?)?$/;

/** The zone's offset at `t`, straight from Intl (slow: use offsetAt). */
function intlOffset(zone: string, t: number): number {
  const match = OFFSET_PATTERN.exec(formatterFor(zone).format(t));
  if (!match) throw new Error(`Cannot read the UTC offset of ${zone}`);
  if (!match[1]) return 0;
  const ms = (Number(match[2]) * 3600 + Number(match[3]) * 60 + Number(match[4] ?? 0)) * 1000;
  return match[1] === '-' ? -ms : ms;
}

function buildYear(zone: string, year: number): YearTable {
  const start = Date.UTC(year, 0, 1);
  const end = Date.UTC(year + 1, 0, 1);
  const startOffset = intlOffset(zone, start);
  const transitions: Transition[] = [];
  let t = start;
  let offset = startOffset;
  while (t < end) {
    const next = Math.min(t + SAMPLE_STEP, end);
    const nextOffset = intlOffset(zone, next);
    let lo = t;
    let loOffset = offset;
    while (nextOffset !== loOffset) {
      // Bisect (lo, next] for the first instant whose offset differs from lo's.
      let hi = next;
      // Offsets change on whole seconds, so bisect in seconds.
      while (hi - lo > 1000) {
        const mid = lo + Math.floor((hi - lo) / 2000) * 1000;
        if (intlOffset(zone, mid) === loOffset) lo = mid;
        else hi = mid;
      }
      const after = intlOffset(zone, hi);
      transitions.push({ at: hi, before: loOffset, after });
      lo = hi;
      loOffset = after;
    }
    t = next;
    offset = nextOffset;
  }
  return { startOffset, transitions };
}

function yearTable(zone: string, year: number): YearTable {
  let years = tables.get(zone);
  if (!years) {
    years = new Map();
    tables.set(zone, years);
  }
  let table = years.get(year);
  if (!table) {
    table = buildYear(zone, year);
    years.set(year, table);
  }
  return table;
}

const AVERAGE_YEAR_MS = 365.2425 * DAY;

/** The UTC year of `t`, without allocating a Date. */
function yearOf(t: number): number {
  let year = Math.floor(t / AVERAGE_YEAR_MS) + 1970;
  if (t < Date.UTC(year, 0, 1)) year--;
  else if (t >= Date.UTC(year + 1, 0, 1)) year++;
  return year;
}

/** The zone's offset (ms, local = utc + offset) at instant `t`. */
export function offsetAt(zone: string, t: number): number {
  const table = yearTable(zone, yearOf(t));
  let offset = table.startOffset;
  for (const tr of table.transitions) {
    if (tr.at > t) break;
    offset = tr.after;
  }
  return offset;
}

/** The last transition at or before `t`, looking back at most to the start of the previous year. */
export function transitionAtOrBefore(zone: string, t: number): Transition | null {
  const year = yearOf(t);
  for (let y = year; y >= year - 1; y--) {
    const list = yearTable(zone, y).transitions;
    for (let i = list.length - 1; i >= 0; i--) if (list[i].at <= t) return list[i];
  }
  return null;
}

/** The first transition strictly after `t` and at or before `limit`, or null. */
export function transitionAfter(zone: string, t: number, limit: number): Transition | null {
  const last = yearOf(limit);
  for (let y = yearOf(t); y <= last; y++) {
    for (const tr of yearTable(zone, y).transitions) {
      if (tr.at > limit) return null;
      if (tr.at > t) return tr;
    }
  }
  return null;
}

/** Every transition with `from <= at <= to`. */
export function transitionsBetween(zone: string, from: number, to: number): Transition[] {
  const out: Transition[] = [];
  for (let y = yearOf(from); y <= yearOf(to); y++) {
    for (const tr of yearTable(zone, y).transitions) if (tr.at >= from && tr.at <= to) out.push(tr);
  }
  return out;
}

/** The wall-clock reading (as UTC-pretend epoch ms) of instant `t` in the zone. */
export function wallClockOf(zone: string, t: number): number {
  return t + offsetAt(zone, t);
}
