// History's time filter: a period preset and two plain date fields (From, To), each labelled. It replaced
// antd's RangePicker, whose panel held Tab on "Start date" and ignored Escape: a keyboard user could not
// get past it. Native date inputs take typing, arrows and the browser's own picker, and let Tab through.
import { Input, Select } from 'antd';
import dayjs from 'dayjs';
import { useState } from 'react';
import { useT } from '../../i18n/i18n';

/**
 * A preset's range at the moment it is chosen. "Last …" presets run from that long ago with no end (new runs
 * keep arriving). "Today" is the viewer's whole local day: local midnight to the end of the day (23:59:59.999),
 * so the To field names today too and runs still to come today appear on reload.
 */
const PRESETS = {
  '1h': (now: number) => ({ from: now - 3600_000, to: undefined }),
  today: (now: number) => ({
    from: dayjs(now).startOf('day').valueOf(),
    to: dayjs(now).endOf('day').valueOf(),
  }),
  '24h': (now: number) => ({ from: now - 24 * 3600_000, to: undefined }),
  '7d': (now: number) => ({ from: now - 7 * 24 * 3600_000, to: undefined }),
  '30d': (now: number) => ({ from: now - 30 * 24 * 3600_000, to: undefined }),
} satisfies Record<string, (now: number) => { from: number; to: number | undefined }>;
type Preset = keyof typeof PRESETS;
type Period = 'any' | Preset | 'custom';

/** A date field's value (YYYY-MM-DD) as the start of that day, or of the next day for "To". */
function parseDay(value: string, end: boolean): number | undefined {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return undefined;
  const day = dayjs(value); // local midnight of that day
  if (!day.isValid()) return undefined;
  return end ? day.endOf('day').valueOf() : day.startOf('day').valueOf();
}

function dayOf(ms: number | undefined): string {
  return ms === undefined ? '' : dayjs(ms).format('YYYY-MM-DD');
}

export function DateRangeFields({
  from,
  to,
  onChange,
}: {
  from?: number;
  to?: number;
  onChange(range: { from?: number; to?: number }): void;
}) {
  const t = useT();
  // The preset last chosen, while the range is still the one it set.
  const [preset, setPreset] = useState<{ key: Preset; from: number; to: number | undefined } | null>(null);
  const period: Period =
    preset && preset.from === from && preset.to === to
      ? preset.key
      : from === undefined && to === undefined
        ? 'any'
        : 'custom';

  const choose = (value: Period) => {
    if (value === 'any') {
      setPreset(null);
      onChange({ from: undefined, to: undefined });
    } else if (value !== 'custom') {
      const range = PRESETS[value](Date.now());
      setPreset({ key: value, ...range });
      onChange(range);
    }
  };

  return (
    <>
      <Select<Period>
        aria-label={t('history.filter.period')}
        value={period}
        style={{ width: 150 }}
        onChange={choose}
        data-testid="history-period"
        options={[
          { value: 'any', label: t('history.period.any') },
          { value: '1h', label: t('history.period.1h') },
          { value: 'today', label: t('history.period.today') },
          { value: '24h', label: t('history.period.24h') },
          { value: '7d', label: t('history.period.7d') },
          { value: '30d', label: t('history.period.30d') },
          { value: 'custom', label: t('history.period.custom'), disabled: true },
        ]}
      />
      <Input
        type="date"
        aria-label={t('history.filter.from')}
        title={t('history.filter.from')}
        value={dayOf(from)}
        max={dayOf(to) || undefined}
        style={{ width: 150 }}
        data-testid="history-from"
        onChange={(e) => onChange({ from: parseDay(e.target.value, false), to })}
      />
      <Input
        type="date"
        aria-label={t('history.filter.to')}
        title={t('history.filter.to')}
        value={dayOf(to)}
        min={dayOf(from) || undefined}
        style={{ width: 150 }}
        data-testid="history-to"
        onChange={(e) => onChange({ from, to: parseDay(e.target.value, true) })}
      />
    </>
  );
}
