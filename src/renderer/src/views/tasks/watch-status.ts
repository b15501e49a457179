// The watched-folder warnings of file-triggered tasks, from the core's 'task.watchStatus' events: one
// subscription per bridge (made by the tasks view), read by each row through useWatchMissing(taskId).
import { useEffect, useSyncExternalStore } from 'react';
import type { CronkeeperBridge } from '../../../../shared/contract';
import { useBridge } from '../../api/context';

interface WatchStore {
  /** The message of each task whose folder is missing. */
  missing: Map<number, string>;
  listeners: Set<() => void>;
  subscribers: number;
  off: (() => void) | null;
}

const stores = new WeakMap<CronkeeperBridge, WatchStore>();

function storeOf(bridge: CronkeeperBridge): WatchStore {
  let store = stores.get(bridge);
  if (!store)
    stores.set(bridge, (store = { missing: new Map(), listeners: new Set(), subscribers: 0, off: null }));
  return store;
}

/** Listens to 'task.watchStatus' while mounted (the tasks view mounts it once). */
export function useWatchStatusEvents(): void {
  const bridge = useBridge();
  useEffect(() => {
    const store = storeOf(bridge);
    store.subscribers += 1;
    if (!store.off) {
      store.off = bridge.on('task.watchStatus', ({ taskId, state, message }) => {
        const before = store.missing.get(taskId);
        if (state === 'missing') store.missing.set(taskId, message ?? '');
        else store.missing.delete(taskId);
        if (before !== store.missing.get(taskId)) store.listeners.forEach((l) => l());
      });
    }
    return () => {
      store.subscribers -= 1;
      if (store.subscribers === 0 && store.off) {
        store.off();
        store.off = null;
      }
    };
  }, [bridge]);
}

/** The task's missing-folder message ('' when the core gave none), or null while its folder is watched. */
export function useWatchMissing(taskId: number): string | null {
  const bridge = useBridge();
  const store = storeOf(bridge);
  return useSyncExternalStore(
    (listener) => {
      store.listeners.add(listener);
      return () => void store.listeners.delete(listener);
    },
    () => store.missing.get(taskId) ?? null,
  );
}
