// One history row (absolutely positioned by the virtualizer). Counted in historyRowRenders. Flat on
// purpose: one element per cell of a fixed-height grid row and no antd component (each costs a CSS-in-JS
// style lookup), since a recycled row updates up to every cell on each frame of a scroll.
import { memo } from 'react';
import { localizeText } from '../../../../shared/messages';
import type { Execution } from '../../../../shared/types';
import { isPaused } from '../../format/status';
import { formatAbsolute, formatDuration } from '../../format/time';
import { localFailureLine } from '../../i18n/core-text';
import { useLang, useT, type Lang } from '../../i18n/i18n';
import { renderStats } from '../../stats';

export const HISTORY_ROW_HEIGHT = 40;

/** The run's message in the UI language (a catalog message is translated; the job's own words are not). */
export function executionMessage(e: Execution, lang: Lang = 'en'): string {
  const r = e.result ?? {};
  if (e.errorMessage) return localFailureLine(e, lang);
  if (typeof r.message === 'string') return localizeText(r.message, lang);
  if (typeof r.error_summary === 'string') return r.error_summary;
  return '';
}

export const HistoryRow = memo(function HistoryRow({
  execution: e,
  taskName,
  top,
  index,
  tabStop,
  onOpen,
}: {
  execution: Execution;
  taskName: string;
  top: number;
  index: number;
  /** The grid's one row reached by Tab (roving tabindex). */
  tabStop: boolean;
  onOpen(id: number): void;
}) {
  renderStats().historyRowRenders++;
  const t = useT();
  const lang = useLang();
  // A paused run is still 'running' (data-status, for the filters' sake) but reads "Paused".
  const paused = isPaused(e);
  return (
    <div
      data-testid="history-row"
      data-execution-id={e.id}
      data-index={index}
      role="row"
      aria-rowindex={index + 2 /* the header row is 1 */}
      tabIndex={tabStop ? 0 : -1}
      className="ck-history-row ck-history-grid"
      style={{ transform: `translateY(${top}px)`, height: HISTORY_ROW_HEIGHT }}
      onClick={() => onOpen(e.id)}
      onKeyDown={(ev) => {
        if (ev.target !== ev.currentTarget || (ev.key !== 'Enter' && ev.key !== ' ')) return;
        ev.preventDefault(); // Space would scroll the list
        onOpen(e.id);
      }}
    >
      <span
        role="gridcell"
        className={`ck-status ck-status-${paused ? 'paused' : e.status}`}
        data-status={e.status}
        data-paused={paused || undefined}
      >
        {paused ? t('exec.paused') : t(`status.${e.status}`)}
      </span>
      <span role="gridcell" className="ck-ellipsis" title={taskName}>
        {taskName}
      </span>
      <span role="gridcell">{t(`trigger.${e.trigger}`)}</span>
      <span role="gridcell" className="ck-muted">
        {formatAbsolute(e.scheduledAt)}
      </span>
      <span role="gridcell">{formatAbsolute(e.startTime)}</span>
      <span role="gridcell">{formatDuration(e.durationSeconds)}</span>
      <span role="gridcell">
        {e.retryOf != null ? (
          // A retry names the run it retried (its drawer links there).
          <span
            className="ck-retry-mark"
            data-testid="history-retry-mark"
            title={t('history.retryMark', { count: e.retryCount, id: e.retryOf })}
            aria-label={t('history.retryMark', { count: e.retryCount, id: e.retryOf })}
          >
            ↻{e.retryCount}
          </span>
        ) : (
          e.retryCount || ''
        )}
      </span>
      <span role="gridcell">{e.exitCode ?? ''}</span>
      <span role="gridcell" className="ck-ellipsis ck-muted" title={executionMessage(e, lang)}>
        {executionMessage(e, lang)}
      </span>
    </div>
  );
});
