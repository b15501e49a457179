// Runs one command through the platform shell and reports how it ended, in plain words.
//
// - stdout and stderr stream into one capped log file (log-writer.ts); memory stays flat whatever the
//   output size: only the last few KB of stderr are kept, for the error summary.
// - stdout lines carrying the progress protocol (progress-parser.ts) reach onProgress / onResult,
//   unthrottled: the caller throttles (progress-throttle.ts).
// - timeout and cancel kill the whole process tree (process-tree.ts).
// - never throws: a spawn failure resolves `done` as `failed` with a message saying what went wrong.
// - Windows: spawned like Node's `shell: true` (windows-command.ts), each run in a Job Object of its own
//   (windows-job.ts), stopped with Ctrl-Break before the job is terminated (process-tree.ts).
// - output is decoded with the task's encoding (output-encoding.ts); the log keeps the raw bytes.
// - Linux: started with posix_spawn (posix-spawn.ts), whose cost does not grow with our memory.
import { spawn as nodeSpawn, type ChildProcess } from 'node:child_process';
import os from 'node:os';
import { CappedLogWriter } from './log-writer';
import { exitMessage, isSuccessExitCode } from './exit-codes';
import { childEnv, workingFolderProblem } from './child-setup';
import { decodeOutput, isPlainUtf8 } from './output-encoding';
import {
  killProcessTree,
  pauseProcessTree,
  processStartTime,
  startTimeIsCheap,
  stopWindowsTree,
} from './process-tree';
import {
  MAX_LINE_BYTES,
  parseOverlongLine,
  parseProtocolLine,
  ProtocolLineScanner,
  type ProgressUpdate,
  type ProtocolMessage,
} from './progress-parser';
import { loadPosixSpawn, type SpawnFn } from './posix-spawn';
import { shellInvocation, windowsCommandProblem } from './windows-command';
import { RunJob } from './windows-job';

export type { ProgressUpdate } from './progress-parser';
export { shellInvocation } from './windows-command';

export interface StartOptions {
  command: string;
  /** '' means the user's home folder. */
  cwd: string;
  /** Merged on top of process.env. */
  env: Record<string, string>;
  logPath: string;
  logCapBytes: number;
  /** 0 = no timeout. */
  timeoutMs: number;
  onProgress?: (p: ProgressUpdate) => void;
  onResult?: (patch: Record<string, unknown>) => void;
  /** Every chunk of output as it arrives, raw (test runs stream it to the editor). */
  onOutput?: (chunk: Buffer, stream: 'stdout' | 'stderr') => void;
  /** How the output bytes are decoded (output-encoding.ts); default `auto`. */
  encoding?: string;
  /** Exit codes that mean success; default [0]. */
  successExitCodes?: readonly number[];
}

export interface ProcessOutcome {
  status: 'success' | 'failed' | 'timed_out' | 'cancelled';
  exitCode: number | null;
  signal: string | null;
  errorMessage: string | null;
  stderrTail: string;
  startedAt: number;
  endedAt: number;
  /** The PATH the command got (shown by test runs). */
  path?: string;
}

export interface RunningProcess {
  pid: number | undefined;
  pidStartedAt: number | null;
  done: Promise<ProcessOutcome>;
  cancel(): void;
  /** Stops or continues the process tree (POSIX); the timeout does not count paused time. */
  setPaused(paused: boolean): void;
}

export const STDERR_TAIL_BYTES = 4096;
/** After the shell exits, how long to wait for its output pipes to close (a backgrounded grandchild may
 * hold them open forever; it is not waited for). */
const PIPE_DRAIN_MS = 1000;
/** Longest stretch spent scanning stdout for protocol lines before yielding to the event loop, and the
 * piece size between clock checks. Plain output scans at GB/s and never yields; a progress flood does. */
const SCAN_SLICE_MS = 2;
const SCAN_PIECE_BYTES = 4 * 1024;

let spawnOverride: SpawnFn | undefined;
/** Replaces the spawn (undefined restores it). For tests of other platforms' branches. */
export function setSpawnForTests(fake: SpawnFn | undefined): void {
  spawnOverride = fake;
}
/** posix_spawn where it proved itself (Linux; posix-spawn.ts says why), Node's spawn elsewhere. */
const spawnImpl: SpawnFn = (file, args, options) =>
  (spawnOverride ?? loadPosixSpawn() ?? nodeSpawn)(file, args, options);

/** Keeps the last `capacity` bytes of a stream. */
class ByteTail {
  private chunks: Buffer[] = [];
  private size = 0;
  constructor(private readonly capacity: number) {}
  push(chunk: Buffer): void {
    const piece = chunk.length > this.capacity ? chunk.subarray(chunk.length - this.capacity) : chunk;
    this.chunks.push(Buffer.from(piece));
    this.size += piece.length;
    while (this.size - this.chunks[0].length >= this.capacity) this.size -= this.chunks.shift()!.length;
  }
  text(encoding: string | undefined): string {
    const all = Buffer.concat(this.chunks);
    return decodeOutput(all.subarray(Math.max(0, all.length - this.capacity)), encoding);
  }
}

const formatSeconds = (ms: number) => String(Math.round(ms / 100) / 10);

/** How a run that never got a process ended: failed, for `errorMessage`. */
export function failedOutcome(errorMessage: string, startedAt: number, endedAt = Date.now()): ProcessOutcome {
  return { status: 'failed', exitCode: null, signal: null, errorMessage, stderrTail: '', startedAt, endedAt };
}

/** A run with no process: nothing to cancel or pause, and `done` already says how it ended. */
export function notStarted(outcome: ProcessOutcome): RunningProcess {
  return {
    pid: undefined,
    pidStartedAt: null,
    cancel: () => {},
    setPaused: () => {},
    done: Promise.resolve(outcome),
  };
}

export function startProcess(opts: StartOptions): RunningProcess {
  const startedAt = Date.now();
  const failEarly = (errorMessage: string) => notStarted(failedOutcome(errorMessage, startedAt));

  const windows = process.platform === 'win32';
  const cwd = opts.cwd === '' ? os.homedir() : opts.cwd;
  const folderProblem = workingFolderProblem(cwd);
  if (folderProblem) return failEarly(folderProblem);
  const commandProblem = windows ? windowsCommandProblem(opts.command, cwd) : null;
  if (commandProblem) return failEarly(commandProblem);

  let log: CappedLogWriter;
  try {
    log = new CappedLogWriter(opts.logPath, opts.logCapBytes);
  } catch (error) {
    return failEarly(`Cannot create the log file ${opts.logPath}: ${(error as Error).message}`);
  }

  const invocation = shellInvocation(opts.command, process.platform, cwd);
  const { file, args } = invocation;
  const env = childEnv(opts.env, windows);
  let child: ChildProcess;
  try {
    child = spawnImpl(file, args, {
      cwd: invocation.cwd,
      env,
      // Own process group on POSIX, so that the whole tree can be signalled at once. Not on Windows, where
      // it means DETACHED_PROCESS: no console, so no Ctrl-Break, and a visible window per console program
      // (see windows-ctrl-break.ts); the Job Object holds the tree there.
      detached: !windows,
      stdio: ['ignore', 'pipe', 'pipe'],
      // Hidden, with a console of the run's own (CREATE_NO_WINDOW): what Ctrl-Break is sent to.
      windowsHide: true,
      windowsVerbatimArguments: invocation.windowsVerbatimArguments,
    });
  } catch (error) {
    log.close();
    return failEarly(`Could not start ${file}: ${(error as Error).message}`);
  }

  const pid = child.pid;
  // Windows: the run's Job Object, assigned before cmd.exe has had time to start anything.
  const job = windows && pid !== undefined ? RunJob.forProcess(pid) : null;
  // Where reading a start time means starting another process (macOS ps, Windows PowerShell), the spawn
  // time stands in for it: recovery compares the two within a tolerance of seconds.
  const pidStartedAt =
    pid === undefined ? null : ((startTimeIsCheap ? processStartTime(pid) : null) ?? Date.now());
  const stderrTail = new ByteTail(STDERR_TAIL_BYTES);
  let endReason: 'timeout' | 'cancel' | null = null;
  let exited = false;
  let settled = false;
  let exitCode: number | null = null;
  let exitSignal: string | null = null;
  let spawnError: Error | null = null;
  let drainTimer: NodeJS.Timeout | null = null;
  let timeoutTimer: NodeJS.Timeout | null = null;

  const safely = (fn: () => void) => {
    try {
      fn();
    } catch {
      // A listener's bug must not break the output stream.
    }
  };
  const onMessage = (message: ProtocolMessage | null) => {
    if (!message) return;
    if (message.kind === 'progress' && opts.onProgress) safely(() => opts.onProgress!(message.update));
    if (message.kind === 'result' && opts.onResult) safely(() => opts.onResult!(message.patch));
  };
  const scanner = new ProtocolLineScanner(
    (line) => onMessage(parseProtocolLine(line)),
    MAX_LINE_BYTES,
    (line) => onMessage(parseOverlongLine(line)), // its counters, and a note that the rest was dropped
    undefined,
    isPlainUtf8(opts.encoding) ? undefined : (bytes) => decodeOutput(bytes, opts.encoding),
  );

  const writeLog = (chunk: Buffer) => {
    try {
      log.write(chunk);
    } catch {
      // Disk full or similar: the run goes on; the log is best effort from here.
    }
  };
  // A 64 KB chunk of progress lines is ~2,000 lines to parse: scan output for at most a few ms at a time,
  // yielding to the event loop in between, so that a flood of progress never blocks the process for long.
  // The pipe is paused meanwhile (the child waits rather than memory growing). Chunks are queued rather
  // than trusting the pause alone: Node resumes a child's pipes by itself when the child exits.
  const stdout = child.stdout!;
  const scanQueue: Buffer[] = [];
  let scanning = false;
  let stdoutEnded = false;
  let closed = false;
  const scanSome = () => {
    if (settled) return;
    const until = performance.now() + SCAN_SLICE_MS;
    while (scanQueue.length > 0 && performance.now() < until) {
      const head = scanQueue[0];
      const piece = head.length <= SCAN_PIECE_BYTES ? head : head.subarray(0, SCAN_PIECE_BYTES);
      scanner.push(piece);
      if (piece === head) scanQueue.shift();
      else scanQueue[0] = head.subarray(piece.length);
    }
    if (scanQueue.length > 0) {
      scanning = true;
      stdout.pause();
      setImmediate(scanSome);
      return;
    }
    if (scanning) {
      scanning = false;
      stdout.resume();
      if (exited && (stdoutEnded || closed)) finish();
    }
  };
  stdout.on('data', (chunk: Buffer) => {
    writeLog(chunk);
    if (opts.onOutput) safely(() => opts.onOutput!(chunk, 'stdout'));
    scanQueue.push(chunk);
    if (!scanning) scanSome();
  });
  stdout.on('end', () => (stdoutEnded = true));
  child.stderr!.on('data', (chunk: Buffer) => {
    writeLog(chunk);
    if (opts.onOutput) safely(() => opts.onOutput!(chunk, 'stderr'));
    stderrTail.push(chunk);
  });

  let resolveDone!: (outcome: ProcessOutcome) => void;
  const done = new Promise<ProcessOutcome>((resolve) => (resolveDone = resolve));

  const kill = (reason: 'timeout' | 'cancel') => {
    if (exited || settled || endReason || pid === undefined) return;
    endReason = reason;
    if (windows) void stopWindowsTree(pid, { job, running: () => !exited });
    else void killProcessTree(pid);
  };
  // The timeout counts running time only: pausing stops its clock, resuming starts it on what is left.
  let timeoutLeftMs = opts.timeoutMs;
  let timeoutArmedAt = 0;
  const armTimeout = () => {
    if (opts.timeoutMs <= 0) return;
    timeoutArmedAt = Date.now();
    timeoutTimer = setTimeout(() => kill('timeout'), timeoutLeftMs);
  };
  armTimeout();
  let paused = false;
  const setPaused = (pause: boolean) => {
    if (pause === paused || exited || settled || endReason || pid === undefined) return;
    paused = pause;
    if (pause && timeoutTimer) {
      clearTimeout(timeoutTimer);
      timeoutTimer = null;
      timeoutLeftMs = Math.max(0, timeoutLeftMs - (Date.now() - timeoutArmedAt));
    }
    pauseProcessTree(pid, pause);
    if (!pause) armTimeout();
  };

  const finish = () => {
    if (settled) return;
    settled = true;
    if (timeoutTimer) clearTimeout(timeoutTimer);
    if (drainTimer) clearTimeout(drainTimer);
    // Windows: whatever the run left behind ends with it (KILL_ON_JOB_CLOSE).
    job?.close();
    scanner.end();
    try {
      log.close();
    } catch {
      /* best effort */
    }
    const tail = stderrTail.text(opts.encoding);
    let status: ProcessOutcome['status'];
    let errorMessage: string | null;
    if (spawnError) {
      status = 'failed';
      errorMessage = `Could not start ${file}: ${spawnError.message}`;
    } else if (endReason === 'timeout') {
      status = 'timed_out';
      errorMessage = `Timed out after ${formatSeconds(opts.timeoutMs)} s`;
    } else if (endReason === 'cancel') {
      status = 'cancelled';
      errorMessage = 'Cancelled';
    } else if (isSuccessExitCode(exitCode, opts.successExitCodes)) {
      status = 'success';
      errorMessage = null;
    } else {
      status = 'failed';
      errorMessage = exitMessage(opts.command, exitCode, exitSignal, tail);
    }
    const outcome: ProcessOutcome = {
      status,
      exitCode,
      signal: exitSignal,
      errorMessage,
      stderrTail: tail,
      startedAt,
      endedAt: Date.now(),
      path: env.PATH ?? env.Path ?? '',
    };
    // A log still being created in the background is written and closed first: whoever reads it next
    // (the record's output tail, the viewer) finds all of it.
    void log.closed.then(() => resolveDone(outcome));
  };

  child.on('error', (error) => {
    // Only a spawn failure (no pid: e.g. the shell itself is missing) matters; later errors are about
    // signalling a process that is already gone.
    if (pid !== undefined) return;
    spawnError = error;
    finish();
  });
  child.on('exit', (code, signal) => {
    exited = true;
    exitCode = code;
    exitSignal = signal;
    // Output may still be in the pipes: wait for 'close', but not for a backgrounded grandchild that
    // keeps them open.
    let extensions = 0;
    const giveUpOnPipes = () => {
      // Still working through output already read: that is ours to finish, not a grandchild's.
      if (scanning && extensions++ < 10) {
        drainTimer = setTimeout(giveUpOnPipes, PIPE_DRAIN_MS);
        return;
      }
      child.stdout?.destroy();
      child.stderr?.destroy();
      finish();
    };
    drainTimer = setTimeout(giveUpOnPipes, PIPE_DRAIN_MS);
  });
  child.on('close', () => {
    closed = true;
    if (exited && !scanning) finish();
  });

  return {
    pid,
    pidStartedAt: pid === undefined ? null : pidStartedAt,
    done,
    cancel: () => kill('cancel'),
    setPaused,
  };
}
