// The browser host refuses everyone but the page it printed: no token, a wrong token, a foreign Origin
// or Host (DNS rebinding), path tricks, and it listens on loopback only. Raw HTTP requests (which can
// forge any header) check the server's answers; real headless Chromium checks what a browser does.
import fs from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import os from 'node:os';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import type { Core } from '../../src/main/core/core';
import { startBrowserHost, type BrowserHost } from '../../src/main/host/browser-host';
import { pageCapability } from '../../src/main/host/security';
import { wsProtocols } from '../../src/shared/ws-client';
import { makeCore, makeDataDir, makeRendererDir } from '../integration/host-helpers';
import {
  CHROMIUM_SKIP_REASON,
  chromiumAvailable,
  launchBrowser,
  startApp,
  startServe,
  type Browser,
} from './harness';

let core: Core;
let host: BrowserHost;

beforeAll(async () => {
  core = await makeCore();
  host = await startBrowserHost(core, { port: 0, rendererDir: makeRendererDir().root });
});
afterAll(async () => {
  await host?.close();
  await core?.stop(0);
});

interface Answer {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
}

/** A raw request: the path goes out exactly as given (no normalising of `..`), any headers allowed. */
function get(
  rawPath: string,
  headers: Record<string, string> = {},
  method = 'GET',
  target = { host: '127.0.0.1', port: 0 },
): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        host: target.host,
        port: target.port || host.port,
        path: rawPath,
        method,
        headers: { Host: `127.0.0.1:${host.port}`, ...headers },
      },
      (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (d: string) => (body += d));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
      },
    );
    req.on('error', reject);
    req.end();
  });
}

/** Connects to address:port over TCP: 'connected' or the error code. */
function tcpConnect(address: string, port: number): Promise<string> {
  return new Promise((resolve) => {
    const socket = net.connect({ host: address, port });
    socket.once('connect', () => {
      socket.destroy();
      resolve('connected');
    });
    socket.once('error', (err: NodeJS.ErrnoException) => resolve(err.code ?? 'error'));
  });
}

const nonLoopbackAddresses = () =>
  Object.values(os.networkInterfaces())
    .flat()
    .filter((a): a is os.NetworkInterfaceInfo => !!a && !a.internal)
    .map((a) => a.address);

/** Tries a WebSocket upgrade; resolves 'open' or the HTTP status it was refused with. */
function upgrade(query: string, headers: Record<string, string> = {}): Promise<'open' | number> {
  return new Promise((resolve) => {
    const socket = new WebSocket(`ws://127.0.0.1:${host.port}/ws${query}`, { headers });
    socket.once('open', () => {
      socket.close();
      resolve('open');
    });
    socket.once('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
    socket.once('error', () => resolve(-1));
  });
}

/** /ui/CAPABILITY: where the page and its assets are served (from the printed URL). */
const ui = () => new URL(host.url).pathname.replace(/\/$/, '');

describe('HTTP: the page and its assets', () => {
  it('refuses the page without the capability, or with a wrong one, with 403', async () => {
    const wrong = `/ui/${'A'.repeat(32)}`;
    for (const p of [
      '/',
      '/index.html',
      '/assets/app.js',
      `/?token=${host.token}`, // the token in a query string opens nothing any more
      `/ui/`,
      `${wrong}/`,
      `${wrong}/assets/app.js`,
      `/ui/${host.token}/`, // nor is the token itself the capability
    ]) {
      const answer = await get(p);
      expect(answer.status, p).toBe(403);
      expect(answer.body).not.toContain('<html');
      expect(answer.headers['set-cookie']).toBeUndefined();
    }
  });

  it('serves the page and its assets under the capability, with strict headers and never a cookie', async () => {
    const answer = await get(`${ui()}/`);
    expect(answer.status).toBe(200);
    expect(answer.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(answer.headers['set-cookie']).toBeUndefined();
    expect(answer.body).not.toContain(host.token);
    const csp = answer.headers['content-security-policy'] ?? '';
    expect(csp).toContain("default-src 'self'");
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("object-src 'none'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).toContain(`connect-src 'self' ws://127.0.0.1:${host.port} ws://localhost:${host.port}`);
    expect(answer.headers['x-content-type-options']).toBe('nosniff');
    expect(answer.headers['referrer-policy']).toBe('no-referrer');

    const asset = await get(`${ui()}/assets/app.js`);
    expect(asset.status).toBe(200);
    expect(asset.headers['content-type']).toBe('text/javascript; charset=utf-8');
    expect(asset.body).toBe('console.log("app")');
    expect(asset.headers['set-cookie']).toBeUndefined();
    const css = await get(`${ui()}/assets/style.css`);
    expect(css.headers['content-type']).toBe('text/css; charset=utf-8');
    // Without the trailing slash: sent to the page's folder, so relative asset URLs resolve.
    const bare = await get(ui());
    expect(bare.status).toBe(301);
    expect(bare.headers.location).toBe(`${ui()}/`);
  });

  it("refuses what another site's page makes the browser ask for (Sec-Fetch-Site)", async () => {
    for (const site of ['same-site', 'cross-site']) {
      expect((await get(`${ui()}/assets/app.js`, { 'Sec-Fetch-Site': site })).status, site).toBe(403);
    }
    for (const site of ['same-origin', 'none']) {
      expect((await get(`${ui()}/assets/app.js`, { 'Sec-Fetch-Site': site })).status, site).toBe(200);
    }
  });

  it('refuses a foreign Host header (DNS rebinding) with 403, even with the capability', async () => {
    for (const h of [
      'evil.example:' + host.port,
      `127.0.0.1:${host.port + 1}`,
      'localhost',
      'localhost.:1',
    ]) {
      const answer = await get(`${ui()}/`, { Host: h });
      expect(answer.status, h).toBe(403);
    }
    expect((await get(`${ui()}/`, { Host: `localhost:${host.port}` })).status).toBe(200);
    // No Host header at all (HTTP/1.0 allows it): refused too.
    const raw = await new Promise<string>((resolve) => {
      const socket = net.connect(host.port, '127.0.0.1', () => socket.end(`GET ${ui()}/ HTTP/1.0\r\n\r\n`));
      let text = '';
      socket.setEncoding('utf8').on('data', (d: string) => (text += d));
      socket.on('close', () => resolve(text));
    });
    expect(raw).toMatch(/^HTTP\/1\.[01] 403/);
  });

  it('never leaves the renderer directory: traversal, encoded slashes, symlinks, directories -> 404', async () => {
    const u = ui();
    const tricks = [
      `${u}/../secret.txt`,
      `${u}/assets/../../secret.txt`,
      `${u}/%2e%2e/secret.txt`,
      `${u}/assets/..%2f..%2fsecret.txt`,
      `${u}/..%5csecret.txt`,
      `${u}/assets/link.txt`,
      `${u}/assets/`,
      `${u}/assets`,
      `${u}/assets/app.js%00.html`,
      `${u}/%E0%A4%A`,
      `${u}/nope.js`,
    ];
    for (const p of tricks) {
      const answer = await get(p);
      expect([403, 404], p).toContain(answer.status);
      expect(answer.body).not.toContain('TOP-SECRET');
      expect(answer.body).not.toContain('app.js'); // no listing
    }
  });

  it('answers only GET and HEAD', async () => {
    expect((await get(`${ui()}/`, {}, 'POST')).status).toBe(405);
    const head = await get(`${ui()}/assets/app.js`, {}, 'HEAD');
    expect(head.status).toBe(200);
    expect(head.body).toBe('');
  });
});

describe('WebSocket upgrades', () => {
  it('opens only with the right token, an allowed Origin and an allowed Host', async () => {
    const origin = `http://127.0.0.1:${host.port}`;
    expect(await upgrade('', { Origin: origin })).toBe(403);
    expect(await upgrade('?token=wrong', { Origin: origin })).toBe(403);
    expect(await upgrade(`?token=${host.token}x`, { Origin: origin })).toBe(403);
    expect(await upgrade(`?token=${host.token}`, { Origin: 'http://evil.example' })).toBe(403);
    expect(await upgrade(`?token=${host.token}`, { Origin: `http://127.0.0.1:${host.port + 1}` })).toBe(403);
    expect(await upgrade(`?token=${host.token}`, { Origin: 'null' })).toBe(403);
    expect(await upgrade(`?token=${host.token}`, { Origin: origin, Host: `evil.example:${host.port}` })).toBe(
      403,
    );
    expect(await upgrade(`?token=${host.token}`, { Origin: origin })).toBe('open');
    expect(await upgrade(`?token=${host.token}`, { Origin: `http://localhost:${host.port}` })).toBe('open');
  });

  it('takes the token as a subprotocol, and never echoes it back', async () => {
    const origin = `http://127.0.0.1:${host.port}`;
    const opened = await new Promise<string>((resolve, reject) => {
      const socket = new WebSocket(`ws://127.0.0.1:${host.port}/ws`, wsProtocols(host.token), {
        headers: { Origin: origin },
      });
      socket.once('open', () => {
        resolve(socket.protocol);
        socket.close();
      });
      socket.once('error', reject);
    });
    expect(opened).toBe('cronkeeper');
    const wrong = await new Promise<number>((resolve) => {
      const socket = new WebSocket(`ws://127.0.0.1:${host.port}/ws`, wsProtocols('x'.repeat(43)), {
        headers: { Origin: origin },
      });
      socket.once('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
      socket.once('open', () => resolve(101));
    });
    expect(wrong).toBe(403);
  });
});

describe('listening', () => {
  it('binds 127.0.0.1 only: other addresses of this machine refuse the connection', async () => {
    expect(host.url).toBe(
      `http://127.0.0.1:${host.port}/ui/${pageCapability(host.token)}/#token=${host.token}`,
    );
    for (const address of [...nonLoopbackAddresses(), '::1']) {
      expect(await tcpConnect(address, host.port), address).not.toBe('connected');
    }
  });

  it('refuses a host address other than 127.0.0.1 and a weak fixed token', async () => {
    const rendererDir = makeRendererDir().root;
    await expect(
      startBrowserHost(core, { port: 0, rendererDir, host: '0.0.0.0' as '127.0.0.1' }),
    ).rejects.toThrow('127.0.0.1 only');
    await expect(startBrowserHost(core, { port: 0, rendererDir, token: 'short' })).rejects.toThrow('token');
  });
});

describe.skipIf(!chromiumAvailable())(`in headless Chromium (skipped when ${CHROMIUM_SKIP_REASON})`, () => {
  let browser: Browser;
  let foreign: http.Server;
  beforeAll(async () => {
    browser = await launchBrowser();
    // Another local "site" on another port: a different origin on the same machine.
    foreign = http.createServer((_req, res) => {
      res.writeHead(200, { 'Content-Type': 'text/html' });
      res.end('<!doctype html><title>foreign</title>');
    });
    await new Promise<void>((resolve) => foreign.listen(0, '127.0.0.1', resolve));
  });
  afterAll(async () => {
    await browser?.close();
    await new Promise((resolve) => foreign?.close(resolve));
  });

  const tryWebSocket = ([url, protocols]: [string, string[]]) =>
    new Promise<string>((resolve) => {
      const ws = new window.WebSocket(url, protocols);
      ws.onopen = () => {
        ws.send(JSON.stringify({ id: 1, channel: 'app.ready', input: {} }));
      };
      ws.onmessage = (event) => resolve(String(event.data));
      ws.onerror = () => resolve('refused');
    });
  const wsUrl = () => `ws://127.0.0.1:${host.port}/ws`;

  it('loads the page and its assets by the capability path, and the page can open the WebSocket', async () => {
    const page = await browser.context.newPage();
    const assets: number[] = [];
    page.on('response', (res) => {
      if (res.url().includes('/assets/')) assets.push(res.status());
    });
    const response = await page.goto(host.url);
    expect(response?.status()).toBe(200);
    await page.waitForLoadState('load');
    expect(assets).toEqual([200]); // app.js, by a relative URL under the capability
    expect(await browser.context.cookies()).toEqual([]);
    const reply = await page.evaluate(tryWebSocket, [wsUrl(), wsProtocols(host.token)] as [string, string[]]);
    expect(JSON.parse(reply)).toEqual({ id: 1, ok: true, value: { ok: true } });
    const without = await page.evaluate(tryWebSocket, [wsUrl(), wsProtocols(null)] as [string, string[]]);
    expect(without).toBe('refused');
    await page.close();
  });

  it('a page from another origin cannot open the WebSocket, even knowing the token', async () => {
    const page = await browser.context.newPage();
    const port = (foreign.address() as net.AddressInfo).port;
    await page.goto(`http://127.0.0.1:${port}/`);
    const reply = await page.evaluate(tryWebSocket, [wsUrl(), wsProtocols(host.token)] as [string, string[]]);
    expect(reply).toBe('refused');
    await page.close();
  });

  it('without the capability the browser gets 403 and no page', async () => {
    const page = await browser.context.newPage();
    const response = await page.goto(`http://127.0.0.1:${host.port}/`);
    expect(response?.status()).toBe(403);
    await page.close();
  });
});

describe('the real `cronkeeper serve --ui-port 0`', () => {
  it('prints a loopback URL with a token, listens on loopback only, and refuses requests without the token', async () => {
    const dataDir = makeDataDir();
    const serve = await startServe(dataDir);
    try {
      const url = new URL(serve.url);
      expect(url.hostname).toBe('127.0.0.1');
      expect(url.hash).toMatch(/^#token=[A-Za-z0-9_-]{43}$/);
      expect(url.search).toBe('');
      const port = Number(url.port);
      for (const address of nonLoopbackAddresses()) {
        expect(await tcpConnect(address, port), address).not.toBe('connected');
      }
      const bare = await fetch(`http://127.0.0.1:${port}/`);
      expect(bare.status).toBe(403);
      const page = await fetch(serve.url); // fetch, like a browser, never sends the fragment
      expect(page.status).toBe(200);
      const html = await page.text();
      expect(html).toContain('<div id="root">');
      expect(html).not.toContain(url.hash.slice('#token='.length));
    } finally {
      await serve.stop();
    }
    expect(serve.child.exitCode).toBe(0);
  });

  it.skipIf(!chromiumAvailable())('opens in headless Chromium through the harness', async () => {
    const app = await startApp();
    try {
      const errors: string[] = [];
      app.page.on('pageerror', (err) => errors.push(err.message));
      await app.page.reload();
      await app.page.waitForLoadState('load');
      expect(await app.page.title()).toBe('Cronkeeper');
      expect(await app.page.locator('#root').count()).toBe(1);
      expect(errors).toEqual([]);
      const file = await app.screenshot('host-first-page');
      expect(fs.statSync(file).size).toBeGreaterThan(0);
    } finally {
      await app.close();
    }
  });
});
