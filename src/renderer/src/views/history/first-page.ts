// The history view's first page, requested by the frame as the window opens on #/history, while the
// view's own chunk (antd's list and filter parts) is still loading: the rows then show as soon as the
// view mounts instead of one round trip later. Also where the URL's filters are read, so that the frame
// and the view ask for exactly the same page. Kept free of antd (it is part of the first script).
import type { CronkeeperBridge } from '../../../../shared/contract';
import { EXECUTION_STATUSES, TRIGGERS, type ExecutionStatus, type Trigger } from '../../../../shared/types';

export interface HistoryFilters {
  taskId?: number;
  status: ExecutionStatus[];
  trigger: Trigger[];
  from?: number;
  to?: number;
}

export const PAGE_SIZE = 200;

type ListRequest = Parameters<CronkeeperBridge['executions.list']>[0];
type ListPage = Awaited<ReturnType<CronkeeperBridge['executions.list']>>;

function listParam<T extends string>(params: URLSearchParams, key: string, allowed: readonly T[]): T[] {
  return (params.get(key) ?? '').split(',').filter((v): v is T => (allowed as readonly string[]).includes(v));
}

export function numParam(params: URLSearchParams, key: string): number | undefined {
  const n = Number(params.get(key));
  return params.has(key) && Number.isFinite(n) && n > 0 ? n : undefined;
}

/** The filters a #/history URL holds. */
export function filtersFromParams(params: URLSearchParams): HistoryFilters {
  return {
    taskId: numParam(params, 'task'),
    status: listParam(params, 'status', EXECUTION_STATUSES),
    trigger: listParam(params, 'trigger', TRIGGERS),
    from: numParam(params, 'from'),
    to: numParam(params, 'to'),
  };
}

/** The executions.list request for a page of history with these filters. */
export function pageRequest(f: HistoryFilters, cursor: string | null): ListRequest {
  return {
    taskId: f.taskId,
    status: f.status.length ? f.status : undefined,
    trigger: f.trigger.length ? f.trigger : undefined,
    from: f.from,
    to: f.to,
    cursor: cursor ?? undefined,
    limit: PAGE_SIZE,
  };
}

/** A prefetched page older than this is not used: the view asks again. */
const FRESH_MS = 10_000;

interface Prefetch {
  bridge: CronkeeperBridge;
  key: string;
  at: number;
  page: Promise<ListPage>;
  /** A run started, changed or ended (or a task went) after the request: the page may be stale. */
  stale: boolean;
  stopListening: () => void;
}

let pending: Prefetch | null = null;

function drop(): void {
  pending?.stopListening();
  pending = null;
}

/** Starts the first page of the history these URL parameters ask for (one at a time; replaces any other). */
export function prefetchFirstPage(bridge: CronkeeperBridge, params: URLSearchParams): void {
  drop();
  const request = pageRequest(filtersFromParams(params), null);
  const page = bridge['executions.list'](request);
  page.catch(() => {}); // the view asks again if it failed
  const entry: Prefetch = {
    bridge,
    key: JSON.stringify(request),
    at: Date.now(),
    page,
    stale: false,
    stopListening: () => {},
  };
  // The view's own listeners are not there yet; any change in between makes the page unusable rather than
  // wrong (a run started meanwhile would be missing from it).
  const markStale = () => (entry.stale = true);
  const offs = (
    ['execution.started', 'execution.finished', 'execution.pauseChanged', 'task.changed'] as const
  ).map((event) => bridge.on(event, markStale));
  entry.stopListening = () => offs.forEach((off) => off());
  pending = entry;
}

/**
 * The prefetched page for exactly this request from this bridge, once (later calls get null): null when
 * there is none, it is too old, or something changed since it was asked for.
 */
export function takeFirstPage(bridge: CronkeeperBridge, request: ListRequest): Promise<ListPage> | null {
  const entry = pending;
  if (!entry) return null;
  drop();
  const usable =
    entry.bridge === bridge &&
    entry.key === JSON.stringify(request) &&
    !entry.stale &&
    Date.now() - entry.at <= FRESH_MS;
  return usable ? entry.page : null;
}
