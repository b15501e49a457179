// The history list's data: keyset pages from executions.list (cursor), kept current by the push events
// (a run that starts, is paused or resumed, or finishes appears or updates in place without a reload).
import { useCallback, useEffect, useRef, useState } from 'react';
import { FINAL_STATUSES, type Execution, type ExecutionStatus } from '../../../../shared/types';
import { useBridge } from '../../api/context';
import { useErrorText } from '../../i18n/core-text';
import { PAGE_SIZE, pageRequest, takeFirstPage, type HistoryFilters } from './first-page';

export { PAGE_SIZE, type HistoryFilters };

const isFinal = (status: ExecutionStatus) => FINAL_STATUSES.includes(status);

function matches(e: Execution, f: HistoryFilters): boolean {
  if (f.taskId !== undefined && e.taskId !== f.taskId) return false;
  if (f.status.length && !f.status.includes(e.status)) return false;
  if (f.trigger.length && !f.trigger.includes(e.trigger)) return false;
  const t = e.startTime ?? e.createdAt;
  if (f.from !== undefined && t < f.from) return false;
  if (f.to !== undefined && t > f.to) return false;
  return true;
}

export interface HistoryData {
  items: Execution[];
  loading: boolean;
  done: boolean;
  error: string | null;
  loadMore(): void;
  reload(): void;
}

export function useHistory(filters: HistoryFilters): HistoryData {
  const bridge = useBridge();
  const wireText = useErrorText();
  const [items, setItems] = useState<Execution[]>([]);
  // Loading from the start (the first page is asked for as the view mounts): the first render shows the
  // spinner, not a flash of "no runs yet".
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState<string | null>(null);
  const cursor = useRef<string | null>(null);
  const done = useRef(false);
  const inFlight = useRef(false);
  const generation = useRef(0);
  const [doneState, setDoneState] = useState(false);
  const filtersRef = useRef(filters);
  filtersRef.current = filters;

  const fetchPage = useCallback(
    (reset: boolean) => {
      if (!reset && (inFlight.current || done.current)) return;
      const gen = reset ? ++generation.current : generation.current;
      if (reset) {
        cursor.current = null;
        done.current = false;
        setDoneState(false);
      }
      inFlight.current = true;
      setLoading(true);
      const request = pageRequest(filtersRef.current, cursor.current);
      // The first page may already be on its way (asked for by the frame as the window opened here); if
      // that request failed, ask again.
      const prefetched = reset ? takeFirstPage(bridge, request) : null;
      const page = prefetched
        ? prefetched.catch(() => bridge['executions.list'](request))
        : bridge['executions.list'](request);
      page.then(
        (page) => {
          if (gen !== generation.current) return;
          inFlight.current = false;
          cursor.current = page.nextCursor;
          done.current = page.nextCursor === null;
          setDoneState(done.current);
          setLoading(false);
          setError(null);
          setItems((prev) => {
            if (reset) return page.items;
            const seen = new Set(prev.map((e) => e.id));
            return prev.concat(page.items.filter((e) => !seen.has(e.id)));
          });
        },
        (err) => {
          if (gen !== generation.current) return;
          inFlight.current = false;
          setLoading(false);
          setError(wireText(err));
        },
      );
    },
    [bridge],
  );

  const key = JSON.stringify(filters);
  useEffect(() => {
    fetchPage(true);
  }, [key, fetchPage]);

  useEffect(() => {
    // `insert`: a run this page has not listed yet goes on top (a start); a pause of one it does not
    // list is of a row it is not showing (filtered out, or further down than loaded), so it is left out.
    const upsert = (execution: Execution, insert = true) =>
      setItems((prev) => {
        const index = prev.findIndex((e) => e.id === execution.id);
        if (index >= 0) {
          // A run that ended stays ended: a pause that raced its end can be told after its finish.
          if (isFinal(prev[index].status) && !isFinal(execution.status)) return prev;
          const next = prev.slice();
          next[index] = {
            ...prev[index],
            ...execution,
            taskName: execution.taskName ?? prev[index].taskName,
            // Every event carries the whole execution, and one not paused may leave the field out: the
            // spread alone would keep a resumed run's old pausedAt.
            pausedAt: execution.pausedAt ?? null,
          };
          return next;
        }
        return insert && matches(execution, filtersRef.current) ? [execution, ...prev] : prev;
      });
    const offs = [
      bridge.on('execution.started', ({ execution }) => upsert(execution)),
      bridge.on('execution.finished', ({ execution, taskName }) =>
        upsert({ ...execution, taskName: execution.taskName ?? taskName }),
      ),
      bridge.on('execution.pauseChanged', ({ execution }) => upsert(execution, false)),
      bridge.on('task.changed', ({ taskId, deleted }) => {
        if (deleted) setItems((prev) => prev.filter((e) => e.taskId !== taskId));
      }),
    ];
    return () => offs.forEach((off) => off());
  }, [bridge]);

  // Stable, so that the memoized controls and the list's prefetch effect do not re-run on every page.
  const loadMore = useCallback(() => fetchPage(false), [fetchPage]);
  const reload = useCallback(() => fetchPage(true), [fetchPage]);
  return { items, loading, done: doneState, error, loadMore, reload };
}
