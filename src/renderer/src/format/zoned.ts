// Times in a task's own zone: a task that runs "At 02:30" in Europe/Berlin shows 02:30 and names the
// zone, whatever zone the viewer is in; the viewer's own time is added only where it reads differently.
// Formatters are cached per zone (Intl.DateTimeFormat is costly to build; the task list has 1,000 rows).

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(zone: string): Intl.DateTimeFormat {
  let f = formatters.get(zone);
  if (!f) {
    try {
      f = new Intl.DateTimeFormat('en-US', {
        timeZone: zone || undefined,
        year: 'numeric',
        month: '2-digit',
        day: '2-digit',
        hour: '2-digit',
        minute: '2-digit',
        second: '2-digit',
        // h23, not hour12: false: some engines then print midnight as 24:00:00.
        hourCycle: 'h23',
      });
    } catch {
      f = formatter('');
    }
    formatters.set(zone, f);
  }
  return f;
}

/** The viewer's own IANA zone. */
export function viewerZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone;
}

/** "2026-12-05 02:30:00": the wall time in `zone` ('' = the viewer's zone). */
export function wallTime(ms: number, zone: string): string {
  const parts: Record<string, string> = {};
  for (const p of formatter(zone).formatToParts(ms)) parts[p.type] = p.value;
  return `${parts.year}-${parts.month}-${parts.day} ${parts.hour}:${parts.minute}:${parts.second}`;
}

export interface ZonedTime {
  /** The wall time in the task's zone. */
  text: string;
  /** The zone it is in (IANA name). */
  zone: string;
  /** The viewer's wall time (the date only when it differs), or null where it reads the same. */
  viewer: string | null;
}

/** `ms` in the task's zone (`taskZone`, '' = `fallbackZone`), with the viewer's time where it differs. */
export function zonedTime(ms: number, taskZone: string, fallbackZone = '', here = viewerZone()): ZonedTime {
  const zone = taskZone || fallbackZone || here;
  const text = wallTime(ms, zone);
  const mine = wallTime(ms, here);
  if (mine === text) return { text, zone, viewer: null };
  return { text, zone, viewer: mine.slice(0, 10) === text.slice(0, 10) ? mine.slice(11) : mine };
}

/** "12-05 02:30" (or "02:30:00" today in that zone): a short time in the task's zone. */
export function shortInZone(ms: number, zone: string, now = Date.now()): string {
  const text = wallTime(ms, zone);
  return text.slice(0, 10) === wallTime(now, zone).slice(0, 10) ? text.slice(11) : text.slice(5, 16);
}
