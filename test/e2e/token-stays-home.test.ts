// The browser host's token never leaves its host. Browsers do not separate cookies by port, so a cookie
// for 127.0.0.1 would reach every other local web service the user opens (a dev server, a notebook). Here
// the real UI is opened from the URL `cronkeeper serve` printed, in a browser profile that then visits a
// second server on another loopback port: that server must receive nothing that contains the token, in
// any request line, header or body. The UI itself keeps working, also after a reload.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHROMIUM_SKIP_REASON, chromiumAvailable, startApp, type App } from './harness';

const hasChromium = chromiumAvailable();

describe.skipIf(!hasChromium)(
  `the token stays with its host${hasChromium ? '' : ` (skipped: ${CHROMIUM_SKIP_REASON})`}`,
  () => {
    let app: App;
    let other: http.Server;
    const received: string[] = [];

    beforeAll(async () => {
      // The other local service: records everything it is sent, and serves a page that makes the
      // browser come back with more requests (a subresource, a credentialed fetch, a form post).
      other = http.createServer((req, res) => {
        let body = '';
        req.setEncoding('utf8');
        req.on('data', (chunk: string) => (body += chunk));
        req.on('end', () => {
          received.push(`${req.method} ${req.url}\n${req.rawHeaders.join('\n')}\n\n${body}`);
          res.writeHead(200, { 'Content-Type': req.url === '/' ? 'text/html' : 'text/plain' });
          res.end(
            req.url === '/'
              ? `<!doctype html><title>other</title><img src="/pixel.png">
                 <script>fetch('/api', { credentials: 'include', method: 'POST', body: document.cookie })</script>`
              : 'ok',
          );
        });
      });
      await new Promise<void>((resolve) => other.listen(0, '127.0.0.1', resolve));
      app = await startApp({ hash: '#/tasks' });
      app.page.setDefaultTimeout(15_000);
    }, 90_000);

    afterAll(async () => {
      await app?.close();
      await new Promise((resolve) => other?.close(resolve));
    });

    const token = () => new URL(app.url).hash.slice('#token='.length);

    it('opens the UI, which takes the token out of its address and keeps working after a reload', async () => {
      expect(token()).toMatch(/^[A-Za-z0-9_-]{43}$/);
      await app.page.getByTestId('tasks-empty').waitFor();
      expect(app.page.url()).not.toContain(token());
      expect(new URL(app.page.url()).hash).toBe('#/tasks');
      for (const cookie of await app.context.cookies()) expect(JSON.stringify(cookie)).not.toContain(token());

      // Reloaded from its token-less address, the page still reaches the host (sessionStorage).
      await app.cli(['task', 'add', '--name', 'after reload', '--cron', '0 3 * * *', '--command', 'true']);
      await app.page.reload();
      await app.page.getByText('after reload').waitFor();
      expect(app.pageErrors).toEqual([]);
    });

    it('a second server on another loopback port, visited in the same profile, receives nothing with the token', async () => {
      const port = (other.address() as AddressInfo).port;
      // The same tab navigates there, and a new tab opens it too.
      await app.page.goto(`http://127.0.0.1:${port}/`);
      const tab = await app.context.newPage();
      await tab.goto(`http://localhost:${port}/`);
      await expect.poll(() => received.filter((r) => r.startsWith('POST /api')).length).toBe(2);
      expect(received.some((r) => r.startsWith('GET /pixel.png'))).toBe(true);
      for (const request of received) {
        expect(request).not.toContain(token());
        expect(request.toLowerCase()).not.toContain('cronkeeper');
      }
      await tab.close();
    });
  },
);
