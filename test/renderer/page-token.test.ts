// The browser host's page token leaves the URL at once, but its sessionStorage copy (for reloads) is
// written off the first screen's path: as the page is left (pagehide, so a reload finds it) or in an idle
// moment after the first screen, whichever comes first. Until then the page itself still has it.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { takePageToken } from '../../src/renderer/src/api/page-token';

/** A window with what takePageToken touches, idle callbacks and page events included. */
function fakeWindow(href: string, storage = new Map<string, string>()) {
  const listeners = new Map<string, () => void>();
  const idle: (() => void)[] = [];
  const win = {
    location: new URL(href),
    history: {
      state: null,
      replaceState: (_state: unknown, _title: string, url: string) => {
        win.location = new URL(url, win.location.href);
      },
    },
    sessionStorage: {
      getItem: (key: string) => storage.get(key) ?? null,
      setItem: (key: string, value: string) => void storage.set(key, value),
    },
    requestIdleCallback: (fn: () => void) => void idle.push(fn),
    addEventListener: (type: string, fn: () => void) => void listeners.set(type, fn),
  };
  return {
    win,
    storage,
    fire: (type: string) => listeners.get(type)?.(),
    runIdle: () => idle.splice(0).forEach((fn) => fn()),
  };
}

describe('page token: the sessionStorage write is off the first screen', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('is written as the page is left, and a reload then finds it', () => {
    const token = 'A'.repeat(43);
    const page = fakeWindow(`http://127.0.0.1:5000/ui/cap/#token=${token}#/history`);
    expect(takePageToken(page.win as never)).toBe(token);
    expect(page.win.location.href).toBe('http://127.0.0.1:5000/ui/cap/#/history');
    expect(page.storage.size).toBe(0); // not on the first screen's path
    expect(takePageToken(page.win as never)).toBe(token); // the page still has it
    page.fire('pagehide');
    expect(page.storage.get('cronkeeper.token')).toBe(token);
    // The reload: the same tab's storage, no token in the URL.
    const reloaded = fakeWindow('http://127.0.0.1:5000/ui/cap/#/history', page.storage);
    expect(takePageToken(reloaded.win as never)).toBe(token);
  });

  it('is written in an idle moment after the first screen when the page stays', () => {
    const token = 'B'.repeat(43);
    const page = fakeWindow(`http://127.0.0.1:5000/ui/cap/#token=${token}`);
    expect(takePageToken(page.win as never)).toBe(token);
    page.runIdle();
    expect(page.storage.size).toBe(0);
    vi.advanceTimersByTime(1_000);
    page.runIdle();
    expect(page.storage.get('cronkeeper.token')).toBe(token);
    page.fire('pagehide'); // once only: nothing changes
    expect(page.storage.get('cronkeeper.token')).toBe(token);
  });
});
