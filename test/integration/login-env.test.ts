// The login-shell environment on Linux, with a fake login shell whose profile adds a tools folder to PATH
// (like Homebrew's or nvm's lines in ~/.zprofile): the app's runs find the tool, test runs show the PATH,
// the setting turns it off, `serve` keeps its own environment, and a profile that hangs delays nothing.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parseEnvNul, readLoginEnvironment, setLoginEnvironment } from '../../src/main/core/runner/login-env';
import { isAlive } from '../../src/main/core/runner/process-tree';
import { addTask, closeCores, executions, openCore, waitFor } from './scheduler-helpers';

let dir: string;
let tools: string;
let shell: string;
let profile: string;
const saved = { SHELL: process.env.SHELL, FAKE_PROFILE: process.env.FAKE_PROFILE };

beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ck-login-'));
  tools = path.join(dir, 'homebrew bin');
  fs.mkdirSync(tools);
  fs.writeFileSync(path.join(tools, 'mytool'), '#!/bin/sh\necho "mytool ran"\n', { mode: 0o755 });
  // A login shell: with -i -l it reads the profile, then runs the -c command. Strict about its flags.
  shell = path.join(dir, 'fakesh');
  fs.writeFileSync(
    shell,
    '#!/bin/sh\n[ "$1" = "-ilc" ] || { echo "bad flags: $1" >&2; exit 64; }\n. "$FAKE_PROFILE"\nexec /bin/sh -c "$2"\n',
    { mode: 0o755 },
  );
  profile = path.join(dir, 'profile');
  // A chatty profile: the banner must not be taken for variables.
  fs.writeFileSync(profile, `echo "Welcome back"\nexport PATH="${tools}:$PATH"\nexport FROM_PROFILE=yes\n`);
  process.env.SHELL = shell;
  process.env.FAKE_PROFILE = profile;
});
afterEach(async () => {
  await closeCores();
  setLoginEnvironment(null);
  for (const [key, value] of Object.entries(saved)) {
    if (value === undefined) delete process.env[key];
    else process.env[key] = value;
  }
  fs.rmSync(dir, { recursive: true, force: true });
});

describe.skipIf(process.platform === 'win32')('login shell environment', () => {
  it('reads the variables the login profile sets, not the probing shell’s own', async () => {
    const result = await readLoginEnvironment();
    expect(result.problem).toBeNull();
    expect(result.shell).toBe(shell);
    expect(result.env!.PATH.split(':')[0]).toBe(tools);
    expect(result.env!.FROM_PROFILE).toBe('yes');
    expect(result.env!.PWD).toBeUndefined();
    expect(parseEnvNul('A=1\0B=x=y\0PWD=/\0bad name=1\0')).toEqual({ A: '1', B: 'x=y' });
  });

  it('a profile that hangs costs at most the timeout, and its processes are killed', async () => {
    const pidFile = path.join(dir, 'pid');
    fs.writeFileSync(profile, `echo $$ > "${pidFile}"\nsleep 60\n`);
    const started = Date.now();
    const result = await readLoginEnvironment({ timeoutMs: 700 });
    expect(Date.now() - started).toBeLessThan(5000);
    expect(result.env).toBeNull();
    expect(result.problem).toMatch(/did not answer within 700 ms/);
    const pid = Number(fs.readFileSync(pidFile, 'utf8'));
    await waitFor(async () => !isAlive(pid));
  });

  it('macOS asks the login shell the same way; Windows has none to ask', async () => {
    const mac = await readLoginEnvironment({ platform: 'darwin' });
    expect(mac.env!.PATH.split(':')[0]).toBe(tools);
    expect(await readLoginEnvironment({ platform: 'win32' })).toEqual({
      env: null,
      problem: 'not used on Windows',
      shell: null,
    });
  });

  it('a broken shell gives no environment and a reason', async () => {
    process.env.SHELL = path.join(dir, 'missing-shell');
    expect(await readLoginEnvironment()).toMatchObject({
      env: null,
      problem: expect.stringMatching(/cannot start/),
    });
  });

  it('the app’s runs and test runs get the login PATH; the setting turns it off', async () => {
    const core = await openCore({ loginEnvironment: true });
    await core.start();
    const test = await core.handlers['tasks.testRun']({ command: 'mytool' });
    expect(test).toMatchObject({ status: 'success', output: 'mytool ran\n' });
    expect(test.path!.split(':')[0]).toBe(tools);

    const taskId = await addTask(core, { paused: true, command: 'mytool && [ "$FROM_PROFILE" = yes ]' });
    await core.handlers['tasks.runNow']({ id: taskId });
    await waitFor(async () => (await executions(core, taskId))[0]?.status === 'success');

    await core.handlers['settings.update']({ useLoginShellEnvironment: false });
    const off = await core.handlers['tasks.testRun']({ command: 'mytool' });
    expect(off).toMatchObject({ status: 'failed', errorMessage: 'Command not found: mytool' });
    expect(off.path).not.toContain(tools);
  });

  it('serve (a core without loginEnvironment) keeps the environment it was started with', async () => {
    const core = await openCore();
    await core.start();
    const test = await core.handlers['tasks.testRun']({ command: 'mytool' });
    expect(test.status).toBe('failed');
    expect(test.path).toBe(process.env.PATH);
  });
});
