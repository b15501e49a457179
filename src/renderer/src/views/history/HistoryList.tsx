// The virtualized history list: only the rows in view (plus a small overscan) are in the DOM, and the
// next keyset page is fetched as the scroll nears the end. Rows are recycled (see row-pool.ts): a row
// scrolled out of view becomes the row scrolled into view by updating its text in place.
import { useVirtualizer } from '@tanstack/react-virtual';
import { Empty, Spin } from 'antd';
import { useEffect, useRef } from 'react';
import type { Execution } from '../../../../shared/types';
import { useT } from '../../i18n/i18n';
import { useAppStoreApi } from '../../store/context';
import { HISTORY_ROW_HEIGHT, HistoryRow } from './HistoryRow';
import { poolRows, poolSize } from './row-pool';

const OVERSCAN = 8;
const PREFETCH_ROWS = 60;

export function HistoryList({
  items,
  loading,
  done,
  onLoadMore,
  onOpen,
  filtered = false,
}: {
  items: Execution[];
  loading: boolean;
  done: boolean;
  onLoadMore(): void;
  onOpen(id: number): void;
  /** Whether a filter is set: an empty list then says "no match" rather than "nothing yet". */
  filtered?: boolean;
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

  useEffect(() => {
    if (!done && !loading && items.length > 0 && last >= items.length - PREFETCH_ROWS) onLoadMore();
  }, [last, items.length, done, loading, onLoadMore]);

  const nameOf = (e: Execution) => e.taskName ?? store.getState().tasks[e.taskId]?.name ?? `#${e.taskId}`;

  return (
    <div
      className="ck-history-scroll"
      ref={scrollRef}
      data-testid="history-scroll"
      role="table"
      aria-rowcount={done ? items.length : -1}
    >
      {items.length === 0 && !loading && (
        <Empty className="ck-empty" description={t(filtered ? 'history.empty' : 'history.none')} />
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
              onOpen={onOpen}
            />
          );
        })}
      </div>
      {loading && (
        <div className="ck-history-loading">
          <Spin size="small" /> {t('common.loading')}
        </div>
      )}
    </div>
  );
}
