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

describe('HTTP: the page and its assets', () => {
  it('refuses the page without the token, or with a wrong one, with 403', async () => {
    for (const p of ['/', '/index.html', '/assets/app.js', '/?token=', `/?token=${'A'.repeat(43)}`]) {
      const answer = await get(p);
      expect(answer.status, p).toBe(403);
      expect(answer.body).not.toContain('<html');
      expect(answer.headers['set-cookie']).toBeUndefined();
    }
    // A cookie with the wrong value, or one named for another port, does not help either.
    const wrongCookie = await get('/assets/app.js', { Cookie: `cronkeeper_token_${host.port}=nope` });
    expect(wrongCookie.status).toBe(403);
    const otherPort = await get('/assets/app.js', { Cookie: `cronkeeper_token_1=${host.token}` });
    expect(otherPort.status).toBe(403);
  });

  it('serves the page with the token, with strict security headers and an HttpOnly SameSite cookie', async () => {
    const answer = await get(`/?token=${host.token}`);
    expect(answer.status).toBe(200);
    expect(answer.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(answer.body).toContain(`<meta name="cronkeeper-token" content="${host.token}"`);
    const csp = answer.headers['content-security-policy'] ?? '';
    expect(csp).toContain("default-src 'self'");
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("object-src 'none'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).toContain(`connect-src 'self' ws://127.0.0.1:${host.port} ws://localhost:${host.port}`);
    expect(answer.headers['x-content-type-options']).toBe('nosniff');
    expect(answer.headers['referrer-policy']).toBe('no-referrer');
    const cookie = answer.headers['set-cookie']?.[0] ?? '';
    expect(cookie).toMatch(new RegExp(`^cronkeeper_token_${host.port}=${host.token};`));
    expect(cookie).toContain('HttpOnly');
    expect(cookie).toContain('SameSite=Strict');

    const asset = await get('/assets/app.js', { Cookie: `cronkeeper_token_${host.port}=${host.token}` });
    expect(asset.status).toBe(200);
    expect(asset.headers['content-type']).toBe('text/javascript; charset=utf-8');
    expect(asset.body).toBe('console.log("app")');
    const css = await get(`/assets/style.css?token=${host.token}`);
    expect(css.headers['content-type']).toBe('text/css; charset=utf-8');
  });

  it('refuses a foreign Host header (DNS rebinding) with 403, even with the token', async () => {
    for (const h of [
      'evil.example:' + host.port,
      `127.0.0.1:${host.port + 1}`,
      'localhost',
      'localhost.:1',
    ]) {
      const answer = await get(`/?token=${host.token}`, { Host: h });
      expect(answer.status, h).toBe(403);
    }
    expect((await get(`/?token=${host.token}`, { Host: `localhost:${host.port}` })).status).toBe(200);
    // No Host header at all (HTTP/1.0 allows it): refused too.
    const raw = await new Promise<string>((resolve) => {
      const socket = net.connect(host.port, '127.0.0.1', () =>
        socket.end(`GET /?token=${host.token} HTTP/1.0\r\n\r\n`),
      );
      let text = '';
      socket.setEncoding('utf8').on('data', (d: string) => (text += d));
      socket.on('close', () => resolve(text));
    });
    expect(raw).toMatch(/^HTTP\/1\.[01] 403/);
  });

  it('never leaves the renderer directory: traversal, encoded slashes, symlinks, directories -> 404', async () => {
    const t = `token=${host.token}`;
    const tricks = [
      `/../secret.txt?${t}`,
      `/assets/../../secret.txt?${t}`,
      `/%2e%2e/secret.txt?${t}`,
      `/assets/..%2f..%2fsecret.txt?${t}`,
      `/..%5csecret.txt?${t}`,
      `/assets/link.txt?${t}`,
      `/assets/?${t}`,
      `/assets?${t}`,
      `/assets/app.js%00.html?${t}`,
      `/%E0%A4%A?${t}`,
      `/nope.js?${t}`,
    ];
    for (const p of tricks) {
      const answer = await get(p);
      expect([403, 404], p).toContain(answer.status);
      expect(answer.body).not.toContain('TOP-SECRET');
      expect(answer.body).not.toContain('app.js'); // no listing
    }
  });

  it('answers only GET and HEAD', async () => {
    expect((await get(`/?token=${host.token}`, {}, 'POST')).status).toBe(405);
    const head = await get(`/assets/app.js?token=${host.token}`, {}, 'HEAD');
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
});

describe('listening', () => {
  it('binds 127.0.0.1 only: other addresses of this machine refuse the connection', async () => {
    expect(host.url).toBe(`http://127.0.0.1:${host.port}/?token=${host.token}`);
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

  const tryWebSocket = (url: string) =>
    new Promise<string>((resolve) => {
      const ws = new window.WebSocket(url);
      ws.onopen = () => {
        ws.send(JSON.stringify({ id: 1, channel: 'app.ready', input: {} }));
      };
      ws.onmessage = (event) => resolve(String(event.data));
      ws.onerror = () => resolve('refused');
    });

  it('loads the page and its assets by cookie, and the page can open the WebSocket', async () => {
    const page = await browser.context.newPage();
    const assets: number[] = [];
    page.on('response', (res) => {
      if (res.url().includes('/assets/')) assets.push(res.status());
    });
    const response = await page.goto(host.url);
    expect(response?.status()).toBe(200);
    await page.waitForLoadState('load');
    expect(assets).toEqual([200]); // app.js, requested without the query: the cookie carried the token
    const token = await page.locator('meta[name="cronkeeper-token"]').getAttribute('content');
    expect(token).toBe(host.token);
    const reply = await page.evaluate(tryWebSocket, `ws://127.0.0.1:${host.port}/ws?token=${host.token}`);
    expect(JSON.parse(reply)).toEqual({ id: 1, ok: true, value: { ok: true } });
    await page.close();
  });

  it('a page from another origin cannot open the WebSocket, even knowing the token', async () => {
    const page = await browser.context.newPage();
    const port = (foreign.address() as net.AddressInfo).port;
    await page.goto(`http://127.0.0.1:${port}/`);
    const reply = await page.evaluate(tryWebSocket, `ws://127.0.0.1:${host.port}/ws?token=${host.token}`);
    expect(reply).toBe('refused');
    await page.close();
  });

  it('without the token (and without the cookie) the browser gets 403 and no page', async () => {
    await browser.context.clearCookies();
    const page = await browser.context.newPage();
    const response = await page.goto(`http://127.0.0.1:${host.port}/`);
    expect(response?.status()).toBe(403);
    expect(await page.locator('meta[name="cronkeeper-token"]').count()).toBe(0);
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
      expect(url.searchParams.get('token')).toMatch(/^[A-Za-z0-9_-]{43}$/);
      const port = Number(url.port);
      for (const address of nonLoopbackAddresses()) {
        expect(await tcpConnect(address, port), address).not.toBe('connected');
      }
      const bare = await fetch(`http://127.0.0.1:${port}/`);
      expect(bare.status).toBe(403);
      const page = await fetch(serve.url);
      expect(page.status).toBe(200);
      expect(await page.text()).toContain('<div id="root">');
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
