// Killing a task's whole process tree, and telling our process apart from a stranger that reused its pid.
//
// POSIX: the task's shell is spawned `detached`, so it leads its own process group and every descendant
// that does not deliberately leave it (setsid) is in that group. We SIGTERM the group, give it ~2 s, then
// SIGKILL it. Windows: a run is asked with Ctrl-Break (windows-ctrl-break.ts), gets the same grace, then its
// Job Object is terminated (windows-job.ts); `taskkill /T /F` only where there is no job (recovery).
//
// Liveness on Linux ignores zombies: a killed process whose parent is gone stays a zombie until PID 1 reaps
// it, and some PID 1s (containers, VMs) never do. A zombie is dead for every purpose that matters here.
import { execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import { sendCtrlBreak } from './windows-ctrl-break';
import type { RunJob } from './windows-job';

export const KILL_GRACE_MS = 2000;
const POLL_MS = 50;
/** Start times from different sources (/proc ticks + boot time, ps) agree to within this. */
const START_TIME_TOLERANCE_MS = 2000;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

interface ProcStat {
  state: string;
  pgrp: number;
  startTicks: number;
}

/**
 * /proc/<pid>/stat as a reader of its fields by number (proc(5): 3 is the state), or null when the process is
 * gone. The command name (field 2) may contain spaces and parentheses, so fields are counted after it.
 */
export function procStatFields(pid: number | string): ((field: number) => string) | null {
  let text: string;
  try {
    text = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
  } catch {
    return null;
  }
  const rest = text.slice(text.lastIndexOf(')') + 2).split(' '); // rest[0] is field 3
  return (field) => rest[field - 3];
}

function readProcStat(pid: number | string): ProcStat | null {
  const field = procStatFields(pid);
  return field && { state: field(3), pgrp: Number(field(5)), startTicks: Number(field(22)) };
}

const hasProc = () => process.platform === 'linux' && fs.existsSync('/proc/self/stat');

/** Whether a process with this pid exists (and, on Linux, is not a zombie). */
export function isAlive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EPERM') return false;
  }
  if (hasProc()) {
    const stat = readProcStat(pid);
    return stat !== null && stat.state !== 'Z' && stat.state !== 'X';
  }
  return true;
}

/** Whether any live (non-zombie) process is still in process group `pgid`. */
function groupAlive(pgid: number): boolean {
  try {
    process.kill(-pgid, 0);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EPERM') return false;
  }
  if (!hasProc()) return true;
  for (const entry of fs.readdirSync('/proc')) {
    if (entry.charCodeAt(0) < 48 || entry.charCodeAt(0) > 57) continue; // not a pid
    const stat = readProcStat(entry);
    if (stat && stat.pgrp === pgid && stat.state !== 'Z' && stat.state !== 'X') return true;
  }
  return false;
}

function signalGroup(pgid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pgid, signal);
  } catch {
    // Already gone, or not a group leader we own: fall back to the single process.
    try {
      process.kill(pgid, signal);
    } catch {
      /* gone */
    }
  }
}

/**
 * Kills `pid` and all its descendants. POSIX: signals the process group led by `pid` (the executor spawns
 * detached), escalating to SIGKILL after ~2 s. Resolves when the group is gone or SIGKILL has been sent.
 */
export async function killProcessTree(pid: number, signal: NodeJS.Signals = 'SIGTERM'): Promise<void> {
  if (!Number.isInteger(pid) || pid <= 0) return;
  if (process.platform === 'win32') return taskkill(pid);
  signalGroup(pid, signal);
  if (signal === 'SIGKILL') return;
  // A paused (stopped) tree acts on SIGTERM only once continued.
  signalGroup(pid, 'SIGCONT');
  const deadline = Date.now() + KILL_GRACE_MS;
  while (Date.now() < deadline) {
    await sleep(POLL_MS);
    if (!groupAlive(pid)) return;
  }
  signalGroup(pid, 'SIGKILL');
}

let spawnTaskkill: typeof spawn = spawn;
/** Replaces how taskkill is started (undefined restores it). For tests of the Windows branch. */
export function setTaskkillSpawnForTests(fake: typeof spawn | undefined): void {
  spawnTaskkill = fake ?? spawn;
}

function taskkill(pid: number): Promise<void> {
  return new Promise<void>((resolve) => {
    const child = spawnTaskkill('taskkill', ['/PID', String(pid), '/T', '/F'], {
      windowsHide: true,
      stdio: 'ignore',
    });
    child.on('error', () => resolve());
    child.on('exit', () => resolve());
  });
}

/**
 * Windows: stops a run gracefully. Ctrl-Break to the processes on its console, up to KILL_GRACE_MS for the
 * command to end by itself (what SIGTERM gets on POSIX), then every process of its job at once; without a
 * job (the binding is missing) `taskkill /T /F`.
 */
export async function stopWindowsTree(
  pid: number,
  run: { job: RunJob | null; running: () => boolean },
): Promise<void> {
  if (!Number.isInteger(pid) || pid <= 0) return;
  if (await sendCtrlBreak(pid)) {
    const deadline = Date.now() + KILL_GRACE_MS;
    while (run.running() && Date.now() < deadline) await sleep(POLL_MS);
  }
  // Even when the command ended by itself, what it started may still run: the job ends all of it.
  if (run.job) run.job.terminate();
  else if (run.running()) await taskkill(pid);
}

/** Whether a run's process tree can be paused here: POSIX job control (Windows has no SIGSTOP). */
export const canPauseProcesses = process.platform !== 'win32';

/**
 * Stops (SIGSTOP) or continues (SIGCONT) the process group led by `pid`: pausing a run. SIGSTOP cannot be
 * caught, so a paused job uses no CPU until continued; its timers and sockets carry on in the kernel.
 */
export function pauseProcessTree(pid: number, paused: boolean): void {
  if (!canPauseProcesses || !Number.isInteger(pid) || pid <= 0) return;
  signalGroup(pid, paused ? 'SIGSTOP' : 'SIGCONT');
}

let bootTimeMs: number | null | undefined;
function linuxBootTimeMs(): number | null {
  if (bootTimeMs !== undefined) return bootTimeMs;
  try {
    const match = /^btime\s+(\d+)/m.exec(fs.readFileSync('/proc/stat', 'utf8'));
    bootTimeMs = match ? Number(match[1]) * 1000 : null;
  } catch {
    bootTimeMs = null;
  }
  return bootTimeMs;
}

/** Clock ticks per second for /proc times; 100 on every mainstream Linux architecture. */
export const LINUX_CLK_TCK = 100;

type RunCommand = (file: string, args: string[]) => string;

const runCommand: RunCommand = (file, args) =>
  execFileSync(file, args, {
    encoding: 'utf8',
    env: { ...process.env, LC_ALL: 'C' },
    stdio: ['ignore', 'pipe', 'ignore'],
    windowsHide: true,
    timeout: 15_000,
  });

/**
 * Windows: the creation time of `pid` through CIM, as epoch ms, or null when the process is gone. PowerShell
 * takes a few hundred ms to start, so this is for recovery (once per leftover run at start-up), never for
 * the spawn path: there the executor takes its own spawn time, which is within milliseconds of the truth.
 */
export function windowsProcessStartTime(pid: number, run: RunCommand = runCommand): number | null {
  if (!Number.isInteger(pid) || pid <= 0) return null;
  const script =
    `$p = Get-CimInstance Win32_Process -Filter 'ProcessId=${pid}'; ` +
    'if ($p) { ([DateTimeOffset]$p.CreationDate).ToUnixTimeMilliseconds() }';
  try {
    const out = run('powershell.exe', ['-NoProfile', '-NonInteractive', '-Command', script]).trim();
    return /^\d+$/.test(out) ? Number(out) : null;
  } catch {
    return null;
  }
}

/** Whether processStartTime is cheap enough for the spawn path (a file read, not another process). */
export const startTimeIsCheap = process.platform === 'linux';

/** When the process started (epoch ms), or null where it cannot be told (the pid is gone). */
export function processStartTime(pid: number): number | null {
  if (!Number.isInteger(pid) || pid <= 0) return null;
  if (process.platform === 'linux') {
    const stat = readProcStat(pid);
    const boot = linuxBootTimeMs();
    if (!stat || boot === null || !Number.isFinite(stat.startTicks)) return null;
    return Math.round(boot + (stat.startTicks * 1000) / LINUX_CLK_TCK);
  }
  if (process.platform === 'darwin') {
    try {
      const out = execFileSync('ps', ['-o', 'lstart=', '-p', String(pid)], {
        encoding: 'utf8',
        env: { ...process.env, LC_ALL: 'C' },
        stdio: ['ignore', 'pipe', 'ignore'],
      }).trim();
      const time = Date.parse(out);
      return Number.isFinite(time) ? time : null;
    } catch {
      return null;
    }
  }
  if (process.platform === 'win32') return windowsProcessStartTime(pid);
  return null;
}

/** True only if `pid` is alive AND started at `startedAt` (so a reused pid is never mistaken for ours). */
export function isSameProcess(pid: number, startedAt: number | null): boolean {
  if (startedAt === null || !Number.isFinite(startedAt) || !isAlive(pid)) return false;
  const actual = processStartTime(pid);
  return actual !== null && Math.abs(actual - startedAt) <= START_TIME_TOLERANCE_MS;
}
