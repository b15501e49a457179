// Runs the built CLI (out/main/cli.js) as a real child process against temporary data dirs. Builds it
// first when it is missing or older than the sources, so the CLI tests work both under `npm test` (which
// builds) and alone with `npx vitest run test/cli`.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export const ROOT = path.resolve(__dirname, '../..');
const BUILT_CLI = path.join(ROOT, 'out/main/cli.js');
/** The CLI the tests run: a private copy of the build (see snapshotBuild). */
let cliPath = BUILT_CLI;

function newestMtime(dir: string): number {
  let newest = 0;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) newest = Math.max(newest, newestMtime(full));
    else if (/\.(ts|tsx|json)$/.test(entry.name)) newest = Math.max(newest, fs.statSync(full).mtimeMs);
  }
  return newest;
}

function cliIsFresh(): boolean {
  if (!fs.existsSync(BUILT_CLI)) return false;
  const sources = Math.max(
    newestMtime(path.join(ROOT, 'src/main')),
    newestMtime(path.join(ROOT, 'src/shared')),
    fs.statSync(path.join(ROOT, 'package.json')).mtimeMs,
  );
  return fs.statSync(BUILT_CLI).mtimeMs >= sources;
}

/** Builds once even when several CLI test files start together: a lock folder serialises the builds. */
export function ensureBuilt(): void {
  buildIfStale();
  snapshotBuild();
}

/**
 * Copies the built CLI (and the renderer that `serve --ui-port` serves) to a private folder, so that a
 * rebuild of out/ while the tests run (another test file, another developer) cannot pull chunks from
 * under a running CLI. The copy lives under node_modules/.cache so that the CLI still resolves its
 * runtime dependencies from the project's node_modules.
 */
function snapshotBuild(): void {
  const target = path.join(ROOT, 'node_modules', '.cache', 'cronkeeper-cli-tests', String(process.pid));
  fs.rmSync(target, { recursive: true, force: true });
  for (const part of ['main', 'renderer']) {
    const from = path.join(ROOT, 'out', part);
    if (fs.existsSync(from)) fs.cpSync(from, path.join(target, part), { recursive: true });
  }
  cliPath = path.join(target, 'main', 'cli.js');
  process.once('exit', () => fs.rmSync(target, { recursive: true, force: true }));
}

function buildIfStale(): void {
  if (cliIsFresh()) return;
  const lock = path.join(os.tmpdir(), `cronkeeper-cli-build-${Buffer.from(ROOT).toString('hex').slice(-16)}`);
  const deadline = Date.now() + 120_000;
  for (;;) {
    try {
      fs.mkdirSync(lock);
      break;
    } catch {
      // Someone else is building; a lock older than two minutes belongs to a build that died.
      if (Date.now() - fs.statSync(lock, { throwIfNoEntry: false })!.mtimeMs > 120_000)
        fs.rmSync(lock, { recursive: true, force: true });
      if (Date.now() > deadline) throw new Error('timed out waiting for another CLI build');
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 250);
    }
  }
  try {
    if (cliIsFresh()) return;
    const build = spawnSync('npx', ['electron-vite', 'build'], {
      cwd: ROOT,
      encoding: 'utf8',
      shell: process.platform === 'win32',
    });
    if (build.status !== 0 || !fs.existsSync(BUILT_CLI)) {
      throw new Error(`electron-vite build failed:\n${build.stdout}\n${build.stderr}`);
    }
  } finally {
    fs.rmSync(lock, { recursive: true, force: true });
  }
}

export function tempDir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'ck-'));
}

/** The environment without an inherited CRONKEEPER_DATA_DIR, so that only what a test passes counts. */
export function cleanEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env = { ...process.env, ...extra };
  if (!('CRONKEEPER_DATA_DIR' in extra)) delete env.CRONKEEPER_DATA_DIR;
  return env;
}

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** `cronkeeper --data-dir DIR ...args` (no --data-dir when dataDir is null). */
export function cli(
  dataDir: string | null,
  args: string[],
  options: { env?: Record<string, string>; cwd?: string } = {},
): Promise<CliResult> {
  const argv = dataDir === null ? args : ['--data-dir', dataDir, ...args];
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [cliPath, ...argv], {
      cwd: options.cwd ?? ROOT,
      env: cleanEnv(options.env),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

/** Runs a reading command with --json and parses its output (fails the test on a non-zero exit). */
export async function cliJson<T = unknown>(dataDir: string, args: string[]): Promise<T> {
  const result = await cli(dataDir, [...args, '--json']);
  if (result.code !== 0)
    throw new Error(`cronkeeper ${args.join(' ')} exited ${result.code}: ${result.stderr}`);
  return JSON.parse(result.stdout) as T;
}

/** A running `cronkeeper serve`, with its output lines as they arrive. */
export class ServeProcess {
  readonly child: ChildProcess;
  readonly lines: { at: number; text: string }[] = [];
  stderr = '';
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  private partial = '';
  private waiters: (() => void)[] = [];

  /** `fdLimit`: run serve with at most this many file descriptors (`ulimit -n` in a `sh -c` wrapper). */
  constructor(
    dataDir: string,
    extraArgs: string[] = [],
    env: Record<string, string> = {},
    options: { fdLimit?: number } = {},
  ) {
    const argv = [cliPath, '--data-dir', dataDir, 'serve', ...extraArgs];
    const [command, args] = options.fdLimit
      ? ['sh', ['-c', `ulimit -n ${options.fdLimit} && exec "$@"`, 'sh', process.execPath, ...argv]]
      : [process.execPath, argv];
    this.child = spawn(command, args, {
      cwd: ROOT,
      env: cleanEnv(env),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.child.stdout!.on('data', (chunk: Buffer) => {
      const text = this.partial + chunk.toString();
      const parts = text.split('\n');
      this.partial = parts.pop() ?? '';
      for (const line of parts) this.lines.push({ at: Date.now(), text: line });
      this.notify();
    });
    this.child.stderr!.on('data', (chunk: Buffer) => {
      this.stderr += chunk.toString();
      this.notify();
    });
    this.exited = new Promise((resolve) =>
      this.child.on('exit', (code, signal) => {
        this.notify();
        resolve({ code, signal });
      }),
    );
  }

  get output(): string {
    return this.lines.map((line) => line.text).join('\n');
  }

  /** Resolves with the first line matching `pattern`, or rejects after `timeoutMs` with the output so far. */
  waitFor(pattern: RegExp, timeoutMs = 10_000): Promise<{ at: number; text: string }> {
    return new Promise((resolve, reject) => {
      const check = () => {
        const line = this.lines.find((candidate) => pattern.test(candidate.text));
        if (line) {
          clearTimeout(timer);
          this.waiters = this.waiters.filter((w) => w !== check);
          resolve(line);
        }
      };
      const timer = setTimeout(() => {
        this.waiters = this.waiters.filter((w) => w !== check);
        reject(
          new Error(
            `no line matching ${pattern} within ${timeoutMs} ms; output:\n${this.output}\nstderr:\n${this.stderr}`,
          ),
        );
      }, timeoutMs);
      this.waiters.push(check);
      check();
    });
  }

  kill(signal: NodeJS.Signals): void {
    if (this.child.exitCode === null && this.child.signalCode === null) this.child.kill(signal);
  }

  private notify(): void {
    for (const waiter of [...this.waiters]) waiter();
  }
}

/** Whether a process exists and is not a zombie (an orphan our container's init may not reap at once). */
export function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z';
  } catch {
    return process.platform !== 'linux';
  }
}

export async function until<T>(
  probe: () => Promise<T | undefined> | T | undefined,
  timeoutMs: number,
  what: string,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
