// A task's time in the task's own zone, the zone named, and the viewer's time beside it where it reads
// differently ("2026-12-05 02:30:00 Europe/Berlin · 01:30:00 your time").
import { zonedTime } from '../../format/zoned';
import { useT } from '../../i18n/i18n';
import { useAppStore } from '../../store/context';

/** The zone a task with no zone of its own runs in, as far as the UI knows: Settings' default. */
export function useFallbackZone(): string {
  return useAppStore((s) => s.settings?.defaultTimezone ?? '');
}

/** The full description for a tooltip: the time in the task's zone and, where different, the viewer's. */
export function useZonedTitle(): (ms: number, zone: string) => string {
  const t = useT();
  const fallback = useFallbackZone();
  return (ms, zone) => {
    const z = zonedTime(ms, zone, fallback);
    return z.viewer
      ? `${z.text} ${z.zone} · ${t('tasks.yourTime', { time: z.viewer })}`
      : `${z.text} ${z.zone}`;
  };
}

/** ":00" seconds left out (most schedules): the line has to fit a narrow column. */
const trimSeconds = (text: string) => (text.endsWith(':00') && text.length > 6 ? text.slice(0, -3) : text);

export function ZonedTimeText({ ms, zone, testId }: { ms: number; zone: string; testId?: string }) {
  const t = useT();
  const z = zonedTime(ms, zone, useFallbackZone());
  const full = `${z.text} ${z.zone}`;
  // One line each, cut with an ellipsis rather than wrapped past the row's height; the title has it all.
  return (
    <div
      data-testid={testId}
      title={z.viewer ? `${full} · ${t('tasks.yourTime', { time: z.viewer })}` : full}
    >
      <div className="ck-muted ck-ellipsis">
        {trimSeconds(z.text)} <span className="ck-zone-name">{z.zone}</span>
      </div>
      {z.viewer && (
        <div className="ck-muted ck-ellipsis ck-viewer-time">
          {t('tasks.yourTime', { time: trimSeconds(z.viewer) })}
        </div>
      )}
    </div>
  );
}
