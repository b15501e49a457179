// Time and duration formatting for the UI language. Times are epoch ms.
import dayjs from 'dayjs';
import relativeTime from 'dayjs/plugin/relativeTime';
import 'dayjs/locale/zh-cn';
import type { Lang } from '../i18n/i18n';

dayjs.extend(relativeTime);

const dayjsLocale = (lang: Lang) => (lang === 'zh-CN' ? 'zh-cn' : 'en');

const pad2 = (n: number) => (n < 10 ? `0${n}` : String(n));

/**
 * "2026-11-28 13:45:00" in the local zone. By hand rather than dayjs().format(): the history list formats
 * two of these per row for every row a scroll brings into view.
 */
export function formatAbsolute(ms: number | null | undefined): string {
  if (ms == null) return '—';
  const d = new Date(ms);
  return (
    `${d.getFullYear()}-${pad2(d.getMonth() + 1)}-${pad2(d.getDate())} ` +
    `${pad2(d.getHours())}:${pad2(d.getMinutes())}:${pad2(d.getSeconds())}`
  );
}

export function formatShort(ms: number | null | undefined): string {
  if (ms == null) return '—';
  const d = dayjs(ms);
  return d.isSame(dayjs(), 'day') ? d.format('HH:mm:ss') : d.format('MM-DD HH:mm');
}

export function formatRelative(ms: number, lang: Lang, now = Date.now()): string {
  return dayjs(ms).locale(dayjsLocale(lang)).from(dayjs(now));
}

/** "850 ms", "12.3 s", "4m 05s", "2h 03m". */
export function formatDuration(seconds: number | null | undefined): string {
  if (seconds == null || !Number.isFinite(seconds)) return '—';
  if (seconds < 1) return `${Math.round(seconds * 1000)} ms`;
  if (seconds < 60) return `${seconds < 10 ? seconds.toFixed(1) : Math.round(seconds)} s`;
  const total = Math.round(seconds);
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  return h > 0 ? `${h}h ${String(m).padStart(2, '0')}m` : `${m}m ${String(s).padStart(2, '0')}s`;
}

/** A time shown in a given IANA zone ('' = the local zone), e.g. for the editor's next-runs list. */
export function formatInZone(ms: number, timeZone: string, lang: Lang): string {
  const options: Intl.DateTimeFormatOptions = {
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    weekday: 'short',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
    // h23, not hour12: false: Chromium prints midnight as "24:00:00" with hour12: false.
    hourCycle: 'h23',
    timeZoneName: 'short',
  };
  try {
    return new Intl.DateTimeFormat(lang, { ...options, timeZone: timeZone || undefined }).format(ms);
  } catch {
    return new Intl.DateTimeFormat(lang, options).format(ms);
  }
}

export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}
