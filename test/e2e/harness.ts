// End-to-end harness: a real `cronkeeper serve --ui-port 0` on a temp data dir, driven by real headless
// Chromium through playwright-core. Every e2e test and the UI benchmark start the app through here.
//
//   describe.skipIf(!chromiumAvailable())('...', () => {
//     it('...', async () => {
//       const app = await startApp();
//       try { await app.page.getByTestId('task-row').first().click(); ... } finally { await app.close(); }
//     });
//   });
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
// scripts/chromium.mjs is plain JS shared with `npm test`; it has no type declarations.
// @ts-expect-error -- untyped .mjs module
import { findChromium } from '../../scripts/chromium.mjs';

export const ROOT = path.resolve(__dirname, '..', '..');
export const CLI = path.join(ROOT, 'out', 'main', 'cli.js');
export const RENDERER_DIR = path.join(ROOT, 'out', 'renderer');
export const SCREENSHOT_DIR = path.join(ROOT, 'test-results', 'screenshots');

/** The Chromium the browser tests use, or null (the tests then skip, saying why). Never installs. */
export function chromiumPath(): string | null {
  const fromEnv = process.env.CRONKEEPER_CHROMIUM;
  if (fromEnv && fs.existsSync(fromEnv)) return fromEnv;
  return (findChromium({ install: false, log: () => {} }) as string | null) ?? null;
}

export function chromiumAvailable(): boolean {
  return chromiumPath() !== null;
}

/** Why the browser tests are skipped, for the describe title. */
export const CHROMIUM_SKIP_REASON =
  'no Chromium found (set CRONKEEPER_CHROMIUM, install Debian chromium, or run `npm test` which finds one)';

/** Builds once when out/ is missing (`npm test` has built already). */
export function ensureBuilt(): void {
  const built = () => fs.existsSync(CLI) && fs.existsSync(path.join(RENDERER_DIR, 'index.html'));
  if (built()) return;
  // out/ also vanishes for a few seconds while another build (a colleague's, or `npm test`'s) rewrites it:
  // give that one a chance to finish rather than racing it.
  const until = Date.now() + 30_000;
  while (!built() && Date.now() < until) Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 500);
  if (built()) return;
  const res = spawnSync('npx', ['electron-vite', 'build'], { cwd: ROOT, stdio: 'inherit' });
  if (res.status !== 0) throw new Error('electron-vite build failed');
}

export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export interface Browser {
  context: BrowserContext;
  profileDir: string;
  close(): Promise<void>;
}

/** Headless Chromium with a throwaway profile (through launchPersistentContext, not --user-data-dir). */
export async function launchBrowser(opts: { locale?: string } = {}): Promise<Browser> {
  const executablePath = chromiumPath();
  if (!executablePath) throw new Error(CHROMIUM_SKIP_REASON);
  const profileDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ck-chromium-'));
  const context = await chromium.launchPersistentContext(profileDir, {
    executablePath,
    headless: true,
    args: CHROMIUM_ARGS,
    viewport: { width: 1400, height: 900 },
    // A fixed language, so that tests start from English whatever the machine's locale is.
    locale: opts.locale ?? 'en-US',
  });
  return {
    context,
    profileDir,
    async close() {
      await context.close().catch(() => {});
      fs.rmSync(profileDir, { recursive: true, force: true });
    },
  };
}

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

export interface ServeProcess {
  url: string;
  child: ChildProcess;
  /** Everything serve printed so far (stdout and stderr interleaved, by line). */
  output: string[];
  stop(): Promise<void>;
}

/**
 * Every serve still running. A test that times out never reaches its close(); when the test process then
 * exits, these are stopped so that no scheduler outlives the run.
 */
const liveServes = new Set<ChildProcess>();
process.once('exit', () => {
  for (const child of liveServes) child.kill('SIGTERM');
});

/** Starts `serve --ui-port 0` and waits for its `Cronkeeper UI: <url>` line. */
export async function startServe(
  dataDir: string,
  env: NodeJS.ProcessEnv = {},
  timeoutMs = 30_000,
): Promise<ServeProcess> {
  ensureBuilt();
  const child = spawn(process.execPath, [CLI, 'serve', '--data-dir', dataDir, '--ui-port', '0'], {
    cwd: ROOT,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  liveServes.add(child);
  const output: string[] = [];
  const exited = new Promise<void>((resolve) =>
    child.once('exit', () => {
      liveServes.delete(child);
      resolve();
    }),
  );
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => fail(`no "Cronkeeper UI:" line within ${timeoutMs} ms`), timeoutMs);
    const fail = (why: string) => {
      clearTimeout(timer);
      child.kill('SIGKILL');
      reject(new Error(`cronkeeper serve: ${why}\n${output.join('\n')}`));
    };
    const onLines = (stream: NodeJS.ReadableStream) => {
      let buffered = '';
      stream.setEncoding('utf8');
      stream.on('data', (chunk: string) => {
        buffered += chunk;
        const lines = buffered.split('\n');
        buffered = lines.pop() ?? '';
        for (const line of lines) {
          output.push(line);
          const match = /Cronkeeper UI: (\S+)/.exec(line);
          if (match) {
            clearTimeout(timer);
            resolve(match[1]);
          }
        }
      });
    };
    onLines(child.stdout!);
    onLines(child.stderr!);
    child.once('exit', (code, signal) => fail(`exited (${code ?? signal}) before printing its URL`));
  });
  return {
    url,
    child,
    output,
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGTERM');
      const killer = setTimeout(() => child.kill('SIGKILL'), 15_000);
      await exited;
      clearTimeout(killer);
    },
  };
}

/** Runs `cronkeeper ARGS` against the app's data dir (passed as CRONKEEPER_DATA_DIR). */
export function runCli(dataDir: string, args: string[], env: NodeJS.ProcessEnv = {}): Promise<CliResult> {
  ensureBuilt();
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, ...args], {
      cwd: ROOT,
      env: { ...process.env, CRONKEEPER_DATA_DIR: dataDir, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    child.once('error', reject);
    child.once('close', (code) => resolve({ code, stdout, stderr }));
  });
}

export interface App {
  url: string;
  dataDir: string;
  page: Page;
  context: BrowserContext;
  serve: ServeProcess;
  /** Uncaught errors in the page since it was opened (tests usually expect none). */
  pageErrors: string[];
  cli(args: string[]): Promise<CliResult>;
  /** Saves test-results/screenshots/<name>.png and returns its path. */
  screenshot(name: string): Promise<string>;
  close(): Promise<void>;
}

export interface StartAppOptions {
  /** An existing data dir (e.g. pre-filled); default: a new temp dir, removed by close(). */
  dataDir?: string;
  env?: NodeJS.ProcessEnv;
  /** Appended to the printed URL when the page is first opened, e.g. '#/history'. */
  hash?: string;
  /** The browser's language (navigator.language); default en-US. */
  locale?: string;
  /** Runs before the page is opened (e.g. context.addInitScript for measurements from the first paint). */
  beforeOpen?: (context: BrowserContext) => Promise<void>;
}

export async function startApp(opts: StartAppOptions = {}): Promise<App> {
  const ownsDataDir = !opts.dataDir;
  const dataDir = opts.dataDir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'ck-e2e-'));
  const serve = await startServe(dataDir, opts.env);
  let browser: Browser | undefined;
  try {
    browser = await launchBrowser({ locale: opts.locale });
    const page = browser.context.pages()[0] ?? (await browser.context.newPage());
    const pageErrors: string[] = [];
    page.on('pageerror', (err) => pageErrors.push(err.message));
    await opts.beforeOpen?.(browser.context);
    await page.goto(serve.url + (opts.hash ?? ''));
    const b = browser;
    return {
      url: serve.url,
      dataDir,
      page,
      context: browser.context,
      serve,
      pageErrors,
      cli: (args) => runCli(dataDir, args, opts.env),
      async screenshot(name) {
        fs.mkdirSync(SCREENSHOT_DIR, { recursive: true });
        const file = path.join(SCREENSHOT_DIR, `${name}.png`);
        await page.screenshot({ path: file });
        return file;
      },
      async close() {
        await b.close();
        await serve.stop();
        if (ownsDataDir) fs.rmSync(dataDir, { recursive: true, force: true });
      },
    };
  } catch (err) {
    await browser?.close();
    await serve.stop();
    throw err;
  }
}
