// The executor with real child processes (POSIX shell): outcomes, environment, working folder, spawn
// failures in plain words, progress and result lines.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  shellInvocation,
  startProcess,
  type ProgressUpdate,
  type StartOptions,
} from '../../src/main/core/runner/executor';
import { killProcessTree } from '../../src/main/core/runner/process-tree';

const fixtures = path.resolve(__dirname, '../fixtures');
const tmp = () => fs.mkdtempSync(path.join(os.tmpdir(), 'ck-'));

function run(command: string, extra: Partial<StartOptions> = {}) {
  const dir = tmp();
  const logPath = path.join(dir, 'logs', 'exec-1.log');
  const proc = startProcess({
    command,
    cwd: dir,
    env: {},
    logPath,
    logCapBytes: 10 * 1024 * 1024,
    timeoutMs: 0,
    ...extra,
  });
  const log = async () => {
    await proc.done;
    return fs.existsSync(logPath) ? fs.readFileSync(logPath, 'utf8') : null;
  };
  return { proc, dir, logPath, log };
}

describe.skipIf(process.platform === 'win32')('startProcess', () => {
  it('builds the POSIX shell invocation (Windows: test/unit/windows-runner.test.ts)', () => {
    for (const platform of ['linux', 'darwin'] as const) {
      expect(shellInvocation('echo "a b"', platform, '/tmp')).toEqual({
        file: '/bin/sh',
        args: ['-c', 'echo "a b"'],
        windowsVerbatimArguments: false,
        cwd: '/tmp',
      });
    }
  });

  it('runs a command to success, logging stdout and stderr into one file (folder created)', async () => {
    const { proc, log } = run('echo out; echo err >&2; echo again');
    expect(proc.pid).toBeGreaterThan(0);
    const outcome = await proc.done;
    expect(outcome).toMatchObject({ status: 'success', exitCode: 0, signal: null, errorMessage: null });
    expect(outcome.stderrTail).toBe('err\n');
    expect(outcome.endedAt).toBeGreaterThanOrEqual(outcome.startedAt);
    const text = await log();
    expect(text!.split('\n').sort()).toEqual(['', 'again', 'err', 'out']);
  });

  it('reports a non-zero exit code in plain words, with the stderr tail', async () => {
    const outcome = await run('echo "disk full" >&2; exit 3').proc.done;
    expect(outcome).toMatchObject({ status: 'failed', exitCode: 3, errorMessage: 'Exited with code 3' });
    expect(outcome.stderrTail).toBe('disk full\n');
  });

  it('names the signal when the process was killed by one', async () => {
    const outcome = await run('kill -9 $$').proc.done;
    expect(outcome).toMatchObject({ status: 'failed', exitCode: null, signal: 'SIGKILL' });
    expect(outcome.errorMessage).toBe('Killed by signal SIGKILL');
    const viaShell = await run("sh -c 'kill -TERM $$'").proc.done;
    expect(viaShell.errorMessage).toBe('Killed by SIGTERM (exit code 143)');
  });

  it('keeps only the last 4 KB of stderr', async () => {
    const outcome = await run(
      'i=0; while [ $i -lt 2000 ]; do echo "err line $i" >&2; i=$((i+1)); done; exit 1',
    ).proc.done;
    expect(outcome.stderrTail.length).toBeLessThanOrEqual(4096);
    expect(outcome.stderrTail.length).toBeGreaterThan(4000);
    expect(outcome.stderrTail.endsWith('err line 1999\n')).toBe(true);
  });

  it('passes the environment on top of the parent environment', async () => {
    const { proc, log } = run(
      'printf "%s|%s|%s|%s" "$FOO" "$CRONKEEPER_TASK_ID" "$CRONKEEPER_EXECUTION_ID" "$PATH"',
      {
        env: { FOO: 'bar baz', CRONKEEPER_TASK_ID: '7', CRONKEEPER_EXECUTION_ID: '42' },
      },
    );
    expect((await proc.done).status).toBe('success');
    expect(await log()).toBe(`bar baz|7|42|${process.env.PATH}`);
  });

  it('does not leak ELECTRON_RUN_AS_NODE to tasks unless the task sets it', async () => {
    process.env.ELECTRON_RUN_AS_NODE = '1';
    try {
      const inherited = run('printf "[%s]" "$ELECTRON_RUN_AS_NODE"');
      expect(await inherited.log()).toBe('[]');
      const explicit = run('printf "[%s]" "$ELECTRON_RUN_AS_NODE"', { env: { ELECTRON_RUN_AS_NODE: 'yes' } });
      expect(await explicit.log()).toBe('[yes]');
    } finally {
      delete process.env.ELECTRON_RUN_AS_NODE;
    }
  });

  it('runs in the working folder, and in the home folder when none is given', async () => {
    const { proc, dir, log } = run('pwd');
    await proc.done;
    expect((await log())!.trim()).toBe(fs.realpathSync(dir));
    const home = run('pwd', { cwd: '' });
    await home.proc.done;
    expect((await home.log())!.trim()).toBe(fs.realpathSync(os.homedir()));
  });

  it('fails in plain words when the working folder does not exist', async () => {
    const missing = path.join(tmp(), 'nope');
    const { proc } = run('echo hi', { cwd: missing });
    expect(proc.pid).toBeUndefined();
    const outcome = await proc.done;
    expect(outcome).toMatchObject({
      status: 'failed',
      exitCode: null,
      errorMessage: `Working folder ${missing} does not exist`,
    });
    proc.cancel(); // harmless
  });

  it('fails in plain words when the working folder is a file', async () => {
    const file = path.join(tmp(), 'file.txt');
    fs.writeFileSync(file, 'x');
    const outcome = await run('echo hi', { cwd: file }).proc.done;
    expect(outcome.errorMessage).toBe(`Working folder ${file} is not a folder`);
  });

  it('fails in plain words when the command does not exist', async () => {
    const outcome = await run('no-such-command-ck --flag').proc.done;
    expect(outcome).toMatchObject({
      status: 'failed',
      exitCode: 127,
      errorMessage: 'Command not found: no-such-command-ck',
    });
    const second = await run('echo start; no-such-tool-ck2').proc.done;
    expect(second.errorMessage).toBe('Command not found: no-such-tool-ck2');
  });

  it('fails in plain words when the program is not executable', async () => {
    const { dir } = run('true');
    fs.writeFileSync(path.join(dir, 'job.sh'), '#!/bin/sh\necho hi\n', { mode: 0o644 });
    const outcome = await run('./job.sh', { cwd: dir }).proc.done;
    expect(outcome).toMatchObject({
      status: 'failed',
      exitCode: 126,
      errorMessage: 'Permission denied: ./job.sh',
    });
  });

  it('fails in plain words when the log file cannot be created', async () => {
    const blocker = path.join(tmp(), 'file');
    fs.writeFileSync(blocker, 'x');
    const outcome = await run('echo hi', { logPath: path.join(blocker, 'x.log') }).proc.done;
    expect(outcome.status).toBe('failed');
    expect(outcome.errorMessage).toMatch(/^Cannot create the log file /);
  });

  it('parses progress and result lines from a real child; malformed lines stay log text', async () => {
    const updates: ProgressUpdate[] = [];
    const results: Record<string, unknown>[] = [];
    const script = [
      'echo "::progress 10"',
      'echo "::progress 45 Downloading prices"',
      'echo "::progress 120/500 Downloading prices"',
      `echo '{"progress": 0.75, "message": "Step 3", "current_step": 3, "total_steps": 4}'`,
      'echo "::progress lots"',
      `echo '::result {"insert_count": 10, "summary": {"last": "2024-01-01"}}'`,
      `echo '::result not json'`,
    ].join('; ');
    const { proc, log } = run(script, {
      onProgress: (p) => updates.push(p),
      onResult: (r) => results.push(r),
    });
    expect((await proc.done).status).toBe('success');
    expect(updates).toEqual([
      { progressPercent: 10 },
      { progressPercent: 45, message: 'Downloading prices' },
      { progressPercent: 24, currentStep: 120, totalSteps: 500, message: 'Downloading prices' },
      { progressPercent: 75, message: 'Step 3', currentStep: 3, totalSteps: 4 },
    ]);
    expect(results).toEqual([{ insert_count: 10, summary: { last: '2024-01-01' } }]);
    const text = await log();
    expect(text).toContain('::progress lots\n');
    expect(text).toContain('::result not json\n');
  });

  it('reads every progress line of a fast child, in order', async () => {
    const percents: number[] = [];
    const { proc } = run(`node ${JSON.stringify(path.join(fixtures, 'progress-lines.mjs'))} 20000`, {
      onProgress: (p) => percents.push(p.currentStep!),
    });
    expect((await proc.done).status).toBe('success');
    expect(percents).toHaveLength(20000);
    expect(percents.every((done, i) => done === i + 1)).toBe(true);
  });

  it('reads a last protocol line without a newline, and CRLF lines', async () => {
    const updates: ProgressUpdate[] = [];
    const results: Record<string, unknown>[] = [];
    const { proc } = run(`printf '::progress 3/4 crlf\\r\\n::result {"total": 4}'`, {
      onProgress: (p) => updates.push(p),
      onResult: (r) => results.push(r),
    });
    expect((await proc.done).status).toBe('success');
    expect(updates).toEqual([{ progressPercent: 75, currentStep: 3, totalSteps: 4, message: 'crlf' }]);
    expect(results).toEqual([{ total: 4 }]);
  });

  it('survives a listener that throws', async () => {
    const { proc } = run('echo "::progress 5"; echo "::progress 6"', {
      onProgress: () => {
        throw new Error('listener bug');
      },
    });
    expect((await proc.done).status).toBe('success');
  });

  it('does not wait forever for a backgrounded grandchild holding the output open', async () => {
    const started = Date.now();
    const { proc } = run('sleep 5 & echo started');
    const outcome = await proc.done;
    expect(outcome.status).toBe('success');
    expect(Date.now() - started).toBeLessThan(4000);
    await killProcessTree(proc.pid!, 'SIGKILL'); // tidy up the sleeper, still in the task's group
  });
});
