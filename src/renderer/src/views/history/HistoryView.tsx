// History, for all tasks or one (#/history?task=ID): filters, the virtualized list and the detail drawer
// (#/history?execution=ID).
import { ReloadOutlined } from '@ant-design/icons';
import { Button, Select } from 'antd';
import { memo, useCallback, useMemo } from 'react';
import { EXECUTION_STATUSES, TRIGGERS, type ExecutionStatus, type Trigger } from '../../../../shared/types';
import { filtersFromParams, numParam } from './first-page';
import { navigate } from '../../app/routes';
import { useT } from '../../i18n/i18n';
import { useAppStore } from '../../store/context';
import { useAfterFirstRows } from './after-first-rows';
import { DateRangeFields } from './DateRangeFields';
import { ExecutionDrawer } from './ExecutionDrawer';
import { HistoryList } from './HistoryList';
import { useHistory, type HistoryFilters } from './useHistory';

/**
 * Title, filters and refresh. Memoized on the filters: a page of history arriving (every few hundred rows
 * of scrolling) re-renders the list and the count, not these antd controls.
 */
/** A multiple-choice filter (status, trigger): the URL holds the choice, so it only reports changes. */
function MultiFilter<T extends string>(props: {
  label: string;
  placeholder: string;
  value: T[] | undefined;
  minWidth: number;
  onChange: (value: T[]) => void;
  options: { value: T; label: string }[];
  testId?: string;
}) {
  return (
    <Select<T[]>
      mode="multiple"
      aria-label={props.label}
      allowClear
      maxTagCount="responsive"
      placeholder={props.placeholder}
      value={props.value}
      style={{ minWidth: props.minWidth }}
      onChange={props.onChange}
      options={props.options}
      data-testid={props.testId}
    />
  );
}

const HistoryTitle = memo(function HistoryTitle({ taskId }: { taskId: number | undefined }) {
  const t = useT();
  const taskName = useAppStore((s) => (taskId ? s.tasks[taskId]?.name : undefined));
  return (
    <h1 className="ck-view-title">
      {taskName ? t('history.titleFor', { name: taskName }) : t('history.title')}
    </h1>
  );
});

/** Whether any filter narrows the list (the drawer's execution is not a filter). */
const isFiltered = (f: HistoryFilters) =>
  f.taskId !== undefined ||
  f.status.length > 0 ||
  f.trigger.length > 0 ||
  f.from !== undefined ||
  f.to !== undefined;

/** Every filter's URL parameter, unset. */
const NO_FILTERS = { task: undefined, status: undefined, trigger: undefined, from: undefined, to: undefined };

const HistoryControls = memo(function HistoryControls({
  filters,
  setParams,
  onReload,
  onClear,
}: {
  filters: HistoryFilters;
  setParams(patch: Record<string, string | number | undefined>): void;
  onReload(): void;
  onClear(): void;
}) {
  const t = useT();
  const tasks = useAppStore((s) => s.tasks);
  const taskOptions = useMemo(
    () => [
      { value: 0, label: t('history.allTasks') },
      ...Object.values(tasks)
        .sort((a, b) => a.name.localeCompare(b.name))
        .map((task) => ({ value: task.id, label: task.name })),
    ],
    [tasks, t],
  );
  return (
    <>
      <Select
        aria-label={t('history.filter.task')}
        showSearch={{ optionFilterProp: 'label' }}
        value={filters.taskId ?? 0}
        style={{ width: 200 }}
        options={taskOptions}
        onChange={(value) => setParams({ task: value || undefined, execution: undefined })}
        data-testid="history-task-filter"
      />
      <MultiFilter<ExecutionStatus>
        label={t('history.filter.status')}
        placeholder={t('history.filter.status')}
        value={filters.status}
        minWidth={180}
        onChange={(value) => setParams({ status: value.join(',') })}
        options={EXECUTION_STATUSES.map((s) => ({ value: s, label: t(`status.${s}`) }))}
        testId="history-status-filter"
      />
      <MultiFilter<Trigger>
        label={t('history.filter.trigger')}
        placeholder={t('history.filter.trigger')}
        value={filters.trigger}
        minWidth={160}
        onChange={(value) => setParams({ trigger: value.join(',') })}
        options={TRIGGERS.map((s) => ({ value: s, label: t(`trigger.${s}`) }))}
      />
      <DateRangeFields from={filters.from} to={filters.to} onChange={setParams} />
      {isFiltered(filters) && (
        <Button type="link" onClick={onClear} data-testid="history-clear-filters">
          {t('history.clearFilters')}
        </Button>
      )}
      <Button icon={<ReloadOutlined />} onClick={onReload} aria-label={t('common.refresh')} />
    </>
  );
});

const HistoryHeader = memo(function HistoryHeader() {
  const t = useT();
  return (
    <div className="ck-history-grid ck-history-header" role="row" aria-rowindex={1}>
      <span role="columnheader">{t('history.col.status')}</span>
      <span role="columnheader">{t('history.col.task')}</span>
      <span role="columnheader">{t('history.col.trigger')}</span>
      <span role="columnheader">{t('history.col.scheduled')}</span>
      <span role="columnheader">{t('history.col.started')}</span>
      <span role="columnheader">{t('history.col.duration')}</span>
      <span role="columnheader">{t('history.col.retry')}</span>
      <span role="columnheader">{t('history.col.exitCode')}</span>
      <span role="columnheader">{t('history.col.message')}</span>
    </div>
  );
});

export function HistoryView({ params }: { params: URLSearchParams }) {
  const t = useT();
  const filters: HistoryFilters = useMemo(() => filtersFromParams(params), [params]);
  const executionId = numParam(params, 'execution');
  const history = useHistory(filters);

  // Every filter lives in the URL, so a view can be linked to and survives a reload.
  const setParams = useCallback(
    (patch: Record<string, string | number | undefined>) => {
      const next: Record<string, string | number | undefined> = {};
      params.forEach((value, key) => (next[key] = value));
      Object.assign(next, patch);
      for (const key of Object.keys(next)) if (next[key] === '' || next[key] === undefined) delete next[key];
      navigate('history', next);
    },
    [params],
  );
  const open = useCallback((id: number) => setParams({ execution: id }), [setParams]);
  const clearFilters = useCallback(() => setParams(NO_FILTERS), [setParams]);
  const controlsReady = useAfterFirstRows(
    history.items.length > 0 || !history.loading || history.error !== null,
  );

  return (
    <div className="ck-view ck-history-view" data-testid="history-view">
      <div className="ck-toolbar">
        <HistoryTitle taskId={filters.taskId} />
        {controlsReady ? (
          <HistoryControls
            filters={filters}
            setParams={setParams}
            onReload={history.reload}
            onClear={clearFilters}
          />
        ) : (
          <span className="ck-toolbar-pending" aria-hidden="true" />
        )}
        <span className="ck-muted ck-toolbar-count">
          {t('history.loaded', { count: history.items.length })}
          {history.done && history.items.length > 0 ? ` · ${t('history.end')}` : ''}
        </span>
      </div>
      {history.error && <div className="ck-error-text">{history.error}</div>}
      {/* One grid: the header row and the runs (Enter or Space opens one, the arrows move between them). */}
      <div
        className="ck-history-table"
        role="grid"
        aria-label={t('history.title')}
        aria-rowcount={history.done ? history.items.length + 1 : -1}
        data-testid="history-grid"
      >
        <HistoryHeader />
        <HistoryList
          items={history.items}
          loading={history.loading}
          done={history.done}
          onLoadMore={history.loadMore}
          onOpen={open}
          filtered={isFiltered(filters)}
          onClearFilters={clearFilters}
        />
      </div>
      {executionId && (
        <ExecutionDrawer
          id={executionId}
          onClose={() => setParams({ execution: undefined })}
          onOpenExecution={open}
        />
      )}
    </div>
  );
}
