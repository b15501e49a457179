// The task list's row density: regular rows show every detail (description, the cron text, the viewer's
// time, the progress line); compact rows show two lines each, so that about twice as many tasks fit on
// screen. The choice is the viewer's, kept in this browser's storage and shared by the toolbar and table.
import { useSyncExternalStore } from 'react';

export const COMPACT_ROW_HEIGHT = 48;
const KEY = 'cronkeeper.tasks.compact';
const listeners = new Set<() => void>();

function read(): boolean {
  try {
    return localStorage.getItem(KEY) === '1';
  } catch {
    return false;
  }
}

export function setCompactRows(compact: boolean): void {
  try {
    localStorage.setItem(KEY, compact ? '1' : '0');
  } catch {
    // storage refused (private mode): the choice lasts until the page reloads
  }
  for (const listener of listeners) listener();
}

export function useCompactRows(): boolean {
  return useSyncExternalStore((listener) => {
    listeners.add(listener);
    return () => listeners.delete(listener);
  }, read);
}
