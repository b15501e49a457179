// The browser-side transport: a `window.cronkeeper` look-alike that talks to `cronkeeper serve --ui-port`
// over its WebSocket instead of Electron IPC. The renderer uses it when the preload's bridge is absent.
//
// Usage (in the renderer, when window.cronkeeper is undefined):
//
//     const bridge = createWsBridge(location.href);
//     const { items } = await bridge['tasks.list']({});
//     const off = bridge.on('execution.progress', (p) => ...);
//     await bridge['app.ready']({}); // the host holds push events until the page says it is ready
//
// `url` may be the page URL, just the base (location.origin), or the WebSocket URL itself. The token is
// `options.token` (the renderer takes it from the page's fragment, see renderer/src/api/page-token.ts) or
// else the `token` query parameter or `#token=` fragment of `url` (scripts and tests). It is sent in the handshake as the
// subprotocol `cronkeeper.token.T`, never in the WebSocket URL, and never in a cookie.
//
// Behaviour:
// - one method per channel (bridge['tasks.list'](input)) returning the handler's value, or rejecting with
//   a BridgeError carrying .code and .message (and .field for validation errors) - same as the preload;
// - calls made while disconnected wait for the connection (up to QUEUE_TIMEOUT_MS), then reject with
//   code 'DISCONNECTED'; a call already sent when the connection drops rejects with 'DISCONNECTED' too
//   (it is never re-sent: it may have run);
// - reconnects by itself with backoff (250 ms up to 5 s). After a reconnect it calls app.ready again if
//   the page had, so events resume; events sent while disconnected are lost, so the page should reload its
//   state in onConnectionChange(true).
// No Node imports: this file is bundled into the renderer.
import { CHANNEL_NAMES } from './channel-names';
import type { ChannelName, CronkeeperBridge, EventMap, EventName, WireError } from './contract';

export const WS_PATH = '/ws';
/** Offered on every connection; the host answers with it (see src/main/host/security.ts). */
export const WS_PROTOCOL = 'cronkeeper';
export const WS_TOKEN_PROTOCOL_PREFIX = 'cronkeeper.token.';
const QUEUE_TIMEOUT_MS = 30_000;
const MIN_BACKOFF_MS = 250;
const MAX_BACKOFF_MS = 5_000;

/** A failed call: the contract's WireError, as a throwable Error. */
export class BridgeError extends Error implements WireError {
  constructor(
    readonly code: string,
    message: string,
    readonly field?: string,
    /** The message's catalog code and parameters (src/shared/messages), for the user's language. */
    readonly messageCode?: string,
    readonly params?: Record<string, string | number>,
  ) {
    super(message);
    this.name = 'BridgeError';
  }
}

/** The part of the WebSocket API this file uses (the browser's, or the `ws` package's in Node tests). */
export interface SocketLike {
  readonly readyState: number;
  send(data: string): void;
  close(code?: number, reason?: string): void;
  onopen: ((event: unknown) => void) | null;
  onclose: ((event: unknown) => void) | null;
  onerror: ((event: unknown) => void) | null;
  onmessage: ((event: { data: unknown }) => void) | null;
}
export type SocketConstructor = new (url: string, protocols?: string[]) => SocketLike;

export interface WsBridgeOptions {
  /** Defaults to the global WebSocket (browsers); Node tests pass the `ws` package's. */
  WebSocket?: SocketConstructor;
  /** The host's token; default: the `token` query parameter of the URL given. */
  token?: string | null;
}

export type WsBridge = CronkeeperBridge & {
  /** Called with true on every (re)connect and false on every disconnect; returns the unsubscribe. */
  onConnectionChange(listener: (connected: boolean) => void): () => void;
  readonly connected: boolean;
  /** Closes for good: pending and later calls reject with 'CLOSED'. */
  close(): void;
};

interface Pending {
  channel: ChannelName;
  resolve: (value: unknown) => void;
  reject: (error: BridgeError) => void;
  sent: boolean;
  message: string;
  timer?: ReturnType<typeof setTimeout>;
}

const OPEN = 1;

/** Works out ws://host:port/ws from whatever URL the page has; the token is not part of it. */
export function resolveWsUrl(url: string): string {
  const loc = typeof location === 'undefined' ? undefined : location;
  const parsed = new URL(url, loc?.href);
  if (parsed.protocol === 'http:') parsed.protocol = 'ws:';
  else if (parsed.protocol === 'https:') parsed.protocol = 'wss:';
  parsed.pathname = WS_PATH;
  parsed.hash = '';
  parsed.search = '';
  return parsed.toString();
}

/** The `token` query parameter of a URL, or its `#token=T` fragment (the printed URL's form). */
export function tokenInUrl(url: string): string | null {
  const parsed = new URL(url, typeof location === 'undefined' ? undefined : location.href);
  return parsed.searchParams.get('token') ?? /^#token=([^#&]+)/.exec(parsed.hash)?.[1] ?? null;
}

/** The subprotocols a connection offers: the plain one, and the token (a handshake header only). */
export function wsProtocols(token: string | null): string[] {
  return token ? [WS_PROTOCOL, WS_TOKEN_PROTOCOL_PREFIX + token] : [WS_PROTOCOL];
}

export function createWsBridge(url: string, options: WsBridgeOptions = {}): WsBridge {
  const wsUrl = resolveWsUrl(url);
  const token = options.token !== undefined ? options.token : tokenInUrl(url);
  const protocols = wsProtocols(token);
  const Socket = options.WebSocket ?? (globalThis as unknown as { WebSocket: SocketConstructor }).WebSocket;
  const pending = new Map<number, Pending>();
  const eventListeners = new Map<EventName, Set<(payload: never) => void>>();
  const connectionListeners = new Set<(connected: boolean) => void>();
  let nextId = 1;
  let socket: SocketLike | null = null;
  let connected = false;
  let closed = false;
  let backoff = MIN_BACKOFF_MS;
  let reconnectTimer: ReturnType<typeof setTimeout> | undefined;
  // The page asked for events: ask again after every reconnect, since readiness is per connection.
  let readyRequested = false;

  function connect(): void {
    const ws = new Socket(wsUrl, protocols);
    socket = ws;
    ws.onopen = () => {
      connected = true;
      backoff = MIN_BACKOFF_MS;
      // Readiness is per connection. An app.ready still waiting to be sent goes out below; a second
      // one would only make the host answer twice.
      const readyWaiting = [...pending.values()].some((c) => !c.sent && c.channel === 'app.ready');
      if (readyRequested && !readyWaiting)
        ws.send(JSON.stringify({ id: `ready-${nextId++}`, channel: 'app.ready', input: {} }));
      for (const call of pending.values()) {
        if (!call.sent) transmit(call);
      }
      notifyConnection(true);
    };
    ws.onmessage = (event) => {
      if (typeof event.data === 'string') receive(event.data);
    };
    ws.onerror = () => {
      // A close event always follows; reconnecting happens there.
    };
    ws.onclose = () => {
      if (socket !== ws) return;
      socket = null;
      const wasConnected = connected;
      connected = false;
      for (const [id, call] of pending) {
        if (call.sent) {
          pending.delete(id);
          call.reject(new BridgeError('DISCONNECTED', `Lost the connection during ${call.channel}`));
        }
      }
      if (wasConnected) notifyConnection(false);
      if (!closed) {
        reconnectTimer = setTimeout(connect, backoff);
        backoff = Math.min(backoff * 2, MAX_BACKOFF_MS);
      }
    };
  }

  function transmit(call: Pending): void {
    if (!socket || socket.readyState !== OPEN) return;
    if (call.timer) clearTimeout(call.timer);
    call.sent = true;
    socket.send(call.message);
  }

  function receive(raw: string): void {
    let message: Record<string, unknown>;
    try {
      message = JSON.parse(raw) as Record<string, unknown>;
    } catch {
      return;
    }
    // The host sends events in batches ({events: [...]}); a single {event, payload} is accepted too.
    if (Array.isArray(message.events)) {
      for (const item of message.events as { event?: unknown; payload?: unknown }[]) {
        if (typeof item?.event === 'string') dispatchEvent(item.event as EventName, item.payload);
      }
      return;
    }
    if (typeof message.event === 'string') return dispatchEvent(message.event as EventName, message.payload);
    if (typeof message.id !== 'number') return; // replies to our own app.ready re-sends, or stray ones
    const call = pending.get(message.id);
    if (!call) return;
    pending.delete(message.id);
    if (message.ok === true) call.resolve(message.value);
    else {
      const error = (message.error ?? {}) as Partial<WireError>;
      call.reject(
        new BridgeError(
          error.code ?? 'INTERNAL',
          error.message ?? 'Unknown error',
          error.field,
          error.messageCode,
          error.params,
        ),
      );
    }
  }

  function dispatchEvent(event: EventName, payload: unknown): void {
    for (const listener of eventListeners.get(event) ?? []) {
      try {
        (listener as (payload: unknown) => void)(payload);
      } catch (err) {
        console.error(`cronkeeper: a listener for ${event} threw`, err);
      }
    }
  }

  function notifyConnection(value: boolean): void {
    for (const listener of connectionListeners) listener(value);
  }

  function call(channel: ChannelName, input: unknown): Promise<unknown> {
    if (closed) return Promise.reject(new BridgeError('CLOSED', 'The connection to Cronkeeper is closed'));
    if (channel === 'app.ready') readyRequested = true;
    const id = nextId++;
    return new Promise((resolve, reject) => {
      const entry: Pending = {
        channel,
        resolve,
        reject,
        sent: false,
        message: JSON.stringify({ id, channel, input: input ?? {} }),
      };
      pending.set(id, entry);
      if (connected) transmit(entry);
      else {
        entry.timer = setTimeout(() => {
          if (pending.get(id) !== entry || entry.sent) return;
          pending.delete(id);
          reject(new BridgeError('DISCONNECTED', `Not connected to Cronkeeper (${channel})`));
        }, QUEUE_TIMEOUT_MS);
      }
    });
  }

  const bridge = {
    on<E extends EventName>(event: E, listener: (payload: EventMap[E]) => void): () => void {
      let set = eventListeners.get(event);
      if (!set) eventListeners.set(event, (set = new Set()));
      set.add(listener as (payload: never) => void);
      return () => void set.delete(listener as (payload: never) => void);
    },
    onConnectionChange(listener: (connected: boolean) => void): () => void {
      connectionListeners.add(listener);
      return () => void connectionListeners.delete(listener);
    },
    get connected() {
      return connected;
    },
    close() {
      if (closed) return;
      closed = true;
      clearTimeout(reconnectTimer);
      for (const entry of pending.values()) {
        clearTimeout(entry.timer);
        entry.reject(new BridgeError('CLOSED', 'The connection to Cronkeeper is closed'));
      }
      pending.clear();
      socket?.close(1000, 'closed');
    },
  } as Record<string, unknown>;
  for (const name of CHANNEL_NAMES) bridge[name] = (input: unknown) => call(name, input);
  connect();
  return bridge as unknown as WsBridge;
}
