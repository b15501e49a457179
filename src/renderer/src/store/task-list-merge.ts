// Keeps the previous object for a task whose data did not change, so that a refetched list re-renders
// only the rows that really changed (rows select their task by id and compare by reference).
import type { LatestExecution, TaskListItem } from '../../../shared/types';

function sameLatest(a: LatestExecution | null, b: LatestExecution | null): boolean {
  if (a === b) return true;
  if (!a || !b) return false;
  return (
    a.id === b.id &&
    a.status === b.status &&
    a.startTime === b.startTime &&
    a.durationSeconds === b.durationSeconds &&
    a.progressPercent === b.progressPercent &&
    a.message === b.message
  );
}

function sameEnv(a: Record<string, string>, b: Record<string, string>): boolean {
  const keys = Object.keys(a);
  return keys.length === Object.keys(b).length && keys.every((k) => a[k] === b[k]);
}

export function sameTaskItem(a: TaskListItem, b: TaskListItem): boolean {
  for (const key of Object.keys(b) as (keyof TaskListItem)[]) {
    if (key === 'latest' || key === 'env') continue;
    const x = a[key];
    const y = b[key];
    // Lists (tags, success exit codes) arrive as new arrays every time: compared by their items.
    if (Array.isArray(x) && Array.isArray(y)) {
      if (x.length !== y.length || x.some((v, i) => v !== y[i])) return false;
    } else if (x !== y) return false;
  }
  return sameLatest(a.latest, b.latest) && sameEnv(a.env ?? {}, b.env ?? {});
}

export function mergeTaskItems(
  previous: Record<number, TaskListItem>,
  incoming: TaskListItem[],
): Record<number, TaskListItem> {
  const next: Record<number, TaskListItem> = {};
  for (const item of incoming) {
    const old = previous[item.id];
    next[item.id] = old && sameTaskItem(old, item) ? old : item;
  }
  return next;
}
