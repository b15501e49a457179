// Shared by the accessibility e2e tests: a data folder with a succeeded, a failed and a running run (so
// that every view has rows, charts, progress bars and a log to audit), a direct call into the core from
// the page (to set the theme and language without driving the settings view each time), and waits.
import type { Page } from 'playwright-core';
import { expect } from 'vitest';
import type { CliResult } from './harness';

/**
 * One call through the page's own origin to the host's WebSocket, authenticated the way the page's own
 * bridge is: the token the page keeps in sessionStorage, offered as a subprotocol (never in a URL). The
 * page writes it there once its first screen is done (or as it is left), so a fresh page is waited for.
 */
export async function callCore(page: Page, channel: string, input: unknown): Promise<unknown> {
  await page.waitForFunction(() => sessionStorage.getItem('cronkeeper.token') !== null, null, {
    timeout: 15_000,
    polling: 100,
  });
  const reply = await page.evaluate(
    ({ channel, input }) =>
      new Promise<string>((resolve, reject) => {
        const token = sessionStorage.getItem('cronkeeper.token') ?? '';
        const ws = new WebSocket(`ws://${location.host}/ws`, ['cronkeeper', `cronkeeper.token.${token}`]);
        ws.onopen = () => ws.send(JSON.stringify({ id: 1, channel, input }));
        ws.onmessage = (event) => {
          resolve(String(event.data));
          ws.close();
        };
        ws.onerror = () => reject(new Error('WebSocket refused'));
      }),
    { channel, input },
  );
  const parsed = JSON.parse(reply) as { ok: boolean; value?: unknown; error?: { message: string } };
  if (!parsed.ok) throw new Error(`${channel}: ${parsed.error?.message}`);
  return parsed.value;
}

/**
 * Waits until no antd motion (a drawer sliding in, a menu fading) is under way: axe must see the final
 * colours, and a focus check the final state. (Switching CSS animations off instead leaves antd's motion
 * classes waiting for an animationend that never comes.)
 */
export async function settled(page: Page): Promise<void> {
  await page.waitForFunction(
    () => !document.querySelector('[class*="-appear"], [class*="-enter"], [class*="-leave"]'),
  );
}

function json<T>(res: CliResult): T {
  if (res.code !== 0) throw new Error(`cli failed (${res.code}): ${res.stderr}`);
  return JSON.parse(res.stdout) as T;
}

export interface Fixture {
  successTask: number;
  failedTask: number;
  runningTask: number;
  runningExecution: number;
}

/**
 * Three tasks: one run that succeeded (result and log), one that failed, and one still running at 40 %
 * with a message (progress bars in the task row, the dashboard and the drawer). Runs are started through
 * the page's core connection and waited for through the CLI.
 */
export async function seed(page: Page, cli: (args: string[]) => Promise<CliResult>): Promise<Fixture> {
  const add = async (name: string, command: string) =>
    json<{ id: number }>(
      await cli(['task', 'add', '--name', name, '--cron', '0 3 1 1 *', '--command', command, '--json']),
    ).id;
  const successTask = await add(
    'Nightly backup',
    `echo "::progress 50 half way"; echo copied; echo '::result {"insert_count": 3}'`,
  );
  const failedTask = await add('Broken sync', 'echo "cannot reach the server" >&2; exit 3');
  const runningTask = await add('Long import', 'echo "::progress 40 Copying files"; sleep 600');
  const history = async () =>
    json<{ id: number; taskId: number; status: string }[]>(await cli(['history', '--json']));
  const run = async (id: number, status: string) => {
    await callCore(page, 'tasks.runNow', { id });
    await expect
      .poll(async () => (await history()).find((e) => e.taskId === id)?.status, { timeout: 20_000 })
      .toBe(status);
  };
  await run(successTask, 'success');
  await run(failedTask, 'failed');
  await run(runningTask, 'running');
  const runningExecution = (await history()).find((e) => e.taskId === runningTask)!.id;
  return { successTask, failedTask, runningTask, runningExecution };
}

export async function go(page: Page, hash: string): Promise<void> {
  await page.evaluate((h) => (window.location.hash = h), hash);
}
