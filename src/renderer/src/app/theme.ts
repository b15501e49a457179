// Light, dark or "follow the system" (prefers-color-scheme, tracked live).
import { createContext, useSyncExternalStore } from 'react';

const query = () =>
  typeof window !== 'undefined' && typeof window.matchMedia === 'function'
    ? window.matchMedia('(prefers-color-scheme: dark)')
    : null;

function subscribe(onChange: () => void): () => void {
  const mq = query();
  mq?.addEventListener?.('change', onChange);
  return () => mq?.removeEventListener?.('change', onChange);
}

export function useSystemDark(): boolean {
  return useSyncExternalStore(subscribe, () => query()?.matches ?? false);
}

export function resolveDark(setting: 'system' | 'light' | 'dark' | undefined, systemDark: boolean): boolean {
  return setting === 'dark' || (setting !== 'light' && systemDark);
}

/** Whether the resolved theme is dark (for things antd does not theme, like charts). */
export const DarkContext = createContext(false);
