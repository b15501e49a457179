// The browser host's limits on sockets (connection-guard.ts), with small numbers: a socket that never
// authenticates is closed after the handshake deadline, a slow header too; over the pending limit the
// oldest stranger goes; over the total limit a new socket is closed at once; an authenticated WebSocket
// is neither counted as pending nor expired.
import net from 'node:net';
import { afterEach, expect, it } from 'vitest';
import type { Core } from '../../src/main/core/core';
import { startBrowserHost, type BrowserHost } from '../../src/main/host/browser-host';
import { makeCore, makeRendererDir, openWire, waitFor, type Wire } from './host-helpers';

let core: Core | undefined;
let host: BrowserHost | undefined;
const sockets: net.Socket[] = [];
const wires: Wire[] = [];
afterEach(async () => {
  for (const s of sockets.splice(0)) s.destroy();
  for (const w of wires.splice(0)) w.close();
  await host?.close();
  await core?.stop(0);
});

/** A raw socket and when (ms after connecting) the host closed it; null while open. */
function idle(port: number): Promise<{ socket: net.Socket; closedAfter: () => number | null }> {
  return new Promise((resolve) => {
    const socket = net.connect({ host: '127.0.0.1', port });
    sockets.push(socket);
    let closedAfter: number | null = null;
    const start = Date.now();
    socket.on('error', () => {});
    socket.on('close', () => (closedAfter = Date.now() - start));
    socket.once('connect', () => resolve({ socket, closedAfter: () => closedAfter }));
  });
}

it('closes strangers after the deadline, recycles the oldest pending one, refuses over the cap at once', async () => {
  core = await makeCore();
  host = await startBrowserHost(core, {
    port: 0,
    rendererDir: makeRendererDir().root,
    limits: { maxSockets: 4, maxPending: 2, handshakeMs: 600 },
  });
  const port = host.port;

  // An authenticated WebSocket: it outlives the deadline and does not use up a pending slot.
  const client = await openWire(port, host.token);
  wires.push(client);

  const a = await idle(port);
  const b = await idle(port);
  // A slow header: half a request line, never finished.
  b.socket.write('GET /ui/');
  const c = await idle(port); // over maxPending: the oldest stranger (a) goes at once
  await waitFor(() => a.closedAfter() !== null, 2000);
  expect(a.closedAfter()!).toBeLessThan(400);
  expect(c.closedAfter()).toBeNull();

  // The deadline: b and c are closed within a few hundred ms of it.
  await waitFor(() => b.closedAfter() !== null && c.closedAfter() !== null, 3000);
  expect(b.closedAfter()!).toBeGreaterThanOrEqual(500);
  expect(b.closedAfter()!).toBeLessThan(1500);
  expect(c.closedAfter()!).toBeLessThan(1500);

  // The authenticated client still answers.
  expect((await client.request('scheduler.state', {})).ok).toBe(true);

  // Over maxSockets (4: the client and three more authenticated ones), a new socket is closed at once.
  for (let i = 0; i < 3; i++) wires.push(await openWire(port, host.token));
  const over = await idle(port).catch(() => null);
  if (over) {
    await waitFor(() => over.closedAfter() !== null, 2000);
    expect(over.closedAfter()!).toBeLessThan(300);
  }
  expect((await client.request('scheduler.state', {})).ok).toBe(true);
});
