// Shared by the tests of faults and their webhooks: a local HTTP server that records the webhooks it
// receives, and a database cut off from one core (every new statement refused, as with a dead server).
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Core } from '../../src/main/core/core';

const servers: http.Server[] = [];

/** A real local server answering 200 to every POST, with the JSON bodies it received in order. */
export async function hookServer(): Promise<{ url: string; bodies: Record<string, unknown>[] }> {
  const bodies: Record<string, unknown>[] = [];
  const server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => {
      bodies.push(JSON.parse(body) as Record<string, unknown>);
      res.writeHead(200).end();
    });
  });
  servers.push(server);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`, bodies };
}

/** Closes every hookServer() (afterEach). */
export function closeHookServers(): void {
  for (const s of servers.splice(0)) s.close();
}

/** Makes every new statement of `core` fail as a refused connection would, until the returned function. */
export function cutOff(core: Core): () => void {
  const manager = core.db.sequelize.connectionManager as unknown as {
    getConnection: (...args: unknown[]) => Promise<unknown>;
  };
  const real = manager.getConnection.bind(manager);
  manager.getConnection = async () => {
    throw Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), {
      name: 'SequelizeConnectionRefusedError',
    });
  };
  return () => {
    manager.getConnection = real;
  };
}
