// Timeout and cancel kill the whole process tree, grandchildren included; pid identity checks.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { startProcess, type StartOptions } from '../../src/main/core/runner/executor';
import {
  isAlive,
  isSameProcess,
  killProcessTree,
  processStartTime,
} from '../../src/main/core/runner/process-tree';

const tmp = () => fs.mkdtempSync(path.join(os.tmpdir(), 'ck-'));
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function start(command: string, extra: Partial<StartOptions> = {}) {
  const dir = tmp();
  return {
    dir,
    proc: startProcess({
      command,
      cwd: dir,
      env: {},
      logPath: path.join(dir, 'run.log'),
      logCapBytes: 1024 * 1024,
      timeoutMs: 0,
      ...extra,
    }),
  };
}

async function waitFor<T>(read: () => T | null, timeoutMs = 5000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = read();
    if (value !== null) return value;
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await sleep(20);
  }
}

/** The pid the script wrote, once it is there. */
const grandchildPid = (dir: string) =>
  waitFor(() => {
    const text = fs.existsSync(path.join(dir, 'gc.pid'))
      ? fs.readFileSync(path.join(dir, 'gc.pid'), 'utf8')
      : '';
    return /^\d+\n$/.test(text) ? Number(text) : null;
  });

// A shell that starts a grandchild in the background, records its pid, and waits on a second one.
const TREE = 'sleep 30 & echo $! > gc.pid; sleep 30; wait';

/**
 * Gone for good. `isAlive` and not bare `process.kill(pid, 0)`: where PID 1 never reaps orphans (this
 * VM/container), a killed grandchild stays a zombie, which kill(pid, 0) still reports as existing.
 */
function expectGone(pid: number) {
  expect(isAlive(pid)).toBe(false);
  let state = 'gone';
  try {
    process.kill(pid, 0);
    state = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1][0]; // zombie: 'Z'
  } catch {
    /* ESRCH: reaped */
  }
  expect(['gone', 'Z']).toContain(state);
}

describe.skipIf(process.platform === 'win32')('killing process trees', () => {
  it('timeout kills the shell and its grandchildren and says so', async () => {
    const started = Date.now();
    const { dir, proc } = start(TREE, { timeoutMs: 700 });
    const gc = await grandchildPid(dir);
    expect(isAlive(gc)).toBe(true);
    const outcome = await proc.done;
    expect(outcome.status).toBe('timed_out');
    expect(outcome.errorMessage).toBe('Timed out after 0.7 s');
    expect(Date.now() - started).toBeLessThan(5000);
    await waitFor(() => (isAlive(gc) ? null : true), 3000);
    expectGone(gc);
    expectGone(proc.pid!);
  });

  it('cancel kills the shell and its grandchildren', async () => {
    const { dir, proc } = start(TREE);
    const gc = await grandchildPid(dir);
    proc.cancel();
    proc.cancel(); // twice is harmless
    const outcome = await proc.done;
    expect(outcome).toMatchObject({ status: 'cancelled', errorMessage: 'Cancelled' });
    await waitFor(() => (isAlive(gc) ? null : true), 3000);
    expectGone(gc);
  });

  it('escalates to SIGKILL when the tree ignores SIGTERM', async () => {
    const { dir, proc } = start(`trap '' TERM; ${TREE}`);
    const gc = await grandchildPid(dir);
    const started = Date.now();
    proc.cancel();
    const outcome = await proc.done;
    expect(outcome.status).toBe('cancelled');
    expect(outcome.signal).toBe('SIGKILL');
    expect(Date.now() - started).toBeGreaterThanOrEqual(1500);
    expect(Date.now() - started).toBeLessThan(5000);
    await waitFor(() => (isAlive(gc) ? null : true), 3000);
    expectGone(gc);
  });

  it('cancel after the process ended changes nothing', async () => {
    const { proc } = start('exit 0');
    const outcome = await proc.done;
    proc.cancel();
    expect(outcome.status).toBe('success');
    expect((await proc.done).status).toBe('success');
  });

  it('killProcessTree is harmless on a pid that does not exist', async () => {
    await expect(killProcessTree(2 ** 22 + 12345)).resolves.toBeUndefined();
    await expect(killProcessTree(-1)).resolves.toBeUndefined();
  });

  it('tells our process from a pid with another start time', async () => {
    const { proc } = start('sleep 30');
    expect(proc.pid).toBeGreaterThan(0);
    expect(proc.pidStartedAt).not.toBeNull();
    expect(Math.abs(proc.pidStartedAt! - Date.now())).toBeLessThan(3000);
    expect(processStartTime(proc.pid!)).not.toBeNull();
    expect(isAlive(proc.pid!)).toBe(true);
    expect(isSameProcess(proc.pid!, proc.pidStartedAt!)).toBe(true);
    expect(isSameProcess(proc.pid!, proc.pidStartedAt! - 60_000)).toBe(false);
    expect(isSameProcess(proc.pid!, proc.pidStartedAt! + 10_000)).toBe(false);
    proc.cancel();
    await proc.done;
    expect(isSameProcess(proc.pid!, proc.pidStartedAt!)).toBe(false);
    expect(isAlive(proc.pid!)).toBe(false);
    expect(processStartTime(-5)).toBeNull();
  });

  it("knows this test process's own start time", () => {
    const started = processStartTime(process.pid);
    if (process.platform !== 'linux' && process.platform !== 'darwin') return;
    const expected = Date.now() - process.uptime() * 1000;
    expect(Math.abs(started! - expected)).toBeLessThan(2000);
    expect(isSameProcess(process.pid, started!)).toBe(true);
  });
});
