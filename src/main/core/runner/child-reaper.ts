// Waits for the children posix-spawn.ts starts, and says how each ended.
//
// libuv reaps only the pids it started itself (waitpid per pid, never -1), so these are ours to reap:
// - on every SIGCHLD, each watched pid is asked with waitpid(WNOHANG);
// - when a child's pipes close (it is exiting), again a few times within ~50 ms, in case the signal
//   raced the exit;
// - and once a second while any is watched, in case a signal was missed; nothing runs when none is.
import os from 'node:os';

export interface LibcWait {
  waitpid(pid: number, status: number[], options: number): number;
}

export type ExitListener = (code: number | null, signal: string | null) => void;

const WNOHANG = 1;
const SAFETY_POLL_MS = 1000;
const SOON_MS = [2, 10, 50];

const signalNames = new Map(Object.entries(os.constants.signals).map(([name, value]) => [value, name]));

/** An exit status as waitpid gives it: the code for a normal exit, else the signal's name. */
export function decodeWaitStatus(status: number): { code: number | null; signal: string | null } {
  const termSignal = status & 0x7f;
  if (termSignal === 0) return { code: (status >> 8) & 0xff, signal: null };
  return { code: null, signal: signalNames.get(termSignal) ?? `SIG${termSignal}` };
}

export class ChildReaper {
  private readonly watched = new Map<number, ExitListener>();
  private poll: NodeJS.Timeout | null = null;
  private readonly onSignal = () => this.reap();
  private readonly status = [0];

  constructor(private readonly libc: LibcWait) {}

  watch(pid: number, onExit: ExitListener): void {
    this.watched.set(pid, onExit);
    if (this.poll) return;
    process.on('SIGCHLD', this.onSignal);
    this.poll = setInterval(() => this.reap(), SAFETY_POLL_MS);
  }

  /** A watched child's pipes closed: it is on its way out; look a few times shortly. */
  soon(pid: number): void {
    for (const ms of SOON_MS) {
      setTimeout(() => {
        if (this.watched.has(pid)) this.reapOne(pid);
      }, ms);
    }
  }

  get size(): number {
    return this.watched.size;
  }

  reap(): void {
    for (const pid of [...this.watched.keys()]) this.reapOne(pid);
  }

  private reapOne(pid: number): void {
    const onExit = this.watched.get(pid);
    if (!onExit) return;
    const waited = this.libc.waitpid(pid, this.status, WNOHANG);
    if (waited === 0) return; // still running
    this.watched.delete(pid);
    if (this.watched.size === 0) this.stop();
    // -1: not our child any more (someone else reaped it); how it ended is unknown.
    const { code, signal } = waited === pid ? decodeWaitStatus(this.status[0]) : { code: null, signal: null };
    onExit(code, signal);
  }

  private stop(): void {
    process.off('SIGCHLD', this.onSignal);
    if (this.poll) clearInterval(this.poll);
    this.poll = null;
  }
}
