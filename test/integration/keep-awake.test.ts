// Keeping the computer awake in `serve`: the platform tool's command line, run for real through a stand-in
// `systemd-inhibit` on PATH that records its arguments and runs the watcher as logind would; the watcher
// ends when the run's process ends. A missing tool is reported, not thrown.
import { spawn } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { keepAwakeCommand, osKeepAwake } from '../../src/main/core/triggers/keep-awake';

const isWindows = process.platform === 'win32';
const savedPath = process.env.PATH;
const dirs: string[] = [];
afterEach(() => {
  process.env.PATH = savedPath;
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe('keep-awake command lines', () => {
  it('macOS waits on the run with caffeinate', () => {
    expect(keepAwakeCommand('darwin', 123, 'Backup')).toEqual({
      command: 'caffeinate',
      args: ['-i', '-w', '123'],
    });
  });
  it('Windows serve has none (documented)', () => {
    expect(keepAwakeCommand('win32', 123, 'x')).toBeNull();
  });
  it('Linux flattens the reason to one line', () => {
    const cmd = keepAwakeCommand('linux', 9, 'a\nb')!;
    expect(cmd.command).toBe('systemd-inhibit');
    expect(cmd.args).toContain('--why=a b');
  });
});

describe.skipIf(isWindows)('keep-awake in serve on Linux', () => {
  it('holds while the run lives, and the watcher ends with the run', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'ck-inhibit-'));
    dirs.push(dir);
    const record = path.join(dir, 'args');
    // logind's inhibitor runs the command after its options and holds the lock while it runs.
    writeFileSync(
      path.join(dir, 'systemd-inhibit'),
      `#!/bin/sh\nprintf '%s\\n' "$@" > '${record}'\nwhile [ "\${1#--}" != "$1" ]; do shift; done\nexec "$@"\n`,
    );
    chmodSync(path.join(dir, 'systemd-inhibit'), 0o755);
    process.env.PATH = `${dir}${path.delimiter}${savedPath}`;
    const run = spawn('sleep', ['30'], { stdio: 'ignore' });
    const hold = await osKeepAwake('linux')(run.pid!, 'Nightly backup');
    expect(hold.problem).toBeNull();
    expect(readFileSync(record, 'utf8')).toContain('--why=Nightly backup');
    const watcher = readFileSync(record, 'utf8').split('\n');
    expect(watcher).toContain(String(run.pid));
    run.kill('SIGKILL');
    // The watcher loop notices within its 2 s poll and exits; logind would drop the lock then.
    await expect.poll(() => hold.problem, { timeout: 10_000 }).toMatch(/ended during the run/);
    hold.release();
  });

  it('says so when the tool is not installed', async () => {
    process.env.PATH = mkdtempSync(path.join(os.tmpdir(), 'ck-empty-'));
    dirs.push(process.env.PATH);
    expect(existsSync(path.join(process.env.PATH, 'systemd-inhibit'))).toBe(false);
    const hold = await osKeepAwake('linux')(process.pid, 'x');
    expect(hold.problem).toMatch(/systemd-inhibit is not installed/);
    hold.release();
  });
});
