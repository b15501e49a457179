// Render counters the UI benchmark and the component tests read: how many task rows and history rows
// rendered, and how many progress batches were applied to the store.
export interface CronkeeperStats {
  taskRowRenders: number;
  historyRowRenders: number;
  progressBatches: number;
}

declare global {
  interface Window {
    __cronkeeperStats?: CronkeeperStats;
  }
}

export function renderStats(): CronkeeperStats {
  if (typeof window === 'undefined') return { taskRowRenders: 0, historyRowRenders: 0, progressBatches: 0 };
  window.__cronkeeperStats ??= { taskRowRenders: 0, historyRowRenders: 0, progressBatches: 0 };
  return window.__cronkeeperStats;
}
