// The virtualized history list: only the rows in view (plus a small overscan) are in the DOM, and the
// next keyset page is fetched as the scroll nears the end. Rows are recycled (see row-pool.ts): a row
// scrolled out of view becomes the row scrolled into view by updating its text in place. Keyboard: one row
// is the Tab stop (the last focused); the arrows, Home, End and Page keys move focus between rows.
import { rowMoveTarget } from '../../a11y/row-keys';
import { useVirtualizer } from '@tanstack/react-virtual';
import { Button, Empty, Spin } from 'antd';
import { useCallback, useEffect, useRef, useState, type KeyboardEvent } from 'react';
import type { Execution } from '../../../../shared/types';
import { useT } from '../../i18n/i18n';
import { useAppStoreApi } from '../../store/context';
import { useShownAfter } from './after-first-rows';
import { HISTORY_ROW_HEIGHT, HistoryRow } from './HistoryRow';
import { poolRows, poolSize } from './row-pool';

const OVERSCAN = 8;
const PREFETCH_ROWS = 60;
/** A page that answers sooner shows no spinner. */
const SPINNER_AFTER_MS = 250;

/** Focuses the row showing `index` once it is rendered (the pool may still be catching up). */
function focusRowSoon(scroller: HTMLElement | null, index: number, tries = 10): void {
  const row = scroller?.querySelector<HTMLElement>(`[data-testid="history-row"][data-index="${index}"]`);
  if (row) row.focus();
  else if (tries > 0) requestAnimationFrame(() => focusRowSoon(scroller, index, tries - 1));
}

export function HistoryList({
  items,
  loading,
  done,
  onLoadMore,
  onOpen,
  filtered = false,
  onClearFilters,
}: {
  items: Execution[];
  loading: boolean;
  done: boolean;
  onLoadMore(): void;
  onOpen(id: number): void;
  /** Whether a filter is set: an empty list then says "no match" rather than "nothing yet". */
  filtered?: boolean;
  /** Offered on an empty list that a filter emptied. */
  onClearFilters?(): void;
}) {
  const t = useT();
  const store = useAppStoreApi();
  const scrollRef = useRef<HTMLDivElement>(null);
  const virtualizer = useVirtualizer({
    count: items.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => HISTORY_ROW_HEIGHT,
    overscan: OVERSCAN,
    getItemKey: (index) => items[index].id,
  });
  const virtualItems = virtualizer.getVirtualItems();
  const last = virtualItems.length ? virtualItems[virtualItems.length - 1].index : -1;
  const pool = poolSize(
    virtualizer.scrollRect?.height ?? 0,
    HISTORY_ROW_HEIGHT,
    OVERSCAN,
    virtualItems.length,
  );
  const rows = virtualItems.length ? poolRows(virtualItems[0].index, items.length, pool) : [];
  const showLoading = useShownAfter(loading, SPINNER_AFTER_MS);

  useEffect(() => {
    if (!done && !loading && items.length > 0 && last >= items.length - PREFETCH_ROWS) onLoadMore();
  }, [last, items.length, done, loading, onLoadMore]);

  // The row Tab reaches: the one focused last (the first at the start).
  const [tabStop, setTabStop] = useState(0);
  const stop = tabStop < items.length ? tabStop : 0;
  const onKeyDown = useCallback(
    (event: KeyboardEvent<HTMLDivElement>) => {
      const row = event.target as HTMLElement;
      if (row.dataset.testid !== 'history-row' || event.ctrlKey || event.metaKey || event.altKey) return;
      const index = Number(row.dataset.index);
      const last = items.length - 1;
      const next = rowMoveTarget(event.key, index, last, 10);
      if (next === null) return;
      event.preventDefault();
      virtualizer.scrollToIndex(next, { align: 'auto' });
      setTabStop(next);
      focusRowSoon(scrollRef.current, next);
    },
    [items.length, virtualizer],
  );

  const nameOf = (e: Execution) => e.taskName ?? store.getState().tasks[e.taskId]?.name ?? `#${e.taskId}`;

  return (
    <div
      className="ck-history-scroll"
      ref={scrollRef}
      data-testid="history-scroll"
      role="rowgroup"
      onKeyDown={onKeyDown}
      onFocus={(event) => {
        const index = (event.target as HTMLElement).dataset.index;
        if (index !== undefined) setTabStop(Number(index));
      }}
    >
      {items.length === 0 && !loading && (
        <div role="row">
          <div role="gridcell">
            <Empty className="ck-empty" description={t(filtered ? 'history.empty' : 'history.none')}>
              {filtered && onClearFilters && (
                <Button onClick={onClearFilters} data-testid="history-empty-clear">
                  {t('history.clearFilters')}
                </Button>
              )}
            </Empty>
          </div>
        </div>
      )}
      <div style={{ height: virtualizer.getTotalSize(), position: 'relative', width: '100%' }}>
        {rows.map(({ index, slot }) => {
          const e = items[index];
          return (
            <HistoryRow
              key={slot}
              execution={e}
              taskName={nameOf(e)}
              top={index * HISTORY_ROW_HEIGHT /* fixed-height rows: the virtualizer's own offsets */}
              index={index}
              tabStop={index === stop}
              onOpen={onOpen}
            />
          );
        })}
      </div>
      {showLoading && (
        <div className="ck-history-loading" role="row">
          <div role="gridcell">
            <Spin size="small" /> {t('common.loading')}
          </div>
        </div>
      )}
    </div>
  );
}
