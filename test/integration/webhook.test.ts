// Webhook delivery against a real local HTTP server: delivered and signed, retried after a 500, a timeout
// that gives up, a 404 that is not retried, and URLs refused at save.
import { createHmac } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import {
  deliverWebhook,
  SIGNATURE_HEADER,
  webhookDocument,
  webhookUrlProblem,
  webhookWanted,
  type WebhookRun,
} from '../../src/main/core/triggers/webhook';

interface Received {
  body: string;
  headers: http.IncomingHttpHeaders;
}

let server: http.Server | null = null;
afterEach(async () => {
  server?.closeAllConnections();
  await new Promise<void>((r) => (server ? server.close(() => r()) : r()));
  server = null;
});

/** Starts a server that answers the n-th request with answers[n] (a status, or 'hang' to never answer). */
async function serve(answers: (number | 'hang')[]): Promise<{ url: string; received: Received[] }> {
  const received: Received[] = [];
  server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => {
      const answer = answers[Math.min(received.length, answers.length - 1)];
      received.push({ body, headers: req.headers });
      if (answer === 'hang') return;
      res.writeHead(answer, { 'content-type': 'text/plain' }).end('ok');
    });
  });
  await new Promise<void>((r) => server!.listen(0, '127.0.0.1', r));
  return { url: `http://127.0.0.1:${(server!.address() as AddressInfo).port}/hook`, received };
}

const run: WebhookRun = {
  task: { id: 7, name: 'Nightly <import>' },
  execution: {
    id: 42,
    status: 'failed',
    trigger: 'schedule',
    scheduledAt: Date.UTC(2026, 11, 4, 2, 0),
    startTime: Date.UTC(2026, 11, 4, 2, 0, 1),
    endTime: Date.UTC(2026, 11, 4, 2, 0, 4),
    exitCode: 2,
    errorSummary: 'Traceback (most recent call last):\n  …\npsycopg2.OperationalError: could not connect',
    result: { rows: 10 },
  },
};
const noWait = async () => undefined;

describe('webhook delivery', () => {
  it('POSTs the document once, signed with HMAC-SHA256 over the exact body', async () => {
    const { url, received } = await serve([204]);
    const outcome = await deliverWebhook({ url, secret: 's3cret', document: webhookDocument(run) });
    expect(outcome).toMatchObject({ ok: true, status: 204, attempts: 1, error: null });
    expect(received).toHaveLength(1);
    const doc = JSON.parse(received[0].body);
    expect(doc.execution).toMatchObject({ id: 42, status: 'failed', durationMs: 3000, exitCode: 2 });
    expect(doc.execution.startTime).toBe('2026-12-04T02:00:01.000Z');
    expect(doc.execution.result).toEqual({ rows: 10 });
    expect(doc.text).toBe(
      'Cronkeeper: "Nightly <import>" failed in 3.0 s (run #42): Traceback (most recent call last): … ' +
        'psycopg2.OperationalError: could not connect',
    );
    const expected = 'sha256=' + createHmac('sha256', 's3cret').update(received[0].body).digest('hex');
    expect(received[0].headers[SIGNATURE_HEADER.toLowerCase()]).toBe(expected);
    expect(received[0].headers['content-type']).toMatch(/^application\/json/);
  });

  it('sends no signature header without a secret', async () => {
    const { url, received } = await serve([200]);
    await deliverWebhook({ url, document: webhookDocument(run) });
    expect(received[0].headers[SIGNATURE_HEADER.toLowerCase()]).toBeUndefined();
  });

  it('retries after a 500 with the backoff, then succeeds', async () => {
    const { url, received } = await serve([500, 200]);
    const waits: number[] = [];
    const outcome = await deliverWebhook({
      url,
      document: webhookDocument(run),
      backoffMs: [25, 50],
      sleep: async (ms) => void waits.push(ms),
    });
    expect(outcome).toMatchObject({ ok: true, status: 200, attempts: 2 });
    expect(waits).toEqual([25]);
    expect(received).toHaveLength(2);
    expect(received[1].body).toBe(received[0].body);
  });

  it('gives up after every attempt timed out, and says so', async () => {
    const { url, received } = await serve(['hang']);
    const started = Date.now();
    const outcome = await deliverWebhook({
      url,
      document: webhookDocument(run),
      timeoutMs: 300,
      backoffMs: [10],
      sleep: noWait,
    });
    expect(outcome).toMatchObject({ ok: false, status: null, attempts: 2, error: 'no answer within 300 ms' });
    expect(received).toHaveLength(2);
    expect(Date.now() - started).toBeLessThan(5_000);
  });

  it('does not retry a 404, and reports a refused connection', async () => {
    const { url, received } = await serve([404]);
    const outcome = await deliverWebhook({ url, document: webhookDocument(run), sleep: noWait });
    expect(outcome).toMatchObject({ ok: false, status: 404, attempts: 1, error: 'HTTP 404' });
    expect(received).toHaveLength(1);
    server!.closeAllConnections();
    await new Promise<void>((r) => server!.close(() => r()));
    server = null;
    const refused = await deliverWebhook({
      url,
      document: webhookDocument(run),
      backoffMs: [1],
      sleep: noWait,
    });
    expect(refused).toMatchObject({ ok: false, attempts: 2 });
    expect(refused.error).toMatch(/ECONNREFUSED/);
  });

  it('does not follow a redirect (it could point anywhere)', async () => {
    const { url, received } = await serve([302]);
    const outcome = await deliverWebhook({ url, document: webhookDocument(run), sleep: noWait });
    expect(outcome).toMatchObject({ ok: false, status: 302, attempts: 1 });
    expect(received).toHaveLength(1);
  });
});

describe('webhook settings', () => {
  it('accepts only http and https URLs', () => {
    expect(webhookUrlProblem('https://hooks.slack.com/services/T/B/X')).toBeNull();
    expect(webhookUrlProblem('http://127.0.0.1:8080/hook')).toBeNull();
    expect(webhookUrlProblem('file:///etc/passwd')).toMatch(/http:\/\/ or https:\/\//);
    expect(webhookUrlProblem('javascript:alert(1)')).toMatch(/http:\/\/ or https:\/\//);
    expect(webhookUrlProblem('ftp://example.com/x')).toMatch(/http:\/\/ or https:\/\//);
    expect(webhookUrlProblem('not a url')).toMatch(/not a valid URL/);
    expect(webhookUrlProblem('https://example.com/' + 'a'.repeat(2000))).toMatch(/at most 2000/);
  });

  it('fires on the outcomes asked for', () => {
    expect(webhookWanted('failure', 'failed')).toBe(true);
    expect(webhookWanted('failure', 'timed_out')).toBe(true);
    expect(webhookWanted('failure', 'success')).toBe(false);
    expect(webhookWanted('failure', 'skipped')).toBe(false);
    expect(webhookWanted('success', 'success')).toBe(true);
    expect(webhookWanted('success', 'failed')).toBe(false);
    expect(webhookWanted('always', 'cancelled')).toBe(true);
    expect(webhookWanted('always', 'running')).toBe(false);
  });

  it('caps a huge result in the document and says so', () => {
    const big = { ...run, execution: { ...run.execution, result: { blob: 'x'.repeat(20_000) } } };
    const doc = webhookDocument(big) as { execution: { result: Record<string, unknown> } };
    expect(doc.execution.result).toEqual({ truncated: true, note: 'result over 16000 characters' });
  });
});
