// Linux: starts a run's shell with glibc's posix_spawn (through koffi), not Node's child_process.spawn.
//
// Why: Node's spawn forks the calling process, and a fork copies its page tables, so it costs more the
// more memory the process holds (200 spawns took 0.25 s from a 60 MB Node process and 4.5 s from one of
// 375 MB, in one run). glibc's posix_spawn shares the parent's memory until the child execs
// (CLONE_VFORK), so its cost does not grow with the parent: the same 200 took about 0.1 s from either.
//
// What it does the way libuv does for `spawn(file, args, { detached: true, stdio: ['ignore', 'pipe',
// 'pipe'], cwd, env })`, so that the executor cannot tell the two apart:
// - the child leads a new session (setsid), every signal at its default and none blocked (Node ignores
//   SIGPIPE; a job must not inherit that), stdin from /dev/null, stdout and stderr into pipes;
// - our pipe ends are close-on-exec, so no other run's child holds them open;
// - a start that fails (the shell or the folder missing) is an 'error' event with no pid, like Node's.
// The child is reaped here (child-reaper.ts): libuv only waits for the pids it started itself.
//
// Only where it proves itself: `loadPosixSpawn` starts `/bin/sh -c 'exit 3'` once and checks the exit
// code comes back; anything unexpected (no glibc, an old one, koffi missing, SIGCHLD ignored so the child
// cannot be waited for) leaves Node's spawn in use.
import type { ChildProcess, SpawnOptions } from 'node:child_process';
import { EventEmitter } from 'node:events';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import net from 'node:net';
import os from 'node:os';
import { ChildReaper, decodeWaitStatus, type LibcWait } from './child-reaper';

/** The executor's spawn: Node's signature, the subset it uses. */
export type SpawnFn = (file: string, args: readonly string[], options: SpawnOptions) => ChildProcess;

// glibc's values (spawn.h, fcntl.h).
const POSIX_SPAWN_SETSIGDEF = 0x04;
const POSIX_SPAWN_SETSIGMASK = 0x08;
const POSIX_SPAWN_SETSID = 0x80;
const O_RDONLY = 0;
const O_CLOEXEC = 0o2000000;
/** Larger than glibc's posix_spawn_file_actions_t (80 bytes), posix_spawnattr_t (336) and sigset_t (128). */
const OPAQUE_BYTES = 1024;

interface Libc extends LibcWait {
  spawn(
    pid: number[],
    path: string,
    actions: Buffer,
    attr: Buffer,
    argv: (string | null)[],
    envp: (string | null)[],
  ): number;
  actionsInit(actions: Buffer): number;
  actionsDestroy(actions: Buffer): number;
  addDup2(actions: Buffer, fd: number, to: number): number;
  addOpen(actions: Buffer, fd: number, path: string, flags: number, mode: number): number;
  addChdir(actions: Buffer, folder: string): number;
  attrInit(attr: Buffer): number;
  attrDestroy(attr: Buffer): number;
  attrSetFlags(attr: Buffer, flags: number): number;
  attrSetSigDefault(attr: Buffer, set: Buffer): number;
  attrSetSigMask(attr: Buffer, set: Buffer): number;
  sigEmpty(set: Buffer): number;
  pipe2(fds: Int32Array, flags: number): number;
  errno(): number;
}

function bindLibc(): Libc {
  const koffi = createRequire(__filename)('koffi') as typeof import('koffi');
  const lib = koffi.load('libc.so.6');
  const f = (signature: string) => lib.func(signature);
  return {
    spawn: f(
      'int posix_spawn(_Out_ int *pid, const char *path, void *fa, void *attr, const char **argv, const char **envp)',
    ),
    actionsInit: f('int posix_spawn_file_actions_init(void *fa)'),
    actionsDestroy: f('int posix_spawn_file_actions_destroy(void *fa)'),
    addDup2: f('int posix_spawn_file_actions_adddup2(void *fa, int fd, int newfd)'),
    addOpen: f(
      'int posix_spawn_file_actions_addopen(void *fa, int fd, const char *path, int oflag, int mode)',
    ),
    // glibc 2.29 (2019); without it the binding fails and Node's spawn stays.
    addChdir: f('int posix_spawn_file_actions_addchdir_np(void *fa, const char *path)'),
    attrInit: f('int posix_spawnattr_init(void *attr)'),
    attrDestroy: f('int posix_spawnattr_destroy(void *attr)'),
    attrSetFlags: f('int posix_spawnattr_setflags(void *attr, short flags)'),
    attrSetSigDefault: f('int posix_spawnattr_setsigdefault(void *attr, void *set)'),
    attrSetSigMask: f('int posix_spawnattr_setsigmask(void *attr, void *set)'),
    sigEmpty: f('int sigemptyset(void *set)'),
    pipe2: f('int pipe2(int *fds, int flags)'),
    waitpid: f('int waitpid(int pid, _Out_ int *status, int options)'),
    errno: () => koffi.errno(),
  };
}

const errnoNames = new Map(Object.entries(os.constants.errno).map(([name, value]) => [value, name]));

/** Node's error for a spawn that failed: `spawn /bin/sh ENOENT`, with code, errno, syscall and path. */
function spawnError(file: string, args: readonly string[], errno: number): NodeJS.ErrnoException {
  const code = errnoNames.get(errno) ?? `E${errno}`;
  const error: NodeJS.ErrnoException & { spawnargs?: string[] } = new Error(`spawn ${file} ${code}`);
  Object.assign(error, { errno: -errno, code, syscall: `spawn ${file}`, path: file, spawnargs: [...args] });
  return error;
}

/** What the executor reads of a ChildProcess: pid, the two pipes, 'error', 'exit' and 'close'. */
class SpawnedChild extends EventEmitter {
  pid: number | undefined;
  stdout: net.Socket | null = null;
  stderr: net.Socket | null = null;
  exitCode: number | null = null;
  signalCode: string | null = null;
  private openPipes = 0;
  private exited = false;

  /** `onPipesClosed`: both pipes are closed, so the child is most likely exiting. */
  attach(pid: number, stdoutFd: number, stderrFd: number, onPipesClosed: () => void): void {
    this.pid = pid;
    this.stdout = this.pipe(stdoutFd, onPipesClosed);
    this.stderr = this.pipe(stderrFd, onPipesClosed);
  }

  private pipe(fd: number, onPipesClosed: () => void): net.Socket {
    const socket = new net.Socket({ fd, readable: true, writable: false });
    this.openPipes++;
    socket.on('close', () => {
      this.openPipes--;
      if (this.openPipes === 0 && !this.exited) onPipesClosed();
      this.maybeClose();
    });
    return socket;
  }

  exit(code: number | null, signal: string | null): void {
    this.exited = true;
    this.exitCode = code;
    this.signalCode = signal;
    this.emit('exit', code, signal);
    this.maybeClose();
  }

  kill(signal: NodeJS.Signals | number = 'SIGTERM'): boolean {
    if (this.pid === undefined || this.exited) return false;
    try {
      process.kill(this.pid, signal);
      return true;
    } catch {
      return false;
    }
  }

  private maybeClose(): void {
    if (this.exited && this.openPipes === 0) this.emit('close', this.exitCode, this.signalCode);
  }
}

const hasNul = (text: string) => text.includes('\0');

/** Without a reaper (the self-test), the caller waits for the child itself. */
function makeSpawn(libc: Libc, reaper: ChildReaper | null): SpawnFn {
  const actions = Buffer.alloc(OPAQUE_BYTES);
  const attr = Buffer.alloc(OPAQUE_BYTES);
  // Every bit set, not sigfillset: that leaves out glibc's two internal signals (32, 33), and the child
  // would then get them ignored (glibc's spawn ignores them rather than run its handlers in the child),
  // which a program inherits across exec. Node's children have them at the default; so do ours.
  const allSignals = Buffer.alloc(OPAQUE_BYTES, 0xff);
  const noSignals = Buffer.alloc(OPAQUE_BYTES);
  libc.sigEmpty(noSignals);
  const out = new Int32Array(2);
  const err = new Int32Array(2);

  return (file, args, options) => {
    const env = Object.entries(options.env ?? process.env)
      .filter(([, value]) => value !== undefined)
      .map(([key, value]) => `${key}=${value}`);
    const cwd = typeof options.cwd === 'string' && options.cwd !== '' ? options.cwd : null;
    // What Node refuses with a thrown error: leave those to it, so the message stays Node's.
    if ([file, ...args, ...env, cwd ?? ''].some(hasNul))
      throw Object.assign(new TypeError('NUL byte in spawn arguments'), { code: 'ERR_INVALID_ARG_VALUE' });
    const child = new SpawnedChild();
    if (libc.pipe2(out, O_CLOEXEC) !== 0) throw spawnError(file, args, libc.errno());
    if (libc.pipe2(err, O_CLOEXEC) !== 0) {
      const errno = libc.errno();
      closeAll([out[0], out[1]]);
      throw spawnError(file, args, errno);
    }
    const pid = [0];
    let result: number;
    libc.actionsInit(actions);
    libc.attrInit(attr);
    try {
      libc.addOpen(actions, 0, '/dev/null', O_RDONLY, 0);
      libc.addDup2(actions, out[1], 1);
      libc.addDup2(actions, err[1], 2);
      if (cwd) libc.addChdir(actions, cwd);
      libc.attrSetFlags(attr, POSIX_SPAWN_SETSID | POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETSIGMASK);
      libc.attrSetSigDefault(attr, allSignals);
      libc.attrSetSigMask(attr, noSignals);
      result = libc.spawn(pid, file, actions, attr, [file, ...args, null], [...env, null]);
    } finally {
      libc.actionsDestroy(actions);
      libc.attrDestroy(attr);
      closeAll([out[1], err[1]]);
    }
    if (result !== 0) {
      closeAll([out[0], err[0]]);
      const error = spawnError(file, args, result);
      process.nextTick(() => child.emit('error', error));
      return child as unknown as ChildProcess;
    }
    child.attach(pid[0], out[0], err[0], () => reaper?.soon(pid[0]));
    reaper?.watch(pid[0], (code, signal) => child.exit(code, signal));
    return child as unknown as ChildProcess;
  };
}

function closeAll(fds: number[]): void {
  for (const fd of fds) {
    try {
      fs.closeSync(fd);
    } catch {
      /* already closed */
    }
  }
}

/** Starts `/bin/sh -c 'exit 3'` and waits for it: whether this binding really spawns and reaps here. */
function provesItself(libc: Libc): boolean {
  const spawn = makeSpawn(libc, null);
  let child: ChildProcess;
  try {
    child = spawn('/bin/sh', ['-c', 'exit 3'], { cwd: '/', env: { PATH: '/usr/bin:/bin' } });
  } catch {
    return false;
  }
  const pid = child.pid;
  child.stdout?.destroy();
  child.stderr?.destroy();
  if (pid === undefined) return false;
  const status = [0];
  // Blocking, once: the shell exits at once. -1 (ECHILD) means something else reaps our children.
  const waited = libc.waitpid(pid, status, 0);
  return waited === pid && decodeWaitStatus(status[0]).code === 3;
}

let loaded: SpawnFn | null | undefined;

/** The posix_spawn-based spawn on Linux with glibc, once proven here; null elsewhere. */
export function loadPosixSpawn(): SpawnFn | null {
  if (loaded !== undefined) return loaded;
  loaded = null;
  if (process.platform !== 'linux') return loaded;
  try {
    const libc = bindLibc();
    if (provesItself(libc)) loaded = makeSpawn(libc, new ChildReaper(libc));
  } catch {
    // koffi or a libc symbol missing: Node's spawn it is.
  }
  return loaded;
}
