// The browser bridge asks the host for its events (app.ready) once per connection: on the first connection
// the page's own queued app.ready goes out and nothing else (a second one made the host answer twice on
// every cold load); after a reconnect the bridge asks again by itself.
import { afterEach, expect, it } from 'vitest';
import WebSocket, { WebSocketServer } from 'ws';
import { createWsBridge } from '../../src/shared/ws-client';

const servers: WebSocketServer[] = [];
afterEach(() => {
  for (const s of servers.splice(0)) s.close();
});

const waitFor = async (check: () => boolean, ms = 5_000) => {
  const until = Date.now() + ms;
  while (!check()) {
    if (Date.now() > until) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 10));
  }
};

it('sends app.ready once on the first connection and once after each reconnect', async () => {
  const server = new WebSocketServer({ port: 0, host: '127.0.0.1' });
  servers.push(server);
  await new Promise((r) => server.once('listening', r));
  const port = (server.address() as { port: number }).port;
  const channels: string[] = [];
  const sockets: WebSocket[] = [];
  server.on('connection', (socket) => {
    sockets.push(socket);
    socket.on('message', (raw) => {
      const { id, channel } = JSON.parse(String(raw)) as { id: unknown; channel: string };
      channels.push(channel);
      socket.send(JSON.stringify({ id, ok: true, value: { ok: true } }));
    });
  });
  const bridge = createWsBridge(`ws://127.0.0.1:${port}/ws`, {
    token: 'x'.repeat(43),
    WebSocket: WebSocket as never,
  });
  try {
    // Both calls are made before the socket opens, as the page does on a cold load.
    await Promise.all([bridge['app.ready']({}), bridge['settings.get']({})]);
    await new Promise((r) => setTimeout(r, 50));
    expect(channels.filter((c) => c === 'app.ready')).toHaveLength(1);

    sockets[0].terminate();
    await waitFor(() => sockets.length === 2);
    await waitFor(() => channels.filter((c) => c === 'app.ready').length === 2);
    await new Promise((r) => setTimeout(r, 50));
    expect(channels.filter((c) => c === 'app.ready')).toHaveLength(2);
  } finally {
    bridge.close();
  }
});
