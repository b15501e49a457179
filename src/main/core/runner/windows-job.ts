// Windows: every run lives in its own Job Object, so that no process of the run outlives it.
//
// Node puts the cmd.exe it spawns into libuv's global job (killed when Cronkeeper exits), but that job
// lets cmd's own children break away silently, and `taskkill /T` misses a child whose parent has already
// exited. A job of our own, with JOB_OBJECT_LIMIT_KILL_ON_JOB_CLOSE and without breakaway, holds the whole
// tree (Windows 8+ nests jobs): TerminateJobObject ends every process in it, and if Cronkeeper dies (crash,
// logoff, closed console) the kernel closes our handle and kills the tree for us.
//
// The kernel32 calls go through koffi (a prebuilt FFI, no compiler needed), behind the small Kernel32
// interface so that tests on any OS can replace it with a strict double. Gap, documented: a process the
// command starts within the first instant, before AssignProcessToJobObject returns, is not in the job;
// cmd.exe takes milliseconds to start, so in practice the job is assigned first.
import { createRequire } from 'node:module';
import type { TypeObject } from 'koffi';

/** A Windows HANDLE as the binding returns it (opaque). */
export type Handle = unknown;

export interface Kernel32 {
  CreateJobObjectW(attributes: null, name: null): Handle | null;
  SetInformationJobObject(job: Handle, infoClass: number, info: JobLimits, size: number): boolean;
  OpenProcess(access: number, inherit: 0 | 1, pid: number): Handle | null;
  AssignProcessToJobObject(job: Handle, process: Handle): boolean;
  TerminateJobObject(job: Handle, exitCode: number): boolean;
  CloseHandle(handle: Handle): boolean;
  GetLastError(): number;
  /** sizeof(JOBOBJECT_EXTENDED_LIMIT_INFORMATION) for this binding. */
  extendedLimitSize: number;
}

export interface JobLimits {
  BasicLimitInformation: { LimitFlags: number };
}

export const JOB_OBJECT_LIMIT_KILL_ON_JOB_CLOSE = 0x2000;
export const JOB_OBJECT_EXTENDED_LIMIT_INFORMATION_CLASS = 9;
const PROCESS_TERMINATE = 0x0001;
const PROCESS_SET_QUOTA = 0x0100;

/**
 * JOBOBJECT_EXTENDED_LIMIT_INFORMATION as koffi lays it out (144 bytes on 64-bit Windows, 112 on 32-bit),
 * exported so that a test can check the layout on any OS.
 */
export function defineJobLimitStruct(koffi: typeof import('koffi')): TypeObject {
  const basic = koffi.struct('JOBOBJECT_BASIC_LIMIT_INFORMATION', {
    PerProcessUserTimeLimit: 'int64',
    PerJobUserTimeLimit: 'int64',
    LimitFlags: 'uint32',
    MinimumWorkingSetSize: 'size_t',
    MaximumWorkingSetSize: 'size_t',
    ActiveProcessLimit: 'uint32',
    Affinity: 'uintptr_t',
    PriorityClass: 'uint32',
    SchedulingClass: 'uint32',
  });
  const io = koffi.struct('IO_COUNTERS', {
    ReadOperationCount: 'uint64',
    WriteOperationCount: 'uint64',
    OtherOperationCount: 'uint64',
    ReadTransferCount: 'uint64',
    WriteTransferCount: 'uint64',
    OtherTransferCount: 'uint64',
  });
  return koffi.struct('JOBOBJECT_EXTENDED_LIMIT_INFORMATION', {
    BasicLimitInformation: basic,
    IoInfo: io,
    ProcessMemoryLimit: 'size_t',
    JobMemoryLimit: 'size_t',
    PeakProcessMemoryUsed: 'size_t',
    PeakJobMemoryUsed: 'size_t',
  });
}

/** The real binding, loaded on first use on Windows only; null where koffi or kernel32 is unavailable. */
function loadKernel32(): Kernel32 | null {
  try {
    const koffi = createRequire(__filename)('koffi');
    const lib = koffi.load('kernel32.dll');
    const HANDLE = koffi.pointer('HANDLE', koffi.opaque());
    const extended = defineJobLimitStruct(koffi);
    // Win32 BOOL is a 32-bit int: declared as int, turned into a boolean here.
    const fn = (signature: string) => lib.func(signature);
    const yes =
      (call: (...args: unknown[]) => number) =>
      (...args: unknown[]) =>
        call(...args) !== 0;
    const setInformation = lib.func('SetInformationJobObject', 'int', [
      HANDLE,
      'int',
      koffi.pointer(extended),
      'uint32',
    ]);
    return {
      CreateJobObjectW: fn('HANDLE __stdcall CreateJobObjectW(void *attributes, const char16_t *name)'),
      SetInformationJobObject: yes(setInformation),
      OpenProcess: fn('HANDLE __stdcall OpenProcess(uint32 access, int inherit, uint32 pid)'),
      AssignProcessToJobObject: yes(fn('int __stdcall AssignProcessToJobObject(HANDLE job, HANDLE process)')),
      TerminateJobObject: yes(fn('int __stdcall TerminateJobObject(HANDLE job, uint32 exitCode)')),
      CloseHandle: yes(fn('int __stdcall CloseHandle(HANDLE handle)')),
      GetLastError: fn('uint32 __stdcall GetLastError()'),
      extendedLimitSize: koffi.sizeof(extended),
    };
  } catch {
    return null;
  }
}

let binding: Kernel32 | null | undefined;
let override: Kernel32 | null | undefined;

/** The kernel32 binding (tests install a double with setKernel32ForTests). */
export function kernel32(): Kernel32 | null {
  if (override !== undefined) return override;
  if (binding === undefined) binding = process.platform === 'win32' ? loadKernel32() : null;
  return binding;
}

/** Replaces the binding (undefined restores the real one). For tests. */
export function setKernel32ForTests(fake: Kernel32 | null | undefined): void {
  override = fake;
}

/** One run's Job Object. Every method is safe to call more than once and after close. */
export class RunJob {
  private closed = false;
  private constructor(
    private readonly k: Kernel32,
    private readonly job: Handle,
  ) {}

  /**
   * A job holding `pid`'s process (and so every process it starts from now on), or null with the reason
   * when the platform cannot give one: the caller falls back to taskkill.
   */
  static forProcess(pid: number, log: (line: string) => void = () => {}): RunJob | null {
    const k = kernel32();
    if (!k) return null;
    const job = k.CreateJobObjectW(null, null);
    if (!job) {
      log(`Windows job object not created (error ${k.GetLastError()})`);
      return null;
    }
    const limits: JobLimits = { BasicLimitInformation: { LimitFlags: JOB_OBJECT_LIMIT_KILL_ON_JOB_CLOSE } };
    const process = k.SetInformationJobObject(
      job,
      JOB_OBJECT_EXTENDED_LIMIT_INFORMATION_CLASS,
      limits,
      k.extendedLimitSize,
    )
      ? k.OpenProcess(PROCESS_SET_QUOTA | PROCESS_TERMINATE, 0, pid)
      : null;
    const assigned = process ? k.AssignProcessToJobObject(job, process) : false;
    const error = assigned ? 0 : k.GetLastError();
    if (process) k.CloseHandle(process);
    if (!assigned) {
      k.CloseHandle(job);
      log(`Windows job object not assigned to process ${pid} (error ${error})`);
      return null;
    }
    return new RunJob(k, job);
  }

  /** Ends every process in the run at once (the tree, including orphans whose parent already exited). */
  terminate(exitCode = 1): void {
    if (this.closed) return;
    this.k.TerminateJobObject(this.job, exitCode);
  }

  /** Lets go of the job: the kernel kills whatever of the run is still alive (KILL_ON_JOB_CLOSE). */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.k.CloseHandle(this.job);
  }
}
