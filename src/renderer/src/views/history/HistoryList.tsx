// The virtualized history list: only the rows in view (plus a small overscan) are in the DOM, and the
// next keyset page is fetched as the scroll nears the end.
import { useVirtualizer } from '@tanstack/react-virtual';
import { Empty, Spin } from 'antd';
import { useEffect, useRef } from 'react';
import type { Execution } from '../../../../shared/types';
import { useT } from '../../i18n/i18n';
import { useAppStoreApi } from '../../store/context';
import { HISTORY_ROW_HEIGHT, HistoryRow } from './HistoryRow';

const OVERSCAN = 8;
const PREFETCH_ROWS = 60;

export function HistoryList({
  items,
  loading,
  done,
  onLoadMore,
  onOpen,
}: {
  items: Execution[];
  loading: boolean;
  done: boolean;
  onLoadMore(): void;
  onOpen(id: number): void;
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

  useEffect(() => {
    if (!done && !loading && items.length > 0 && last >= items.length - PREFETCH_ROWS) onLoadMore();
  }, [last, items.length, done, loading, onLoadMore]);

  const nameOf = (e: Execution) => e.taskName ?? store.getState().tasks[e.taskId]?.name ?? `#${e.taskId}`;

  return (
    <div className="ck-history-scroll" ref={scrollRef} data-testid="history-scroll" role="table">
      {items.length === 0 && !loading && <Empty className="ck-empty" description={t('history.empty')} />}
      <div style={{ height: virtualizer.getTotalSize(), position: 'relative', width: '100%' }}>
        {virtualItems.map((v) => {
          const e = items[v.index];
          return (
            <HistoryRow
              key={e.id}
              execution={e}
              taskName={nameOf(e)}
              top={v.start}
              index={v.index}
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
