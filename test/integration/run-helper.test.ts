// The run helper (src/main/core/runner/spawner/): a scheduling core given one starts every run's command in
// that small process instead of its own. Real processes throughout: the helper is the TypeScript source
// forked through tsx, as `serve` forks the built one. Each test says what a user's machine does to it: a
// run's whole life through the helper (output, progress, result, stderr, exit code), pause, cancel and
// timeout, the helper killed with kill -9 mid-run, a helper that keeps dying, a log folder that cannot be
// written, and the scheduler's own process killed (the helper must not linger).
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Core } from '../../src/main/core/core';
import { forkHelper } from '../../src/main/core/runner/spawner/transport';
import { setLoginEnvironment } from '../../src/main/core/runner/login-env';
import {
  addTask,
  closeCores,
  executionEnded,
  executions,
  isPidAlive,
  makeDataDir,
  openCore,
  recordEvents,
  sleep,
  waitFor,
} from './scheduler-helpers';

const HELPER = path.resolve(__dirname, '../../src/main/core/runner/spawner/helper-main.ts');
const posix = process.platform !== 'win32';

afterEach(async () => {
  setLoginEnvironment(null);
  await closeCores();
});

async function helperCore(log: string[] = []): Promise<Core> {
  const core = await openCore({ runHelper: forkHelper(HELPER), log: (line) => log.push(line) });
  await core.start();
  return core;
}

const logText = async (core: Core, id: number) => (await core.handlers['executions.log']({ id })).text;

/** The parent pid of a running process (Linux /proc; elsewhere `ps`). */
function parentOf(pid: number): number {
  const out = spawnSync('ps', ['-o', 'ppid=', '-p', String(pid)], { encoding: 'utf8' }).stdout;
  return Number(out.trim());
}

describe.skipIf(!posix)('runs started by the run helper', () => {
  it('runs a command in the helper: output, progress, result, stderr and exit code reach the record', async () => {
    const log: string[] = [];
    const core = await helperCore(log);
    const events = recordEvents(core);
    const taskId = await addTask(core, {
      cronExpression: '0 0 1 1 *',
      command:
        'echo "parent $PPID"; echo "::progress 40 copying"; echo \'::result {"insert_count": 3}\'; ' +
        'echo "Traceback: boom" >&2; exit 4',
    });
    const { executionId } = await core.handlers['tasks.runNow']({ id: taskId });
    const run = await executionEnded(core, executionId);
    const helperPid = core.runHelper!.helperPid!;
    expect(helperPid).toBeGreaterThan(0);
    expect(helperPid).not.toBe(process.pid);
    expect(run.status).toBe('failed');
    expect(run.exitCode).toBe(4);
    expect(run.errorMessage).toBe('Exited with code 4');
    expect(run.result).toMatchObject({ insert_count: 3, error_summary: 'Traceback: boom' });
    expect(await logText(core, executionId)).toContain(`parent ${helperPid}\n`);
    const progress = events.filter((e) => e.event === 'execution.progress');
    expect(progress.map((e) => (e.payload as { progressPercent: number }).progressPercent)).toContain(40);
    const row = (await executions(core, taskId))[0];
    expect(row.pid).toBeGreaterThan(0);
    const how = process.platform === 'linux' ? 'posix_spawn' : "Node's spawn";
    expect(log).toContain(`Scheduler: the run helper (pid ${helperPid}) starts commands with ${how}`);
  });

  it('gives every run the login shell environment of the scheduler process', async () => {
    const core = await helperCore();
    setLoginEnvironment({ PATH: process.env.PATH!, CK_LOGIN_ONLY: 'from the login shell' });
    const taskId = await addTask(core, { cronExpression: '0 0 1 1 *', command: 'echo "[$CK_LOGIN_ONLY]"' });
    const { executionId } = await core.handlers['tasks.runNow']({ id: taskId });
    expect((await executionEnded(core, executionId)).status).toBe('success');
    expect(await logText(core, executionId)).toContain('[from the login shell]');
  });

  it("gives every run the scheduler process's environment (the helper's copy of it), the task's over it", async () => {
    process.env.CK_FROM_SCHEDULER = 'inherited';
    process.env.CK_OVERRIDDEN = 'inherited';
    try {
      const core = await helperCore();
      const taskId = await addTask(core, {
        cronExpression: '0 0 1 1 *',
        command: 'echo "[$CK_FROM_SCHEDULER] [$CK_OVERRIDDEN]"',
        env: { CK_OVERRIDDEN: 'from the task' },
      });
      const { executionId } = await core.handlers['tasks.runNow']({ id: taskId });
      expect((await executionEnded(core, executionId)).status).toBe('success');
      expect(await logText(core, executionId)).toContain('[inherited] [from the task]');
    } finally {
      delete process.env.CK_FROM_SCHEDULER;
      delete process.env.CK_OVERRIDDEN;
    }
  });

  it('pauses, resumes, cancels and times out a run in the helper', async () => {
    const core = await helperCore();
    const dir = core.dataDir;
    const out = path.join(dir, 'ticks.txt');
    const lines = () => (fs.existsSync(out) ? fs.readFileSync(out, 'utf8').split('\n').length - 1 : 0);
    const taskId = await addTask(core, {
      cronExpression: '0 0 1 1 *',
      command: 'while true; do echo x >> "$OUT"; sleep 0.1; done',
      env: { OUT: out },
    });
    const { executionId } = await core.handlers['tasks.runNow']({ id: taskId });
    await waitFor(() => lines() >= 3, 10_000, 'the job to tick');
    const pid = (await executions(core, taskId))[0].pid!;
    expect(parentOf(pid)).toBe(core.runHelper!.helperPid);
    await core.handlers['executions.pause']({ id: executionId });
    await sleep(400);
    const paused = lines();
    await sleep(800);
    expect(lines()).toBe(paused);
    await core.handlers['executions.resume']({ id: executionId });
    await waitFor(() => lines() >= paused + 3, 5_000, 'the job to tick again');
    await core.handlers['executions.cancel']({ id: executionId });
    expect((await executionEnded(core, executionId)).status).toBe('cancelled');
    await waitFor(() => !isPidAlive(pid), 5_000, 'the cancelled job to be gone');

    const slow = await addTask(core, { cronExpression: '0 0 1 1 *', command: 'sleep 30', timeoutSeconds: 1 });
    const timed = await core.handlers['tasks.runNow']({ id: slow });
    const run = await executionEnded(core, timed.executionId);
    expect(run.status).toBe('timed_out');
    expect(run.errorMessage).toBe('Timed out after 1 s');
  });

  it('records a run whose helper was killed (kill -9) as failed, stops its job, and starts a new helper', async () => {
    const log: string[] = [];
    const core = await helperCore(log);
    const taskId = await addTask(core, { cronExpression: '0 0 1 1 *', command: 'sleep 60' });
    const { executionId } = await core.handlers['tasks.runNow']({ id: taskId });
    const pid = await waitFor(async () => (await executions(core, taskId))[0]?.pid, 10_000, 'the job pid');
    const first = core.runHelper!.helperPid!;
    process.kill(first, 'SIGKILL');
    const run = await executionEnded(core, executionId);
    expect(run.status).toBe('failed');
    expect(run.errorMessage).toMatch(/run helper stopped unexpectedly \(signal SIGKILL\)/);
    await waitFor(() => !isPidAlive(pid), 5_000, 'the orphaned job to be stopped');
    expect(log.join('\n')).toContain('the run helper stopped (signal SIGKILL)');

    const again = await addTask(core, { cronExpression: '0 0 1 1 *', command: 'echo "parent $PPID"' });
    const next = await core.handlers['tasks.runNow']({ id: again });
    expect((await executionEnded(core, next.executionId)).status).toBe('success');
    const second = core.runHelper!.helperPid!;
    expect(second).not.toBe(first);
    expect(await logText(core, next.executionId)).toContain(`parent ${second}\n`);
  });

  it('starts runs in the scheduler process once the helper has died three times within a minute', async () => {
    const log: string[] = [];
    const core = await helperCore(log);
    const taskId = await addTask(core, { cronExpression: '0 0 1 1 *', command: 'echo "parent $PPID"' });
    for (let i = 0; i < 3; i++) {
      const helper = await waitFor(() => core.runHelper!.helperPid, 10_000, 'a helper');
      process.kill(helper, 'SIGKILL');
      await waitFor(
        () => core.runHelper!.helperPid !== helper || core.runHelper!.inProcess,
        10_000,
        'its exit',
      );
      if (i < 2) core.runHelper!.warm();
    }
    expect(core.runHelper!.inProcess).toBe(true);
    expect(log.join('\n')).toContain('runs are started by the app itself from now on: it stopped 3 times');
    const { executionId } = await core.handlers['tasks.runNow']({ id: taskId });
    expect((await executionEnded(core, executionId)).status).toBe('success');
    expect(await logText(core, executionId)).toContain(`parent ${process.pid}\n`);
  });

  it('keeps the output of a run whose log folder cannot be written, from the helper', async () => {
    const core = await helperCore();
    const taskId = await addTask(core, {
      cronExpression: '0 0 1 1 *',
      command: 'echo hello from the helper',
    });
    // A file where the task's log folder should be: the helper cannot create the log.
    fs.mkdirSync(path.join(core.dataDir, 'logs'), { recursive: true });
    fs.writeFileSync(path.join(core.dataDir, 'logs', String(taskId)), 'not a folder');
    const { executionId } = await core.handlers['tasks.runNow']({ id: taskId });
    await executionEnded(core, executionId);
    const row = (await executions(core, taskId))[0];
    expect(row.status).toBe('success');
    expect(row.log_path).toBeNull();
    expect(row.error_message).toMatch(/^The log file could not be written \(.+\)$/);
    expect(JSON.parse(row.result_json!).output_tail).toContain('hello from the helper');
  });

  it('without a helper, the log says commands start in the scheduler process, and how', async () => {
    const log: string[] = [];
    const core = await openCore({ log: (line) => log.push(line) });
    await core.start();
    const how = process.platform === 'linux' ? 'posix_spawn' : "Node's spawn";
    expect(log).toContain(`Scheduler: commands start in this process, with ${how}`);
  });

  it('starts a burst with two helpers, and a lone run with one', async () => {
    const core = await helperCore();
    const lone = await addTask(core, { cronExpression: '0 0 1 1 *', command: 'echo "parent $PPID"' });
    const first = await core.handlers['tasks.runNow']({ id: lone });
    expect((await executionEnded(core, first.executionId)).status).toBe('success');
    expect(core.runHelper!.helperPids).toHaveLength(1);
    // A burst: 30 runs asked for at once (as 30 tasks due in the same second are).
    const pool = core.runHelper!;
    const runs = await Promise.all(
      Array.from(
        { length: 30 },
        (_, i) =>
          pool.start({
            command: 'echo "parent $PPID"',
            cwd: '',
            env: {},
            logPath: path.join(core.dataDir, `burst-${i}.log`),
            logCapBytes: 1 << 20,
            timeoutMs: 0,
          }) ?? Promise.reject(new Error('the pool started no helper')),
      ),
    );
    expect((await Promise.all(runs.map((r) => r.done))).every((o) => o.status === 'success')).toBe(true);
    const parents = new Set(
      runs.map((_, i) => fs.readFileSync(path.join(core.dataDir, `burst-${i}.log`), 'utf8').trim()),
    );
    const pids = pool.helperPids;
    expect(pids).toHaveLength(Math.min(2, os.availableParallelism())); // two on 2+ CPUs
    expect([...parents].sort()).toEqual(pids.map((pid) => `parent ${pid}`).sort());
  });

  it('outlives a Ctrl-C to the scheduler, and ends with the scheduler process when it is killed', async () => {
    const dir = makeDataDir();
    const script = path.join(dir, 'scheduler.ts');
    const client = path.resolve(__dirname, '../../src/main/core/runner/spawner/client.ts');
    const transport = path.resolve(__dirname, '../../src/main/core/runner/spawner/transport.ts');
    fs.writeFileSync(
      script,
      `import { RunHelperClient } from ${JSON.stringify(client)};
       import { forkHelper } from ${JSON.stringify(transport)};
       const c = new RunHelperClient(forkHelper(${JSON.stringify(HELPER)}), () => {});
       c.start({ command: 'sleep 60', cwd: '', env: {}, logPath: ${JSON.stringify(path.join(dir, 'run.log'))},
         logCapBytes: 1e6, timeoutMs: 0 }).then((h) => console.log(JSON.stringify({ helper: c.helperPid, job: h.pid })));
       // As \`serve\` does: a Ctrl-C starts a graceful stop, which needs the helper still there.
       process.on('SIGINT', () => {});
       setInterval(() => {}, 1000);`,
    );
    // Its own process group, like a terminal's foreground job.
    const scheduler = spawn(process.execPath, ['--import', 'tsx', script], {
      stdio: ['ignore', 'pipe', 'inherit'],
      detached: true,
    });
    let out = '';
    scheduler.stdout.on('data', (chunk) => (out += chunk));
    const { helper, job } = await waitFor(
      () => (out.includes('\n') ? (JSON.parse(out) as { helper: number; job: number }) : null),
      20_000,
      'the scheduler to start a job',
    );
    expect(isPidAlive(helper)).toBe(true);
    process.kill(-scheduler.pid!, 'SIGINT'); // Ctrl-C: the terminal signals the whole foreground group
    await sleep(1000);
    expect(isPidAlive(helper)).toBe(true);
    expect(isPidAlive(job)).toBe(true);
    scheduler.kill('SIGKILL');
    await waitFor(() => !isPidAlive(helper), 10_000, 'the helper to end with its scheduler');
    process.kill(-job, 'SIGKILL'); // the job itself is in its own group, as a crash leaves it (recovery's job)
  });
});
