// Schedulers in processes of their own on a shared PostgreSQL database, for the team-mode tests: each is a
// core started by a small script through tsx, printing READY and one STARTED line per run it spawns.
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { makeDataDir, waitFor } from './scheduler-helpers';

const CORE = path.resolve(__dirname, '../../src/main/core/core.ts');
const TSX_PREFLIGHT = path.resolve(__dirname, '../../node_modules/tsx/dist/preflight.cjs');
const TSX_LOADER = pathToFileURL(path.resolve(__dirname, '../../node_modules/tsx/dist/loader.mjs')).href;

const spawned: ChildProcess[] = [];
/** Process groups of runs a test expects to be killed; killed here only if a failing test left them. */
export const orphans: number[] = [];

/** For afterEach: kills what a test left behind. */
export function killLeftovers(): void {
  for (const child of spawned.splice(0)) {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  }
  for (const pid of orphans.splice(0)) {
    try {
      process.kill(-pid, 'SIGKILL'); // only if a failed test left it: its own process group
    } catch {
      // already gone
    }
  }
}

export interface Scheduler {
  child: ChildProcess;
  out: () => string;
}

/** A scheduler in its own process (its own data folder for logs), on the shared database. */
export async function spawnScheduler(
  databaseUrl: string,
  options: { runTaskId?: number; hostTags?: string[]; name?: string } = {},
): Promise<Scheduler> {
  const { runTaskId, hostTags } = options;
  const dataDir = makeDataDir();
  const script = path.join(dataDir, 'team-scheduler.ts');
  fs.writeFileSync(
    script,
    `import { createCore } from ${JSON.stringify(CORE)};
async function main() {
  const core = await createCore({ dataDir: ${JSON.stringify(dataDir)}, databaseUrl: ${JSON.stringify(databaseUrl)},
    hostTags: ${JSON.stringify(hostTags ?? null)} ?? undefined });
  core.events.on('execution.started', (e) => {
    if (e.execution.pid) console.log('STARTED ' + e.execution.id + ' ' + e.execution.pid);
  });
  await core.start();
  console.log('READY');
  ${runTaskId ? `await core.scheduler.runNow(${runTaskId});` : ''}
  process.on('SIGTERM', () => void core.stop(1000).then(() => process.exit(0)));
  setInterval(() => {}, 1000);
}
void main();
`,
  );
  const child = spawn(process.execPath, ['--require', TSX_PREFLIGHT, '--import', TSX_LOADER, script], {
    stdio: ['ignore', 'pipe', 'inherit'],
    // The scheduler's runs inherit its environment: a command can say which scheduler ran it.
    env: { ...process.env, CK_SCHEDULER: options.name ?? 'scheduler' },
  });
  spawned.push(child);
  let out = '';
  child.stdout!.on('data', (chunk) => (out += String(chunk)));
  await waitFor(() => out.includes('READY'), 30_000, 'a scheduler process to start');
  return { child, out: () => out };
}

export const startedIds = (s: Scheduler) =>
  [...s.out().matchAll(/STARTED (\d+) (\d+)/g)].map((m) => Number(m[1]));

export async function stop(s: Scheduler): Promise<void> {
  if (s.child.exitCode !== null || s.child.signalCode !== null) return;
  const exited = new Promise((resolve) => s.child.once('exit', resolve));
  s.child.kill('SIGTERM');
  await exited;
}
