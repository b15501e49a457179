// Bounds what strangers can hold open on the browser host. Every socket is accepted before anyone knows
// whether it carries the token, and each costs a file descriptor: the scheduler needs descriptors too (a
// run's log file, its pipes), so an unbounded pile of idle sockets once made runs fail with EMFILE.
// - At most `maxSockets` sockets at all: one more is closed the moment it arrives.
// - At most `maxPending` sockets that have not yet proven the token by opening the WebSocket. When a new
//   one arrives over that, the OLDEST pending socket is closed: a flood of idle sockets keeps recycling its
//   own slots, while a real client's handshake (a few milliseconds) still gets through.
// - A pending socket that has not finished within `handshakeMs` (no request, a slow header, an idle
//   keep-alive) is closed. Node's own headersTimeout/requestTimeout/keepAliveTimeout back this up.
import type http from 'node:http';
import type { Socket } from 'node:net';

export interface ConnectionLimits {
  maxSockets: number;
  maxPending: number;
  handshakeMs: number;
}

/** Far below the usual 1,024 descriptors, far above what one user's browser tabs need. */
export const DEFAULT_CONNECTION_LIMITS: ConnectionLimits = {
  maxSockets: 256,
  maxPending: 128,
  handshakeMs: 3000,
};

/** Server options that make Node itself drop slow or idle HTTP sockets (pass to http.createServer). */
export function serverTimeouts(limits: ConnectionLimits): http.ServerOptions {
  return {
    headersTimeout: limits.handshakeMs,
    requestTimeout: 10_000,
    keepAliveTimeout: limits.handshakeMs,
    // How often Node checks the two timeouts above (default 30 s, far too slow to matter here).
    connectionsCheckingInterval: 500,
  };
}

export interface ConnectionGuard {
  /** The socket opened the WebSocket with the token: it no longer counts as pending, nor expires. */
  authenticated(socket: Socket): void;
  counts(): { open: number; pending: number; refused: number; evicted: number; expired: number };
}

export function guardConnections(server: http.Server, limits: ConnectionLimits): ConnectionGuard {
  // Insertion order is age order: the first entry is the oldest pending socket.
  const pending = new Map<Socket, NodeJS.Timeout>();
  const open = new Set<Socket>();
  let refused = 0;
  let evicted = 0;
  let expired = 0;

  const expire = (socket: Socket) => () => {
    expired++;
    socket.destroy();
  };
  const arm = (socket: Socket) => {
    clearTimeout(pending.get(socket));
    pending.set(socket, setTimeout(expire(socket), limits.handshakeMs).unref());
  };

  server.maxConnections = limits.maxSockets; // Node closes the one over at once, before 'connection'
  server.on('connection', (socket: Socket) => {
    if (open.size >= limits.maxSockets) {
      refused++;
      socket.destroy();
      return;
    }
    if (pending.size >= limits.maxPending) {
      const [oldest, timer] = pending.entries().next().value as [Socket, NodeJS.Timeout];
      clearTimeout(timer);
      pending.delete(oldest);
      evicted++;
      oldest.destroy();
    }
    open.add(socket);
    // Move to the end of the age order, with a fresh deadline.
    pending.delete(socket);
    arm(socket);
    socket.once('close', () => {
      clearTimeout(pending.get(socket));
      pending.delete(socket);
      open.delete(socket);
    });
  });
  // A page's asset requests are answered on a pending socket; the deadline runs again from each answer,
  // so a large file is never cut off mid-way, and an idle keep-alive socket still goes.
  server.on('request', (req: http.IncomingMessage, res: http.ServerResponse) => {
    const socket = req.socket;
    if (!pending.has(socket)) return;
    clearTimeout(pending.get(socket));
    res.once('close', () => {
      if (pending.has(socket) && !socket.destroyed) arm(socket);
    });
  });

  return {
    authenticated(socket) {
      clearTimeout(pending.get(socket));
      pending.delete(socket);
    },
    counts: () => ({ open: open.size, pending: pending.size, refused, evicted, expired }),
  };
}
