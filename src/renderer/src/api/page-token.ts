// The browser host's token, as the page receives it: in the URL fragment of the printed URL
// (http://127.0.0.1:PORT/ui/CAPABILITY/#token=T), which browsers never send over the network. The page
// takes it out at once (history.replaceState, so it is not left in the address bar or the history), keeps
// it in sessionStorage (this origin and tab only: other ports of 127.0.0.1 cannot read it) for reloads,
// and hands it to the WebSocket bridge. Fragments like `#token=T#/history?execution=4` keep their route.

const STORAGE_KEY = 'cronkeeper.token';
const TOKEN = /^[A-Za-z0-9_-]{32,512}$/;

type PageWindow = Pick<Window, 'location' | 'history' | 'sessionStorage'> &
  Partial<Pick<Window, 'addEventListener' | 'requestIdleCallback'>>;

/** When the token is written if the page is not left first: after the first screen has settled. */
const WRITE_AFTER_MS = 1_000;
/** Longest wait, after that, for an idle moment before the token is written anyway. */
const IDLE_TIMEOUT_MS = 2_000;

/** A token taken from the URL and not yet written to sessionStorage (a later call in this page finds it). */
let unsaved: string | null = null;

/**
 * Writes the token to sessionStorage as the page is left (pagehide: a reload then still finds it) or, if
 * it stays, in an idle moment after the first screen, whichever comes first. The first use of a fresh
 * profile's sessionStorage costs tens of milliseconds (it waits for the browser process), which the first
 * screen should not wait for, not even in an idle gap while its data is on the way. A window without idle
 * callbacks writes at once.
 */
function keepToken(win: PageWindow, token: string): void {
  const write = () => {
    if (unsaved !== token) return; // written already, or a newer token came
    unsaved = null;
    try {
      win.sessionStorage.setItem(STORAGE_KEY, token);
    } catch {
      // Storage disabled: the page works until it is reloaded.
    }
  };
  unsaved = token;
  if (!win.requestIdleCallback || !win.addEventListener) return write();
  const idle = win.requestIdleCallback.bind(win);
  setTimeout(() => idle(write, { timeout: IDLE_TIMEOUT_MS }), WRITE_AFTER_MS);
  win.addEventListener('pagehide', write, { once: true });
}

/** Splits `#token=T` (optionally followed by `#/route` or `&…`) into the token and the route fragment. */
export function splitTokenFragment(hash: string): { token: string | null; rest: string } {
  const match = /^#token=([^#&]*)(?:[#&](.*))?$/s.exec(hash);
  if (!match) return { token: null, rest: hash };
  const rest = match[2] ?? '';
  return { token: match[1], rest: rest ? (rest.startsWith('/') ? `#${rest}` : `#/${rest}`) : '' };
}

/** The token for this page, moved out of its URL; null when there is none (the host will refuse). */
export function takePageToken(win: PageWindow = window): string | null {
  const { token: fromHash, rest } = splitTokenFragment(win.location.hash);
  const url = new URL(win.location.href);
  const fromQuery = url.searchParams.get('token'); // an older link form
  const found = fromHash ?? fromQuery;
  if (found !== null) {
    url.searchParams.delete('token');
    url.hash = fromHash !== null ? rest : url.hash;
    win.history.replaceState(win.history.state, '', url.pathname + url.search + url.hash);
    if (TOKEN.test(found)) {
      keepToken(win, found);
      return found;
    }
  }
  if (unsaved !== null) return unsaved;
  try {
    return win.sessionStorage.getItem(STORAGE_KEY);
  } catch {
    return null;
  }
}
