// posix-spawn.ts against Node's own spawn: the same shell scripts, run both ways, must look the same to
// the child (session, signals, descriptors, stdin, folder, environment) and to us (output, exit code,
// signal, start failures), and every child must be reaped.
import { spawn as nodeSpawn, type ChildProcess, type SpawnOptions } from 'node:child_process';
import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadPosixSpawn, type SpawnFn } from '../../src/main/core/runner/posix-spawn';
import { decodeWaitStatus } from '../../src/main/core/runner/child-reaper';

const linux = process.platform === 'linux';
const fast = loadPosixSpawn();

interface Ended {
  stdout: string;
  stderr: string;
  exit: [number | null, string | null];
  close: [number | null, string | null];
  pid: number | undefined;
}

/** Runs `script` with `spawn` the way the executor does, and collects everything it reports. */
function run(
  spawn: SpawnFn,
  script: string,
  cwd = '/tmp',
  env: NodeJS.ProcessEnv = process.env,
): Promise<Ended> {
  const child: ChildProcess = spawn('/bin/sh', ['-c', script], {
    cwd,
    env,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (chunk: Buffer) => (stdout += chunk));
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk));
  return new Promise((resolve) => {
    let exit: Ended['exit'] = [null, null];
    child.on('exit', (code, signal) => (exit = [code, signal]));
    child.on('close', (code, signal) =>
      resolve({ stdout, stderr, exit, close: [code, signal], pid: child.pid }),
    );
  });
}

/** The same script through both spawners: what each reports, the pid left out. */
async function both(script: string, cwd?: string) {
  const strip = ({ pid: _pid, ...rest }: Ended) => rest;
  const [ours, node] = await Promise.all([run(fast!, script, cwd), run(nodeSpawn as SpawnFn, script, cwd)]);
  return { ours: strip(ours), node: strip(node) };
}

describe.runIf(linux)('posix_spawn launcher (Linux)', () => {
  it('is in use here: glibc with posix_spawn_file_actions_addchdir_np, and it proved itself', () => {
    expect(fast).not.toBeNull();
  });

  it('output, exit code and folder come back as from Node', async () => {
    const { ours, node } = await both('echo "out $PWD"; echo err >&2; exit 7', '/usr');
    expect(ours).toEqual(node);
    expect(ours).toEqual({ stdout: 'out /usr\n', stderr: 'err\n', exit: [7, null], close: [7, null] });
  });

  it('a death by signal comes back as its name', async () => {
    const { ours, node } = await both('kill -TERM $$');
    expect(ours).toEqual(node);
    expect(ours.exit).toEqual([null, 'SIGTERM']);
  });

  // Each script execs one reader as the shell's first command, so that what it reads is what the spawner
  // gave the shell: the shell's own status read later races its forks (dash blocks every signal, and holds
  // a pipe's descriptors, while it forks a command).
  it('the child leads its own session', async () => {
    const leads = (ended: Ended) => {
      const [sid, pid] = ended.stdout.trim().split(/\s+/);
      return sid === pid && sid === String(ended.pid);
    };
    const script = 'exec ps -o sid= -o pid= -p $$';
    const [ours, node] = await Promise.all([run(fast!, script), run(nodeSpawn as SpawnFn, script)]);
    expect([leads(ours), leads(node)]).toEqual([true, true]);
  });

  it('no signal is ignored or blocked in the child', async () => {
    const { ours, node } = await both('exec grep -E "^Sig(Ign|Blk)" /proc/self/status');
    expect(ours).toEqual(node);
    expect(ours.stdout).toBe('SigBlk:\t0000000000000000\nSigIgn:\t0000000000000000\n');
  });

  it("stdin is empty, and another run's pipes are not open in the child", async () => {
    const other = fast!('/bin/sh', ['-c', 'sleep 1'], {
      env: {},
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const otherFds = [other.stdout, other.stderr].map(
      (pipe) => (pipe as unknown as { _handle: { fd: number } })._handle.fd,
    );
    try {
      const { ours, node } = await both('wc -c; exec ls /proc/self/fd');
      expect(ours).toEqual(node);
      const [bytes, ...fds] = ours.stdout.trim().split('\n').map(Number);
      expect(bytes).toBe(0);
      expect(fds).toEqual(expect.arrayContaining([0, 1, 2]));
      for (const fd of otherFds) expect(fds).not.toContain(fd);
    } finally {
      process.kill(-other.pid!, 'SIGKILL');
    }
  });

  it('a pipeline whose reader quits early ends by SIGPIPE, as it would from a terminal', async () => {
    // Node ignores SIGPIPE; a child that inherited that would see `yes` loop on EPIPE errors instead.
    const { ours, node } = await both('yes | head -n 1; echo "status ${PIPESTATUS:-done}"');
    expect(ours).toEqual(node);
    expect(ours.stdout).toBe('y\nstatus done\n');
  });

  it('the environment given is the whole environment', async () => {
    const env = { PATH: '/usr/bin:/bin', CK_NAME: 'Zoë 数据' };
    const [ours, node] = await Promise.all([
      run(fast!, 'env | sort', '/', env),
      run(nodeSpawn as SpawnFn, 'env | sort', '/', env),
    ]);
    expect(ours.stdout).toEqual(node.stdout);
    expect(ours.stdout).toContain('CK_NAME=Zoë 数据\n');
    expect(ours.stdout).not.toContain('HOME=');
  });

  it('a folder that does not exist is an error event with no pid, as Node says it', async () => {
    const errorOf = (spawn: SpawnFn) =>
      new Promise<{ pid: number | undefined; message: string; code: string | undefined }>((resolve) => {
        const child = spawn('/bin/sh', ['-c', 'true'], {
          cwd: '/no/such/folder',
          env: {},
          detached: true,
          stdio: ['ignore', 'pipe', 'pipe'],
        });
        child.on('error', (error: NodeJS.ErrnoException) =>
          resolve({ pid: child.pid, message: error.message, code: error.code }),
        );
      });
    const [ours, node] = await Promise.all([errorOf(fast!), errorOf(nodeSpawn as SpawnFn)]);
    expect(ours).toEqual(node);
    expect(ours).toEqual({ pid: undefined, message: 'spawn /bin/sh ENOENT', code: 'ENOENT' });
  });

  it('a NUL byte in an argument is refused by a throw, as Node does', () => {
    const options: SpawnOptions = { env: {}, detached: true, stdio: ['ignore', 'pipe', 'pipe'] };
    expect(() => nodeSpawn('/bin/sh', ['-c', 'echo a\0b'], options)).toThrow();
    expect(() => fast!('/bin/sh', ['-c', 'echo a\0b'], options)).toThrow(/NUL/);
  });

  it('a child that closes its output and goes on is still waited for, and its code read', async () => {
    const ended = await run(fast!, 'exec >&- 2>&-; sleep 0.3; exit 4');
    expect(ended.exit).toEqual([4, null]);
  });

  it('reaps every child, alongside Node spawning its own at the same time', async () => {
    const runs = Array.from({ length: 40 }, (_, i) =>
      run(i % 2 === 0 ? fast! : (nodeSpawn as SpawnFn), `exit ${i % 5}`),
    );
    const ended = await Promise.all(runs);
    expect(ended.map((e) => e.exit[0])).toEqual(Array.from({ length: 40 }, (_, i) => i % 5));
    // No zombie left: a reaped pid has no /proc entry (or a new process that is not ours).
    for (const { pid } of ended) {
      const stat = fs.existsSync(`/proc/${pid}/stat`) ? fs.readFileSync(`/proc/${pid}/stat`, 'utf8') : '';
      expect(stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3)).not.toBe('Z');
    }
  });
});

describe('wait status decoding', () => {
  it('reads the code of a normal exit and the name of a killing signal', () => {
    expect(decodeWaitStatus(0)).toEqual({ code: 0, signal: null });
    expect(decodeWaitStatus(3 << 8)).toEqual({ code: 3, signal: null });
    expect(decodeWaitStatus(9)).toEqual({ code: null, signal: 'SIGKILL' });
    expect(decodeWaitStatus(15 | 0x80)).toEqual({ code: null, signal: 'SIGTERM' }); // core dumped
  });
});
