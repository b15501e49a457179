// `cronkeeper serve` as a real process: run log lines, graceful SIGTERM, a second scheduler refused, CLI
// changes picked up while it runs, the browser UI URL, and recovery after a SIGKILL mid-run.
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { afterEach, beforeAll, expect, it, vi } from 'vitest';
import type { Execution, Task } from '../../src/shared/types';
import { cli, cliJson, ensureBuilt, processAlive, ServeProcess, tempDir, until } from './cli-harness';

vi.setConfig({ testTimeout: 90_000 });
beforeAll(() => ensureBuilt(), 180_000);

const serves: ServeProcess[] = [];
const stray: number[] = [];
function serve(dir: string, args: string[] = []): ServeProcess {
  const process = new ServeProcess(dir, args);
  serves.push(process);
  return process;
}
afterEach(async () => {
  for (const s of serves.splice(0)) {
    s.kill('SIGKILL');
    await s.exited;
  }
  for (const pid of stray.splice(0)) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // already gone
    }
  }
});

const READY = /serving .* stop with Ctrl-C or SIGTERM$/;

it('logs one line per run start and finish, and stops on SIGTERM with exit 0', async () => {
  const dir = tempDir();
  await cli(dir, ['task', 'add', '--name', 'tick', '--cron', '* * * * * *', '--command', 'echo tick']);
  const s = serve(dir);
  const started = await s.waitFor(/^\S+Z started {2}#(\d+) tick \(schedule\)$/, 20_000);
  const id = /#(\d+)/.exec(started.text)![1];
  await s.waitFor(new RegExp(`^\\S+Z finished #${id} tick success in \\d`), 10_000);
  s.kill('SIGTERM');
  expect(await s.exited).toEqual({ code: 0, signal: null });
  expect(s.output).toMatch(/SIGTERM: stopping/);
  expect(s.lines.at(-1)?.text).toMatch(/ stopped$/);
  // The log matches the history: every finished line is a final execution.
  const history = await cliJson<Execution[]>(dir, ['history', '--status', 'success']);
  expect(history.map((e) => e.id)).toContain(Number(id));
  // The same lines, with levels, in the application log (a service's stdout is often lost).
  const appLog = fs.readFileSync(path.join(dir, 'logs', 'cronkeeper.log'), 'utf8');
  expect(appLog).toMatch(/ INFO {2}Cronkeeper \S+ serving .* stop with Ctrl-C or SIGTERM\n/);
  expect(appLog).toContain(`INFO  started  #${id} tick (schedule)\n`);
  expect(appLog).toMatch(new RegExp(`INFO  finished #${id} tick success in \\d`));
  expect(appLog).toMatch(/INFO {2}SIGTERM: stopping \(running jobs get 10 s\)\n/);
  expect(appLog).toMatch(/INFO {2}stopped\n$/);
  // The core's own lines are written once, not twice (serve prints them too).
  expect(appLog.match(/Starting: sqlite/g)).toHaveLength(1);
});

it('stops gracefully when its terminal closes (SIGHUP), instead of dying and leaving jobs behind', async () => {
  const dir = tempDir();
  const s = serve(dir);
  await s.waitFor(READY, 20_000);
  s.kill('SIGHUP');
  expect(await s.exited).toEqual({ code: 0, signal: null });
  expect(s.output).toMatch(/SIGHUP: stopping \(running jobs get 10 s\)/);
  expect(s.lines.at(-1)?.text).toMatch(/ stopped$/);
});

it('`cancel` stops a run that serve is running, with its process tree; a second cancel says it ended', async () => {
  const dir = tempDir();
  const pidFile = path.join(dir, 'grandchild');
  await cli(dir, [
    'task',
    'add',
    '--name',
    'long',
    '--cron',
    '0 0 1 1 *',
    '--command',
    `sleep 60 & echo $! > ${JSON.stringify(pidFile)}; wait`,
  ]);
  const s = serve(dir);
  await s.waitFor(READY, 20_000);
  const executionId = Number((await cli(dir, ['task', 'run', '1'])).stdout.trim());
  await s.waitFor(new RegExp(`started  #${executionId} long`), 10_000);
  const grandchild = await until(
    () => (fs.existsSync(pidFile) ? Number(fs.readFileSync(pidFile, 'utf8').trim()) || undefined : undefined),
    10_000,
    'the grandchild pid',
  );
  stray.push(grandchild);
  const cancel = await cli(dir, ['cancel', String(executionId)]);
  expect(cancel).toMatchObject({ code: 0, stderr: '' });
  expect(cancel.stdout).toBe(`Execution #${executionId}: cancel requested; now cancelled\n`);
  await s.waitFor(new RegExp(`finished #${executionId} long cancelled`), 5_000);
  await until(() => !processAlive(grandchild), 5_000, 'the grandchild to be gone');
  const again = await cli(dir, ['cancel', String(executionId), '--json']);
  expect(again.code).toBe(1);
  expect(JSON.parse(again.stdout)).toEqual({ cancelled: false, status: 'cancelled' });
});

it.skipIf(process.platform === 'win32')(
  '`pause` and `resume` stop and continue a run that serve is running; history says paused',
  async () => {
    const dir = tempDir();
    const out = path.join(dir, 'ticks');
    const ticks = () => (fs.existsSync(out) ? fs.readFileSync(out, 'utf8').split('\n').length : 0);
    const command = `i=0; while [ $i -lt 100 ]; do echo $i >> ${JSON.stringify(out)}; i=$((i+1)); sleep 0.1; done`;
    await cli(dir, ['task', 'add', '--name', 'ticker', '--cron', '0 0 1 1 *', '--command', command]);
    const s = serve(dir);
    await s.waitFor(READY, 20_000);
    const executionId = Number((await cli(dir, ['task', 'run', '1'])).stdout.trim());
    await until(() => ticks() > 3 || undefined, 10_000, 'the job to tick');

    const pause = await cli(dir, ['pause', String(executionId)]);
    expect(pause).toMatchObject({ code: 0, stderr: '', stdout: `Execution #${executionId}: paused\n` });
    expect(s.output).toMatch(new RegExp(`Paused execution ${executionId} of "ticker"`));
    const history = await cli(dir, ['history', '--status', 'running']);
    expect(history.stdout).toMatch(new RegExp(`${executionId}\\s+running \\(paused\\)\\s+ticker`));
    const stoppedAt = ticks();
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    expect(ticks()).toBe(stoppedAt);
    const again = await cli(dir, ['pause', String(executionId), '--json']);
    expect(again.code).toBe(1);
    expect(JSON.parse(again.stdout)).toEqual({ changed: false, status: 'running', paused: true });

    const resume = await cli(dir, ['resume', String(executionId)]);
    expect(resume).toMatchObject({ code: 0, stdout: `Execution #${executionId}: resumed\n` });
    await until(() => ticks() > stoppedAt + 3 || undefined, 5_000, 'the job to tick again');
    await cli(dir, ['cancel', String(executionId)]);
  },
);

it('refuses a second scheduler on the same data dir with exit 2 and a clear message', async () => {
  const dir = tempDir();
  const first = serve(dir);
  await first.waitFor(READY, 20_000);
  const second = await cli(dir, ['serve']);
  expect(second.code).toBe(2);
  expect(second.stdout).toBe('');
  expect(second.stderr).toMatch(
    /^cronkeeper: Another Cronkeeper scheduler \(pid \d+ .*\) is already running on this data folder\n$/,
  );
  // The first one is unaffected.
  expect(first.child.exitCode).toBeNull();
});

it('picks up a task added by the CLI while it runs within 2 s, and runs a handed-over `task run`', async () => {
  const dir = tempDir();
  const s = serve(dir);
  await s.waitFor(READY, 20_000);
  const added = await cli(dir, [
    'task',
    'add',
    '--name',
    'late',
    '--cron',
    '* * * * * *',
    '--command',
    'true',
  ]);
  expect(added.code).toBe(0);
  const addedAt = Date.now();
  const started = await s.waitFor(/ started {2}#\d+ late \(schedule\)$/, 10_000);
  // Within 2 s of the change, plus up to 1 s until the next every-second slot.
  expect(started.at - addedAt).toBeLessThan(3_000);

  // `task run` without --wait while serve runs: handed to serve, returns at once with the id.
  await cli(dir, ['task', 'add', '--name', 'manual', '--cron', '0 0 1 1 *', '--command', 'echo by hand']);
  const run = await cli(dir, ['task', 'run', '2']);
  expect(run).toMatchObject({ code: 0, stderr: '' });
  const executionId = Number(run.stdout.trim());
  await s.waitFor(new RegExp(`finished #${executionId} manual success`), 10_000);
});

it('serves the UI with --ui-port and prints its URL with the token', async () => {
  const dir = tempDir();
  const s = serve(dir, ['--ui-port', '0']);
  const line = await s.waitFor(/^Cronkeeper UI: /, 20_000);
  const url = new URL(line.text.slice('Cronkeeper UI: '.length));
  expect(url.hostname).toBe('127.0.0.1');
  // The token is in the fragment, which no browser sends over HTTP.
  expect(url.hash).toMatch(/^#token=[A-Za-z0-9_-]{32,}$/);
  const status = (target: string) =>
    new Promise<number>((resolve, reject) =>
      http
        .get(target, (res) => {
          res.resume();
          resolve(res.statusCode ?? 0);
        })
        .on('error', reject),
    );
  expect(await status(url.href)).toBe(200);
  expect(await status(`${url.origin}/`)).not.toBe(200);
  s.kill('SIGTERM');
  expect((await s.exited).code).toBe(0);
});

it('recovers after a SIGKILL mid-run: the execution becomes interrupted and its processes are gone', async () => {
  const dir = tempDir();
  // The shell (a child of serve) starts a grandchild; both record their pids.
  const command = 'echo $$ > "$PIDS/child"; sleep 30 & echo $! > "$PIDS/grandchild"; wait';
  const add = await cli(dir, [
    'task',
    'add',
    '--name',
    'sleeper',
    '--cron',
    '0 0 1 1 *',
    '--command',
    command,
    '--env',
    `PIDS=${dir}`,
  ]);
  expect(add.code).toBe(0);
  const first = serve(dir);
  await first.waitFor(READY, 20_000);
  const run = await cli(dir, ['task', 'run', '1']);
  expect(run.code).toBe(0);
  const executionId = Number(run.stdout.trim());
  await first.waitFor(new RegExp(`started  #${executionId} sleeper`), 10_000);
  const readPid = (name: string) => {
    const text = fs.existsSync(path.join(dir, name))
      ? fs.readFileSync(path.join(dir, name), 'utf8').trim()
      : '';
    return /^\d+$/.test(text) ? Number(text) : undefined;
  };
  const child = await until(() => readPid('child'), 10_000, 'the child pid');
  const grandchild = await until(() => readPid('grandchild'), 10_000, 'the grandchild pid');
  stray.push(child, grandchild);

  first.kill('SIGKILL');
  await first.exited;
  // The crash left them running (so the check below proves that recovery killed them).
  expect([processAlive(child), processAlive(grandchild)]).toEqual([true, true]);
  const during = await cliJson<Execution>(dir, ['history', '--task', '1']).then(
    (list) => (list as unknown as Execution[])[0],
  );
  expect(during).toMatchObject({ id: executionId, status: 'running' });

  const second = serve(dir);
  await second.waitFor(READY, 20_000);
  await until(
    () => (!processAlive(child) && !processAlive(grandchild)) || undefined,
    10_000,
    'the orphans to die',
  );
  const after = await cliJson<Execution[]>(dir, ['history', '--task', '1']);
  expect(after[0]).toMatchObject({ id: executionId, status: 'interrupted' });
  expect(after[0].endTime).not.toBeNull();
  expect(after).toHaveLength(1);
  const task = await cliJson<Task>(dir, ['task', 'show', '1']);
  expect(task.name).toBe('sleeper');
  second.kill('SIGTERM');
  expect((await second.exited).code).toBe(0);
});
