// A real crash: a separate process runs a scheduler with a long run, and is killed with SIGKILL mid-run.
// A new scheduler on the same data folder takes over at once (the dead holder's lease is freed by its pid),
// records the run as interrupted and kills the orphaned child, which outlived its parent.
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { INTERRUPTED_MESSAGE } from '../../src/main/core/scheduler/recovery';
import { isSameProcess } from '../../src/main/core/runner/process-tree';
import { closeCores, executions, makeDataDir, openCore, waitFor } from './scheduler-helpers';
import { onPostgres } from './test-database';

const spawned: ChildProcess[] = [];
const orphans: number[] = [];
afterEach(async () => {
  await closeCores();
  for (const child of spawned.splice(0))
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  for (const pid of orphans.splice(0)) {
    try {
      process.kill(-pid, 'SIGKILL'); // only if a failed test left it: its own process group
    } catch {
      // already gone
    }
  }
});

const CORE = path.resolve(__dirname, '../../src/main/core/core.ts');
const DISPATCHER = path.resolve(__dirname, '../../src/main/core/boundary/dispatcher.ts');
const TSX_PREFLIGHT = path.resolve(__dirname, '../../node_modules/tsx/dist/preflight.cjs');
const TSX_LOADER = pathToFileURL(path.resolve(__dirname, '../../node_modules/tsx/dist/loader.mjs')).href;

// SQLite's restart recovery (the child process opens the data folder's file); team-postgres.test.ts covers
// a scheduler killed on PostgreSQL.
describe.skipIf(onPostgres)('SQLite: crash recovery', () => {
  it('after SIGKILL of the scheduler process mid-run, a restart interrupts the run and kills its child', async () => {
    const dataDir = makeDataDir();
    const script = path.join(dataDir, 'crashing-scheduler.ts');
    fs.writeFileSync(
      script,
      `import { createCore } from ${JSON.stringify(CORE)};
import { parseInput } from ${JSON.stringify(DISPATCHER)};
async function main() {
  const core = await createCore({ dataDir: ${JSON.stringify(dataDir)} });
  const input = { name: 'long', command: 'sleep 60', cronExpression: '0 0 1 1 *', timezone: 'UTC' };
  const task = await core.tasks.create(parseInput('tasks.create', input));
  core.events.on('execution.started', (e) =>
    console.log('STARTED ' + e.execution.id + ' ' + e.execution.pid),
  );
  await core.start();
  await core.scheduler.runNow(task.id);
  setInterval(() => {}, 1000);
}
void main();
`,
    );
    // node with tsx's loader (what the tsx CLI does, minus its wrapper process): child.pid IS the scheduler
    const child = spawn(process.execPath, ['--require', TSX_PREFLIGHT, '--import', TSX_LOADER, script], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    spawned.push(child);
    let out = '';
    child.stdout.on('data', (chunk) => (out += String(chunk)));
    const match = await waitFor(
      () => /STARTED (\d+) (\d+)/.exec(out),
      20_000,
      'the scheduler to start a run',
    );
    const [executionId, runPid] = [Number(match[1]), Number(match[2])];
    child.kill('SIGKILL');
    await new Promise((resolve) => child.once('exit', resolve));
    orphans.push(runPid);

    const core = await openCore({ dataDir });
    const [before] = await executions(core);
    expect(before).toMatchObject({ id: executionId, status: 'running' });
    expect(isSameProcess(runPid, before.pid_started_at)).toBe(true); // the orphan outlived its parent
    await core.start(); // no LOCKED: the lease holder's pid is dead
    const [after] = await executions(core);
    expect(after).toMatchObject({
      id: executionId,
      status: 'interrupted',
      error_message: INTERRUPTED_MESSAGE,
    });
    expect(after.end_time).toBeGreaterThan(after.start_time);
    await waitFor(() => !isSameProcess(runPid, before.pid_started_at), 5000, 'the orphan to be killed');
  }, 30_000);
});
