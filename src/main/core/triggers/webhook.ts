// Webhooks: after a run's record is written, POST a JSON document about it to a URL the user chose.
// Delivery never delays the record (the caller does not await it on the run's path), has a 5 s timeout
// per attempt and retries with backoff, because chat servers and home-lab endpoints drop requests now and
// then. The body can be signed (HMAC-SHA256 over the exact bytes sent) so the receiver can tell it is ours.
import { createHmac } from 'node:crypto';
import type { ExecutionStatus } from '../../../shared/types';

export const WEBHOOK_EVENTS = ['failure', 'success', 'always'] as const;
export type WebhookEvent = (typeof WEBHOOK_EVENTS)[number];

export const WEBHOOK_URL_MAX = 2_000;
export const WEBHOOK_TIMEOUT_MS = 5_000;
/** Waits before the 2nd, 3rd and 4th attempt. */
export const WEBHOOK_BACKOFF_MS = [1_000, 5_000, 20_000] as const;
export const SIGNATURE_HEADER = 'X-Cronkeeper-Signature';
/** The result JSON and the error summary are capped in the document: chat tools refuse huge bodies. */
const RESULT_CAP = 16_000;

/** Why a URL cannot be used, or null when it can. Checked when a task or the settings are saved. */
export function webhookUrlProblem(url: string): string | null {
  if (url.length > WEBHOOK_URL_MAX) return `A webhook URL may be at most ${WEBHOOK_URL_MAX} characters.`;
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return 'The webhook URL is not a valid URL.';
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
    return 'A webhook URL must start with http:// or https://.';
  }
  if (!parsed.hostname) return 'The webhook URL has no host.';
  return null;
}

/** Whether a run that ended with `status` is one the webhook asked for. */
export function webhookWanted(on: WebhookEvent, status: ExecutionStatus): boolean {
  if (status === 'queued' || status === 'running') return false;
  if (on === 'always') return true;
  const succeeded = status === 'success';
  return on === 'success' ? succeeded : !succeeded && status !== 'skipped' && status !== 'missed';
}

export interface WebhookRun {
  task: { id: number; name: string };
  execution: {
    id: number;
    status: ExecutionStatus;
    trigger: string;
    scheduledAt: number | null;
    startTime: number | null;
    endTime: number | null;
    exitCode: number | null;
    errorSummary: string | null;
    result: Record<string, unknown>;
  };
}

/** The document POSTed. `text` is one line that Slack, Mattermost and compatible tools show as is. */
export function webhookDocument(run: WebhookRun): Record<string, unknown> {
  const { task, execution: e } = run;
  const durationMs = e.startTime !== null && e.endTime !== null ? e.endTime - e.startTime : null;
  let result: unknown = e.result;
  const resultText = JSON.stringify(e.result ?? {});
  if (resultText.length > RESULT_CAP)
    result = { truncated: true, note: `result over ${RESULT_CAP} characters` };
  const words = e.status === 'success' ? 'succeeded' : e.status.replace('_', ' ');
  const took = durationMs === null ? '' : ` in ${(durationMs / 1000).toFixed(1)} s`;
  const why = e.status === 'success' || !e.errorSummary ? '' : `: ${oneLine(e.errorSummary, 300)}`;
  return {
    event: 'run.ended',
    task: { id: task.id, name: task.name },
    execution: {
      id: e.id,
      status: e.status,
      trigger: e.trigger,
      scheduledAt: iso(e.scheduledAt),
      startTime: iso(e.startTime),
      endTime: iso(e.endTime),
      durationMs,
      exitCode: e.exitCode,
      errorSummary: e.errorSummary === null ? null : e.errorSummary.slice(0, RESULT_CAP),
      result,
    },
    text: `Cronkeeper: "${oneLine(task.name, 200)}" ${words}${took} (run #${e.id})${why}`,
  };
}

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());
const oneLine = (text: string, max: number) => {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > max ? flat.slice(0, max - 1) + '…' : flat;
};

/** The signature header's value for `body`: `sha256=` and the hex HMAC, as GitHub's webhooks do. */
export const signBody = (secret: string, body: string): string =>
  'sha256=' + createHmac('sha256', secret).update(body, 'utf8').digest('hex');

export interface DeliveryOutcome {
  ok: boolean;
  /** The last HTTP status, when an answer came. */
  status: number | null;
  attempts: number;
  /** Why the last attempt failed; null when delivered. */
  error: string | null;
  at: number;
}

export interface DeliveryOptions {
  url: string;
  secret?: string | null;
  document: Record<string, unknown>;
  timeoutMs?: number;
  backoffMs?: readonly number[];
  now?: () => number;
  sleep?: (ms: number) => Promise<void>;
}

/** POSTs the document, retrying network errors, timeouts, 408, 429 and 5xx; another 4xx is final. */
export async function deliverWebhook(opts: DeliveryOptions): Promise<DeliveryOutcome> {
  const body = JSON.stringify(opts.document);
  const headers: Record<string, string> = {
    'content-type': 'application/json; charset=utf-8',
    'user-agent': 'Cronkeeper-Webhook',
  };
  if (opts.secret) headers[SIGNATURE_HEADER] = signBody(opts.secret, body);
  const backoff = opts.backoffMs ?? WEBHOOK_BACKOFF_MS;
  const sleep = opts.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  const now = opts.now ?? Date.now;
  const timeoutMs = opts.timeoutMs ?? WEBHOOK_TIMEOUT_MS;
  let last: DeliveryOutcome = { ok: false, status: null, attempts: 0, error: 'not sent', at: now() };
  for (let attempt = 1; attempt <= backoff.length + 1; attempt++) {
    if (attempt > 1) await sleep(backoff[attempt - 2]);
    try {
      const res = await fetch(opts.url, {
        method: 'POST',
        headers,
        body,
        redirect: 'manual',
        signal: AbortSignal.timeout(timeoutMs),
      });
      // Drain the answer so the socket is released; its content does not matter.
      await res.arrayBuffer().catch(() => undefined);
      if (res.status >= 200 && res.status < 300) {
        return { ok: true, status: res.status, attempts: attempt, error: null, at: now() };
      }
      last = { ok: false, status: res.status, attempts: attempt, error: `HTTP ${res.status}`, at: now() };
      if (!retryable(res.status)) return last;
    } catch (err) {
      const name = (err as Error).name;
      const error =
        name === 'TimeoutError' || name === 'AbortError'
          ? `no answer within ${timeoutMs % 1000 === 0 ? `${timeoutMs / 1000} s` : `${timeoutMs} ms`}`
          : causeOf(err);
      last = { ok: false, status: null, attempts: attempt, error, at: now() };
    }
  }
  return last;
}

const retryable = (status: number) => status === 408 || status === 429 || status >= 500;

function causeOf(err: unknown): string {
  const cause = (err as { cause?: { code?: string; message?: string } }).cause;
  if (cause?.code) return `${cause.code}${cause.message ? `: ${cause.message}` : ''}`.slice(0, 300);
  return String((err as Error).message ?? err).slice(0, 300);
}
