// "in 5 minutes" / "3 minutes ago", re-rendered by the shared clock (not by its row).
import { memo } from 'react';
import { useNow } from '../../app/clock';
import { formatAbsolute, formatRelative } from '../../format/time';
import { useLang } from '../../i18n/i18n';

export const RelativeTime = memo(function RelativeTime({ ms }: { ms: number }) {
  const now = useNow();
  const lang = useLang();
  return <span title={formatAbsolute(ms)}>{formatRelative(ms, lang, Math.max(now, Date.now()))}</span>;
});
