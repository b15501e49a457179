// Doubles for the Windows branches of the runner, strict like the real thing: libuv's command-line quoting
// and cmd.exe's /s /c rule (what cmd.exe really receives and runs), a kernel32 binding that checks call
// order, access rights and handles, and a spawned cmd.exe that reacts to Ctrl-Break and job termination.
import { EventEmitter } from 'node:events';
import { PassThrough } from 'node:stream';
import {
  JOB_OBJECT_EXTENDED_LIMIT_INFORMATION_CLASS,
  JOB_OBJECT_LIMIT_KILL_ON_JOB_CLOSE,
  type JobLimits,
  type Kernel32,
} from '../../src/main/core/runner/windows-job';

/** libuv src/win/process.c quote_cmd_arg, line for line. */
export function quoteCmdArg(source: string): string {
  if (source.length === 0) return '""';
  if (!/[ \t"]/.test(source)) return source;
  if (!/["\\]/.test(source)) return `"${source}"`;
  const out: string[] = [];
  let quoteHit = true;
  for (let i = source.length; i > 0; --i) {
    out.push(source[i - 1]);
    if (quoteHit && source[i - 1] === '\\') out.push('\\');
    else if (source[i - 1] === '"') {
      quoteHit = true;
      out.push('\\');
    } else quoteHit = false;
  }
  return `"${out.reverse().join('')}"`;
}

/** libuv make_program_args: argv[0] is the file itself; verbatim arguments are copied as they are. */
export function libuvCommandLine(file: string, args: string[], verbatim: boolean): string {
  return [file, ...args].map((a) => (verbatim ? a : quoteCmdArg(a))).join(' ');
}

/**
 * What cmd.exe runs for a command line with /s /c (cmd /? : "strip the leading character and remove the
 * last quote character on the command line, preserving any text after the last quote").
 */
export function cmdRuns(commandLine: string): string {
  const match = /\s\/c\s+/i.exec(commandLine);
  if (!match) throw new Error('no /c');
  const rest = commandLine.slice(match.index + match[0].length);
  if (!/\s\/s\s/i.test(commandLine.slice(0, match.index + 1))) throw new Error('expected /s');
  if (!rest.startsWith('"')) return rest;
  const last = rest.lastIndexOf('"');
  return rest.slice(1, last) + rest.slice(last + 1);
}

export interface FakeProcess {
  pid: number;
  alive: boolean;
  /** Ends at Ctrl-Break (a well-behaved console program) or only when terminated. */
  obeysCtrlBreak: boolean;
  jobs: Set<FakeHandle>;
  exit(code: number): void;
}

interface FakeHandle {
  kind: 'job' | 'process';
  closed: boolean;
  access?: number;
  pid?: number;
  limitsSet?: boolean;
  killOnClose?: boolean;
}

export class FakeWindows {
  readonly calls: string[] = [];
  readonly handles: FakeHandle[] = [];
  readonly processes = new Map<number, FakeProcess>();
  private nextPid = 4000;
  readonly extendedLimitSize = 144;

  private open(handle: unknown, kind: FakeHandle['kind']): FakeHandle {
    const h = handle as FakeHandle;
    if (!this.handles.includes(h) || h.kind !== kind) throw new Error(`not a ${kind} handle`);
    if (h.closed) throw new Error(`${kind} handle used after CloseHandle`);
    return h;
  }

  readonly kernel32: Kernel32 = {
    extendedLimitSize: this.extendedLimitSize,
    CreateJobObjectW: (attributes, name) => {
      if (attributes !== null || name !== null) throw new Error('unexpected job attributes');
      this.calls.push('CreateJobObjectW');
      const h: FakeHandle = { kind: 'job', closed: false };
      this.handles.push(h);
      return h;
    },
    SetInformationJobObject: (job, infoClass, info: JobLimits, size) => {
      const h = this.open(job, 'job');
      if (infoClass !== JOB_OBJECT_EXTENDED_LIMIT_INFORMATION_CLASS) throw new Error('wrong class');
      if (size !== this.extendedLimitSize) throw new Error('wrong size');
      this.calls.push(`SetInformationJobObject(${info.BasicLimitInformation.LimitFlags.toString(16)})`);
      h.limitsSet = true;
      h.killOnClose = (info.BasicLimitInformation.LimitFlags & JOB_OBJECT_LIMIT_KILL_ON_JOB_CLOSE) !== 0;
      return true;
    },
    OpenProcess: (access, inherit, pid) => {
      this.calls.push(`OpenProcess(${access.toString(16)}, ${inherit}, ${pid})`);
      const p = this.processes.get(pid);
      if (!p || !p.alive) return null;
      const h: FakeHandle = { kind: 'process', closed: false, access, pid };
      this.handles.push(h);
      return h;
    },
    AssignProcessToJobObject: (job, process) => {
      const j = this.open(job, 'job');
      const p = this.open(process, 'process');
      // PROCESS_SET_QUOTA | PROCESS_TERMINATE are required by the real call.
      if ((p.access! & 0x0101) !== 0x0101) throw new Error('process handle lacks SET_QUOTA|TERMINATE');
      if (!j.limitsSet) throw new Error('assigned before the limits were set');
      this.calls.push(`AssignProcessToJobObject(${p.pid})`);
      this.processes.get(p.pid!)!.jobs.add(j);
      return true;
    },
    TerminateJobObject: (job, exitCode) => {
      const j = this.open(job, 'job');
      this.calls.push(`TerminateJobObject(${exitCode})`);
      this.killJob(j, exitCode);
      return true;
    },
    CloseHandle: (handle) => {
      const h = handle as FakeHandle;
      if (!this.handles.includes(h)) throw new Error('CloseHandle on a foreign handle');
      if (h.closed) throw new Error('handle closed twice');
      h.closed = true;
      this.calls.push(`CloseHandle(${h.kind})`);
      if (h.kind === 'job' && h.killOnClose) this.killJob(h, 1);
      return true;
    },
    GetLastError: () => 5,
  };

  private killJob(job: FakeHandle, code: number): void {
    for (const p of this.processes.values()) if (p.alive && p.jobs.has(job)) p.exit(code);
  }

  openHandles(): FakeHandle[] {
    return this.handles.filter((h) => !h.closed);
  }

  /** A spawn double: a cmd.exe that never ends by itself until told (`exitAfterMs`) or stopped. */
  spawn(
    options: { obeysCtrlBreak?: boolean; exitAfterMs?: number; exitCode?: number; stderr?: Buffer } = {},
  ) {
    const processes = this.processes;
    const nextPid = () => this.nextPid++;
    const spawned: { file: string; args: string[]; options: Record<string, unknown> }[] = [];
    const spawn = (file: string, args: string[], opts: Record<string, unknown>) => {
      spawned.push({ file, args, options: opts });
      const child = new EventEmitter() as EventEmitter & {
        pid: number;
        stdout: PassThrough;
        stderr: PassThrough;
        kill: () => boolean;
      };
      child.pid = nextPid();
      child.stdout = new PassThrough();
      child.stderr = new PassThrough();
      child.kill = () => true;
      const proc: FakeProcess = {
        pid: child.pid,
        alive: true,
        obeysCtrlBreak: options.obeysCtrlBreak ?? true,
        jobs: new Set(),
        exit(code: number) {
          if (!proc.alive) return;
          proc.alive = false;
          setImmediate(() => {
            child.stdout.end();
            child.stderr.end();
            child.emit('exit', code, null);
            setImmediate(() => child.emit('close', code, null));
          });
        },
      };
      processes.set(child.pid, proc);
      if (options.stderr) child.stderr.write(options.stderr);
      if (options.exitAfterMs !== undefined)
        setTimeout(() => proc.exit(options.exitCode ?? 0), options.exitAfterMs);
      return child;
    };
    return { spawn, spawned };
  }

  /** The Ctrl-Break helper double: delivers the event to the fake process as Windows would. */
  readonly ctrlBreaks: { pid: number; at: number }[] = [];
  ctrlBreakRunner = async (_file: string, args: string[]): Promise<string> => {
    const pid = Number(args[args.length - 1]);
    this.calls.push(`CtrlBreak(${pid})`);
    this.ctrlBreaks.push({ pid, at: Date.now() });
    const p = this.processes.get(pid);
    if (!p || !p.alive) return 'attach-failed';
    if (p.obeysCtrlBreak) p.exit(0xc000013a);
    return 'sent';
  };
}

/** Runs `fn` with process.platform reading `platform`. */
export async function onPlatform<T>(platform: NodeJS.Platform, fn: () => Promise<T>): Promise<T> {
  const original = Object.getOwnPropertyDescriptor(process, 'platform')!;
  Object.defineProperty(process, 'platform', { ...original, value: platform });
  try {
    return await fn();
  } finally {
    Object.defineProperty(process, 'platform', original);
  }
}
