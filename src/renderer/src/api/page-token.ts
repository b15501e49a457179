// The browser host's token, as the page receives it: in the URL fragment of the printed URL
// (http://127.0.0.1:PORT/ui/CAPABILITY/#token=T), which browsers never send over the network. The page
// takes it out at once (history.replaceState, so it is not left in the address bar or the history), keeps
// it in sessionStorage (this origin and tab only: other ports of 127.0.0.1 cannot read it) for reloads,
// and hands it to the WebSocket bridge. Fragments like `#token=T#/history?execution=4` keep their route.

const STORAGE_KEY = 'cronkeeper.token';
const TOKEN = /^[A-Za-z0-9_-]{32,512}$/;

type PageWindow = Pick<Window, 'location' | 'history' | 'sessionStorage'>;

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
      try {
        win.sessionStorage.setItem(STORAGE_KEY, found);
      } catch {
        // Storage disabled: the page works until it is reloaded.
      }
      return found;
    }
  }
  try {
    return win.sessionStorage.getItem(STORAGE_KEY);
  } catch {
    return null;
  }
}
