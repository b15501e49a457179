// The tasks view: toolbar (search, filters, sort), the virtualized table of memoized rows, the empty state, and the
// row shortcuts. The table is a grid with one focusable row at a time (roving tabindex): on a focused row the
// arrows, Home and End move focus and selection, Enter opens, Delete asks then deletes. Keys pressed anywhere
// else (a button in the row, the nav, a menu) are theirs alone.
import { useWatchStatusEvents } from './watch-status';
import { rowMoveTarget } from '../../a11y/row-keys';
import { ColumnHeightOutlined, PlusOutlined } from '@ant-design/icons';
import { Button, Empty, Input, Select, Space, Spin } from 'antd';
import { useVirtualizer, type Virtualizer } from '@tanstack/react-virtual';
import {
  useCallback,
  useEffect,
  useRef,
  useState,
  type KeyboardEvent as ReactKeyboardEvent,
  type RefObject,
} from 'react';
import { EXECUTION_STATUSES } from '../../../../shared/types';
import { TASK_SEARCH_ID } from '../../app/keyboard';
import { useT } from '../../i18n/i18n';
import type { TaskSortField, TaskStateFilter } from '../../store/app-store';
import { useAppStore, useAppStoreApi } from '../../store/context';
import { navigate, parseHash, useHash } from '../../app/routes';
import { ExecutionDrawer } from '../history/ExecutionDrawer';
import { ImportButton } from '../import/ImportButton';
import { TASK_ROW_HEIGHT, TaskRow } from './TaskRow';
import { COMPACT_ROW_HEIGHT, setCompactRows, useCompactRows } from './row-density';
import { TaskActionsContext, useTaskActions } from './task-actions';
import { BulkBar } from './BulkBar';
import { TagFilter } from './TagFilter';

const SORTABLE: { field: TaskSortField; column: string }[] = [
  { field: 'name', column: 'tasks.col.name' },
  { field: 'next_run_at', column: 'tasks.col.nextRun' },
  { field: 'latest_start', column: 'tasks.col.latest' },
];

/** Focuses a task's row once the virtualizer has rendered it (scrolled to it first). */
function focusRowSoon(taskId: number, tries = 10): void {
  const row = document.querySelector<HTMLElement>(`[data-testid="task-row"][data-task-id="${taskId}"]`);
  if (row) row.focus();
  else if (tries > 0) requestAnimationFrame(() => focusRowSoon(taskId, tries - 1));
}

/** The grid's keyboard handler: only keys pressed on a row itself (not on a button inside it). */
function useRowShortcuts(actions: ReturnType<typeof useTaskActions>, scrollToIndex: (index: number) => void) {
  const store = useAppStoreApi();
  return useCallback(
    (event: ReactKeyboardEvent<HTMLElement>) => {
      const row = event.target as HTMLElement;
      if (row.dataset.testid !== 'task-row') return;
      if (event.ctrlKey || event.metaKey || event.altKey) return;
      const { taskOrder, tasks } = store.getState();
      const id = Number(row.dataset.taskId);
      const index = taskOrder.indexOf(id);
      const last = taskOrder.length - 1;
      const next = rowMoveTarget(event.key, index, last, 8);
      if (next !== null) {
        event.preventDefault();
        store.getState().select(taskOrder[next]);
        scrollToIndex(next);
        focusRowSoon(taskOrder[next]);
        return;
      }
      const task = tasks[id];
      if (!task) return;
      if (event.key === ' ') {
        // Space checks the row for a bulk action (Shift+Space: the range from the last one checked).
        event.preventDefault();
        store.getState().toggleChecked(id, event.shiftKey);
      } else if (event.key === 'Enter') {
        event.preventDefault();
        actions.edit(task);
      } else if (event.key === 'Delete' || event.key === 'Backspace') {
        event.preventDefault();
        actions.confirmDelete(task);
      }
    },
    [store, actions, scrollToIndex],
  );
}

function Toolbar() {
  const t = useT();
  const store = useAppStoreApi();
  const query = useAppStore((s) => s.taskQuery);
  const total = useAppStore((s) => s.taskTotal);
  const compact = useCompactRows();
  const [search, setSearch] = useState(query.search);

  // Search as you type, debounced so that typing a word costs one request.
  useEffect(() => {
    if (search === store.getState().taskQuery.search) return;
    const timer = setTimeout(() => store.getState().setTaskQuery({ search }), 200);
    return () => clearTimeout(timer);
  }, [search, store]);

  return (
    <div className="ck-toolbar">
      <h1 className="ck-view-title">{t('tasks.title')}</h1>
      <Button
        type="primary"
        icon={<PlusOutlined />}
        data-testid="new-task"
        onClick={() => store.getState().openEditor({ mode: 'new' })}
      >
        {t('tasks.new')}
      </Button>
      <ImportButton />
      <Input.Search
        id={TASK_SEARCH_ID}
        aria-label={t('tasks.search')}
        allowClear
        placeholder={t('tasks.search')}
        value={search}
        onChange={(e) => setSearch(e.target.value)}
        onSearch={(value) => store.getState().setTaskQuery({ search: value })}
        style={{ width: 240 }}
        data-testid="task-search"
      />
      <Select
        allowClear
        placeholder={t('tasks.filter.status')}
        aria-label={t('tasks.filter.status')}
        value={query.latestStatus}
        onChange={(latestStatus) => store.getState().setTaskQuery({ latestStatus })}
        style={{ width: 150 }}
        options={EXECUTION_STATUSES.map((s) => ({ value: s, label: t(`status.${s}`) }))}
        data-testid="task-status-filter"
      />
      <Select<TaskStateFilter>
        allowClear
        placeholder={t('tasks.filter.state')}
        aria-label={t('tasks.filter.state')}
        value={query.state}
        onChange={(state) => store.getState().setTaskQuery({ state })}
        style={{ width: 130 }}
        // One choice per state a row shows (its State tag): Enabled (and scheduled), Paused, Disabled.
        options={(['active', 'paused', 'disabled'] as const).map((s) => ({
          value: s,
          label: t(`tasks.state.${s === 'active' ? 'enabled' : s}`),
        }))}
      />
      <TagFilter />
      <Space.Compact>
        <Select<TaskSortField>
          aria-label={t('tasks.sort')}
          value={query.sort}
          onChange={(sort) => store.getState().setTaskQuery({ sort })}
          style={{ width: 140 }}
          options={(['name', 'next_run_at', 'latest_start', 'created_at', 'updated_at'] as const).map(
            (f) => ({
              value: f,
              label: `${t('tasks.sort')}: ${t(`tasks.sort.${f}`)}`,
            }),
          )}
        />
        <Button
          onClick={() => store.getState().setTaskQuery({ order: query.order === 'asc' ? 'desc' : 'asc' })}
          aria-label={t(query.order === 'asc' ? 'tasks.order.asc' : 'tasks.order.desc')}
        >
          <span aria-hidden>{query.order === 'asc' ? '↑' : '↓'}</span>
        </Button>
      </Space.Compact>
      <Button
        icon={<ColumnHeightOutlined />}
        type={compact ? 'primary' : 'default'}
        aria-pressed={compact}
        onClick={() => setCompactRows(!compact)}
        data-testid="tasks-compact"
      >
        {t('tasks.compact')}
      </Button>
      <span className="ck-muted ck-toolbar-count">
        {total === 1 ? t('tasks.count.one') : t('tasks.count', { count: total })}
      </span>
    </div>
  );
}

function SortHeader({ field, label }: { field: TaskSortField; label: string }) {
  const store = useAppStoreApi();
  const query = useAppStore((s) => s.taskQuery);
  const active = query.sort === field;
  return (
    <div
      role="columnheader"
      aria-sort={active ? (query.order === 'asc' ? 'ascending' : 'descending') : 'none'}
    >
      <button
        type="button"
        className="ck-sort-button"
        data-testid={`sort-${field}`}
        onClick={() =>
          store
            .getState()
            .setTaskQuery({ sort: field, order: active && query.order === 'asc' ? 'desc' : 'asc' })
        }
      >
        {label}{' '}
        <span className="ck-sort-mark" aria-hidden>
          {active ? (query.order === 'asc' ? '▲' : '▼') : '↕'}
        </span>
      </button>
    </div>
  );
}

/** The virtualized table: ~a screenful of rows in the DOM however many tasks there are. */
function TaskTable({
  order,
  selected,
  sortLabel,
  scrollerRef,
  onKeyDown,
}: {
  order: number[];
  selected: number | null;
  sortLabel(field: TaskSortField): string;
  scrollerRef: RefObject<Virtualizer<HTMLDivElement, Element> | null>;
  onKeyDown(event: ReactKeyboardEvent<HTMLElement>): void;
}) {
  const t = useT();
  const scrollRef = useRef<HTMLDivElement>(null);
  const compact = useCompactRows();
  const rowHeight = compact ? COMPACT_ROW_HEIGHT : TASK_ROW_HEIGHT;
  const virtualizer = useVirtualizer({
    count: order.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => rowHeight,
    overscan: 6,
    getItemKey: (index) => order[index],
  });
  scrollerRef.current = virtualizer;
  // The one row Tab stops on: the selected one, else the first.
  const tabStop = selected != null && order.includes(selected) ? selected : order[0];
  useEffect(() => virtualizer.measure(), [virtualizer, rowHeight]);
  return (
    <div
      className={compact ? 'ck-table-wrap ck-compact' : 'ck-table-wrap'}
      role="grid"
      aria-label={t('tasks.title')}
      aria-rowcount={order.length + 1}
      data-testid="tasks-table"
      onKeyDown={onKeyDown}
    >
      <div className="ck-task-grid ck-task-header" role="row" aria-rowindex={1}>
        <SelectAllHeader order={order} />
        <SortHeader field="name" label={sortLabel('name')} />
        <div role="columnheader">{t('tasks.col.schedule')}</div>
        <div role="columnheader">{t('tasks.col.timezone')}</div>
        <SortHeader field="next_run_at" label={sortLabel('next_run_at')} />
        <SortHeader field="latest_start" label={sortLabel('latest_start')} />
        <div role="columnheader">{t('tasks.col.state')}</div>
        <div role="columnheader">{t('tasks.col.actions')}</div>
      </div>
      <div className="ck-task-scroll" ref={scrollRef} data-testid="tasks-scroll">
        <div style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
          {virtualizer.getVirtualItems().map((v) => (
            <TaskRow
              key={v.key}
              id={order[v.index]}
              index={v.index}
              selected={order[v.index] === selected}
              tabStop={order[v.index] === tabStop}
              top={v.start}
              height={rowHeight}
            />
          ))}
        </div>
      </div>
    </div>
  );
}

/** The header's checkbox: checks every row shown (all of them, not only the rendered ones), or none. */
function SelectAllHeader({ order }: { order: number[] }) {
  const t = useT();
  const store = useAppStoreApi();
  const count = useAppStore((s) => Object.keys(s.checked).length);
  const all = count > 0 && count >= order.length;
  return (
    <div role="columnheader" className="ck-col-check">
      <input
        type="checkbox"
        className="ck-check"
        checked={all}
        ref={(el) => {
          if (el) el.indeterminate = count > 0 && !all;
        }}
        aria-label={t('tasks.select.all')}
        data-testid="tasks-check-all"
        onChange={() => store.getState().checkAll(!all)}
      />
    </div>
  );
}

function EmptyState({ filtered }: { filtered: boolean }) {
  const t = useT();
  const store = useAppStoreApi();
  if (filtered) return <Empty className="ck-empty" description={t('tasks.empty.noMatch')} />;
  return (
    <Empty
      className="ck-empty"
      data-testid="tasks-empty"
      description={
        <div>
          <h2>{t('tasks.empty.title')}</h2>
          <p className="ck-muted">{t('tasks.empty.body')}</p>
        </div>
      }
    >
      <Button
        type="primary"
        icon={<PlusOutlined />}
        onClick={() => store.getState().openEditor({ mode: 'new' })}
      >
        {t('tasks.empty.create')}
      </Button>
    </Empty>
  );
}

export function TasksView() {
  const t = useT();
  const actions = useTaskActions();
  const order = useAppStore((s) => s.taskOrder);
  const loaded = useAppStore((s) => s.tasksLoaded);
  const selected = useAppStore((s) => s.selectedTaskId);
  const query = useAppStore((s) => s.taskQuery);
  const filtered = Boolean(query.search.trim() || query.latestStatus || query.state || query.tag);
  const scrollerRef = useRef<Virtualizer<HTMLDivElement, Element> | null>(null);
  const scrollToIndex = useCallback(
    (index: number) => scrollerRef.current?.scrollToIndex(index, { align: 'auto' }),
    [],
  );
  const onGridKeyDown = useRowShortcuts(actions, scrollToIndex);
  const store = useAppStoreApi();
  useWatchStatusEvents();
  // Coming back to the view shows what changed meanwhile (unchanged rows keep their objects).
  useEffect(() => {
    void store
      .getState()
      .loadTasks()
      .catch(() => {});
  }, [store]);

  const sortLabel = (field: TaskSortField) => t(SORTABLE.find((s) => s.field === field)!.column as never);

  return (
    <TaskActionsContext.Provider value={actions}>
      <div className="ck-view" data-testid="tasks-view">
        <Toolbar />
        <BulkBar />
        {!loaded ? (
          <Spin className="ck-center" />
        ) : order.length === 0 ? (
          <EmptyState filtered={filtered} />
        ) : (
          <TaskTable
            order={order}
            selected={selected}
            sortLabel={sortLabel}
            scrollerRef={scrollerRef}
            onKeyDown={onGridKeyDown}
          />
        )}
        <RunDrawer />
      </div>
    </TaskActionsContext.Provider>
  );
}

/** The run a row's latest-run cell opened (#/tasks?execution=N), over the list. */
function RunDrawer() {
  const id = Number(parseHash(useHash()).params.get('execution'));
  return Number.isInteger(id) && id > 0 ? (
    <ExecutionDrawer
      id={id}
      onClose={() => navigate('tasks')}
      onOpenExecution={(next) => navigate('tasks', { execution: next })}
    />
  ) : null;
}
