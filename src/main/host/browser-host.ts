// The browser host: `cronkeeper serve --ui-port N` serves the built renderer and the contract over a
// WebSocket, on 127.0.0.1 only, for headless servers and for the end-to-end tests. The page it serves is
// the same renderer the Electron window loads; src/shared/ws-client.ts stands in for the preload.
//
// The printed URL is http://127.0.0.1:PORT/ui/CAPABILITY/#token=T: the page and its assets are served
// under the capability (see security.ts), the token stays in the fragment until the page moves it to
// sessionStorage, and authenticates the WebSocket as the subprotocol `cronkeeper.token.T` (scripts may
// use /ws?token=T instead). No cookie is ever set.
//
// Wire protocol on /ws (JSON text frames):
//   client -> host  {id, channel, input}
//   host -> client  {id, ok: true, value} | {id, ok: false, error: {code, message, field?}}
//   host -> client  {event, payload}   (core push events, once the client has called `app.ready`)
import http from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import fs from 'node:fs';
import { WebSocketServer, type WebSocket } from 'ws';
import type { Handlers } from '../../shared/contract';
import type { Core } from '../core/core';
import {
  DEFAULT_CONNECTION_LIMITS,
  guardConnections,
  serverTimeouts,
  type ConnectionLimits,
} from './connection-guard';
import { dispatch, isReply, parseRequest, type Reply } from './dispatch';
import {
  createToken,
  fetchSiteAllowed,
  hostAllowed,
  originAllowed,
  PAGE_PREFIX,
  pageCapability,
  pagePath,
  securityHeaders,
  tokenMatches,
  WS_PROTOCOL,
  wsToken,
} from './security';
import { contentTypeFor, resolveStaticFile } from './static-files';

export interface BrowserHostOptions {
  /** 0 picks a free port. */
  port: number;
  /** The built renderer: index.html and assets/ (out/renderer). */
  rendererDir: string;
  /** Loopback only, on purpose: the host is never reachable from another machine. */
  host?: '127.0.0.1';
  /** A fixed token (at least 32 characters), e.g. to keep the URL across restarts; default: a new random one. */
  token?: string;
  /** How many sockets strangers may hold, and for how long (see connection-guard.ts). */
  limits?: Partial<ConnectionLimits>;
}

export interface BrowserHost {
  /** http://127.0.0.1:PORT/ui/CAPABILITY/#token=TOKEN: the one URL that opens the UI. */
  url: string;
  token: string;
  port: number;
  close(): Promise<void>;
}

export const WS_PATH = '/ws';
/** Event batches held for a client that has not called app.ready yet; the oldest go first past this. */
const MAX_HELD_BATCHES = 5_000;
/** How long events gather before they go out as one message: well under a frame of the UI's 10 Hz. */
const EVENT_BATCH_MS = 50;
/** A client this far behind is not reading; it is dropped (the page reconnects and reloads its state). */
const MAX_BUFFERED_BYTES = 32 * 1024 * 1024;
/** tasks.import takes up to 50 MB of JSON. */
const MAX_MESSAGE_BYTES = 64 * 1024 * 1024;

interface Client {
  socket: WebSocket;
  ready: boolean;
  held: string[];
}

export async function startBrowserHost(core: Core, opts: BrowserHostOptions): Promise<BrowserHost> {
  const bindHost = opts.host ?? '127.0.0.1';
  if (bindHost !== '127.0.0.1') throw new Error('The browser host binds 127.0.0.1 only');
  if (!fs.existsSync(`${opts.rendererDir}/index.html`)) {
    throw new Error(`No built renderer at ${opts.rendererDir} (run: npx electron-vite build)`);
  }
  if (opts.token !== undefined && !/^[A-Za-z0-9_-]{32,}$/.test(opts.token)) {
    throw new Error('The browser host token must be at least 32 URL-safe characters');
  }
  const token = opts.token ?? createToken();
  const capability = pageCapability(token);
  // No native folder picker in a browser: the user types the path (the contract allows {path: null}).
  const handlers: Handlers = { ...core.handlers, 'dialog.pickFolder': async () => ({ path: null }) };
  const clients = new Set<Client>();
  let port = 0;

  const limits = { ...DEFAULT_CONNECTION_LIMITS, ...opts.limits };
  const server = http.createServer(serverTimeouts(limits), (req, res) => {
    serveHttp(req, res).catch(() => {
      if (!res.headersSent) respond(res, 500, 'Internal error');
      else res.destroy();
    });
  });

  const respond = (res: http.ServerResponse, status: number, text: string) => {
    res.writeHead(status, {
      ...securityHeaders(port),
      'Content-Type': 'text/plain; charset=utf-8',
      'Cache-Control': 'no-store',
    });
    res.end(text);
  };

  async function serveHttp(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    if (!hostAllowed(req, port)) return respond(res, 403, 'Forbidden: unknown Host');
    if (req.method !== 'GET' && req.method !== 'HEAD') return respond(res, 405, 'Method not allowed');
    if (!fetchSiteAllowed(req)) return respond(res, 403, 'Forbidden: not from this page');
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const below = pagePath(url.pathname, capability);
    if (below === null) {
      // Browsers ask for a favicon on their own; "none" is not an error worth a console line.
      if (url.pathname === '/favicon.ico') return respond(res, 204, '');
      return respond(res, 403, 'Forbidden: open the URL that `cronkeeper serve` printed');
    }
    if (below === '') {
      res.writeHead(301, { ...securityHeaders(port), Location: `${PAGE_PREFIX}${capability}/` });
      return void res.end();
    }
    const resolved = await resolveStaticFile(opts.rendererDir, below);
    if (resolved.kind === 'not-found') return respond(res, 404, 'Not found');
    const headers: Record<string, string | string[]> = {
      ...securityHeaders(port),
      'Content-Type': contentTypeFor(resolved.file),
      'Cache-Control': 'no-store',
    };
    res.writeHead(200, { ...headers, 'Content-Length': String(resolved.size) });
    if (req.method === 'HEAD') return void res.end();
    fs.createReadStream(resolved.file)
      .on('error', () => res.destroy())
      .pipe(res);
  }

  const guard = guardConnections(server, limits);

  const wss = new WebSocketServer({
    noServer: true,
    maxPayload: MAX_MESSAGE_BYTES,
    // The answer names only the plain protocol: the token the client offered beside it is never echoed.
    handleProtocols: (offered) => (offered.has(WS_PROTOCOL) ? WS_PROTOCOL : false),
  });

  server.on('upgrade', (req, socket, head) => {
    socket.on('error', () => socket.destroy()); // a client that resets mid-handshake must not crash serve
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const refuse = (status: number, reason: string) => {
      socket.end(`HTTP/1.1 ${status} ${reason}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
    };
    if (url.pathname !== WS_PATH) return refuse(404, 'Not Found');
    if (!hostAllowed(req, port) || !originAllowed(req, port)) return refuse(403, 'Forbidden');
    if (!tokenMatches(token, wsToken(req))) return refuse(403, 'Forbidden');
    wss.handleUpgrade(req, socket, head, (ws) => {
      guard.authenticated(socket as Socket);
      accept(ws);
    });
  });

  function accept(socket: WebSocket): void {
    const client: Client = { socket, ready: false, held: [] };
    clients.add(client);
    socket.on('close', () => clients.delete(client));
    socket.on('error', () => socket.terminate());
    socket.on('message', (data, isBinary) => {
      if (isBinary)
        return send(client, {
          id: null,
          ok: false,
          error: { code: 'VALIDATION', message: 'Text frames only' },
        });
      void handleMessage(client, data.toString());
    });
  }

  async function handleMessage(client: Client, raw: string): Promise<void> {
    const request = parseRequest(raw);
    if (isReply(request)) return send(client, request);
    const reply = await dispatch(handlers, request);
    send(client, reply);
    if (request.channel === 'app.ready' && reply.ok && !client.ready) {
      client.ready = true;
      for (const message of client.held.splice(0)) sendRaw(client, message);
    }
  }

  function send(client: Client, reply: Reply): void {
    sendRaw(client, JSON.stringify(reply));
  }

  function sendRaw(client: Client, message: string): void {
    if (client.socket.readyState !== client.socket.OPEN) return;
    if (client.socket.bufferedAmount > MAX_BUFFERED_BYTES) return void client.socket.terminate();
    client.socket.send(message);
  }

  // Events go out in batches, one WebSocket message per EVENT_BATCH_MS: 50 runs reporting at 10 Hz are
  // 500 events a second, and a message each cost the page more main-thread time than rendering them.
  let batch: { event: string; payload: unknown }[] = [];
  let batchTimer: NodeJS.Timeout | null = null;
  function flushEvents(): void {
    batchTimer = null;
    if (batch.length === 0) return;
    const message = JSON.stringify({ events: batch });
    batch = [];
    for (const client of clients) {
      if (client.ready) sendRaw(client, message);
      else {
        client.held.push(message);
        if (client.held.length > MAX_HELD_BATCHES) client.held.shift();
      }
    }
  }
  const unsubscribe = core.events.onAny((event, payload) => {
    if (clients.size === 0) return;
    batch.push({ event, payload });
    batchTimer ??= setTimeout(flushEvents, EVENT_BATCH_MS);
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port, bindHost, () => {
      server.off('error', reject);
      resolve();
    });
  });
  port = (server.address() as AddressInfo).port;

  let closing: Promise<void> | null = null;
  return {
    url: `http://127.0.0.1:${port}${PAGE_PREFIX}${capability}/#token=${token}`,
    token,
    port,
    close() {
      closing ??= (async () => {
        unsubscribe();
        if (batchTimer) clearTimeout(batchTimer);
        for (const client of clients) client.socket.terminate();
        clients.clear();
        await new Promise<void>((resolve) => wss.close(() => resolve()));
        server.closeAllConnections();
        await new Promise<void>((resolve) => server.close(() => resolve()));
      })();
      return closing;
    },
  };
}
