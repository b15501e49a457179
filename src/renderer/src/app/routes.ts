// Hash routes (#/tasks, #/history?task=3&execution=42, #/dashboard, #/settings): they work the same from
// a file:// page in Electron and from the browser host, and other tools link to them.
import { useSyncExternalStore } from 'react';
import { splitTokenFragment } from '../api/page-token';

export type View = 'tasks' | 'history' | 'dashboard' | 'settings';
const VIEWS: View[] = ['tasks', 'history', 'dashboard', 'settings'];

export interface Route {
  view: View;
  params: URLSearchParams;
}

export function parseHash(hash: string): Route {
  const text = hash.replace(/^#\/?/, '');
  const [path, query = ''] = text.split('?');
  const view = (VIEWS as string[]).includes(path) ? (path as View) : 'tasks';
  return { view, params: new URLSearchParams(query) };
}

/**
 * The route a page opens on, read before the bridge has taken the browser host's token out of the URL
 * (`#token=T#/history`): without this, a window opened on History loaded the tasks view's chunk first.
 */
export function openingRoute(hash: string): Route {
  return parseHash(splitTokenFragment(hash).rest);
}

export function routeHref(view: View, params: Record<string, string | number | undefined> = {}): string {
  const query = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) if (value !== undefined) query.set(key, String(value));
  const text = query.toString();
  return `#/${view}${text ? `?${text}` : ''}`;
}

export function navigate(view: View, params: Record<string, string | number | undefined> = {}): void {
  window.location.hash = routeHref(view, params);
}

function subscribe(onChange: () => void): () => void {
  window.addEventListener('hashchange', onChange);
  return () => window.removeEventListener('hashchange', onChange);
}

export function useHash(): string {
  return useSyncExternalStore(subscribe, () => window.location.hash);
}
