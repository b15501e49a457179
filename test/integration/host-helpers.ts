// Shared set-up for the browser host tests: a real core on a temp data dir, a tiny stand-in renderer
// directory (so these tests do not depend on a build), and a WebSocket client that speaks the protocol.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import WebSocket from 'ws';
import { createCore, type Core } from '../../src/main/core/core';
import { testDatabaseUrl } from './test-database';

export function makeDataDir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'ck-'));
}

/** A renderer dir with index.html and one asset, next to a secret file the host must never serve. */
export function makeRendererDir(): { root: string; secret: string } {
  const base = fs.mkdtempSync(path.join(os.tmpdir(), 'ck-renderer-'));
  const root = path.join(base, 'renderer');
  fs.mkdirSync(path.join(root, 'assets'), { recursive: true });
  fs.writeFileSync(
    path.join(root, 'index.html'),
    '<!doctype html><html><head><title>t</title></head><body><script src="./assets/app.js"></script></body></html>',
  );
  fs.writeFileSync(path.join(root, 'assets', 'app.js'), 'console.log("app")');
  fs.writeFileSync(path.join(root, 'assets', 'style.css'), 'body{}');
  const secret = path.join(base, 'secret.txt');
  fs.writeFileSync(secret, 'TOP-SECRET');
  fs.symlinkSync(secret, path.join(root, 'assets', 'link.txt'));
  return { root, secret };
}

export async function makeCore(): Promise<Core> {
  const dataDir = makeDataDir();
  return createCore({ dataDir, databaseUrl: await testDatabaseUrl(dataDir) });
}

export interface Wire {
  socket: WebSocket;
  request(channel: string, input?: unknown): Promise<Record<string, unknown>>;
  send(raw: string): Promise<Record<string, unknown>>;
  events: { event: string; payload: unknown }[];
  /** How many WebSocket messages carried those events (the host batches them). */
  eventMessages(): number;
  close(): void;
}

/** Opens ws://.../ws?token=T and correlates replies by id. */
export function openWire(port: number, token: string, headers: Record<string, string> = {}): Promise<Wire> {
  const socket = new WebSocket(`ws://127.0.0.1:${port}/ws?token=${token}`, { headers });
  const waiting = new Map<unknown, (reply: Record<string, unknown>) => void>();
  const events: { event: string; payload: unknown }[] = [];
  let nextId = 1;
  let eventMessages = 0;
  socket.on('message', (data) => {
    const message = JSON.parse(data.toString()) as Record<string, unknown>;
    if (Array.isArray(message.events) || typeof message.event === 'string') eventMessages++;
    if (Array.isArray(message.events))
      events.push(...(message.events as { event: string; payload: unknown }[]));
    else if (typeof message.event === 'string')
      events.push({ event: message.event, payload: message.payload });
    else {
      const resolve = waiting.get(message.id);
      waiting.delete(message.id);
      resolve?.(message);
    }
  });
  const wire: Wire = {
    socket,
    events,
    eventMessages: () => eventMessages,
    request(channel, input) {
      const id = nextId++;
      return new Promise((resolve) => {
        waiting.set(id, resolve);
        socket.send(JSON.stringify({ id, channel, input }));
      });
    },
    send(raw) {
      return new Promise((resolve) => {
        let id: unknown = null;
        try {
          id = (JSON.parse(raw) as { id?: unknown })?.id ?? null;
        } catch {
          // not JSON: the host answers with id null
        }
        waiting.set(id, resolve);
        socket.send(raw);
      });
    },
    close: () => socket.close(),
  };
  return new Promise((resolve, reject) => {
    socket.once('open', () => resolve(wire));
    socket.once('unexpected-response', (_req, res) => reject(new Error(`HTTP ${res.statusCode}`)));
    socket.once('error', reject);
  });
}

export const waitFor = async (check: () => boolean, timeoutMs = 3000): Promise<void> => {
  const until = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > until) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 10));
  }
};
