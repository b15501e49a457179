// "Keep the computer awake while it runs". In the app the shell holds Electron's powerSaveBlocker for the
// run; in `serve` there is no Electron, so we ask the platform's own tool to hold a sleep lock for as long
// as the run's process lives:
// - Linux: `systemd-inhibit --what=sleep:idle … sh -c 'while kill -0 PID; do sleep 2; done'` (logind drops
//   the lock when that watcher exits, so a crash of ours cannot leave the machine awake forever);
// - macOS: `caffeinate -i -w PID` (prevents idle sleep until PID exits);
// - Windows: not available in `serve` (SetThreadExecutionState only holds while the calling thread lives
//   and is not tied to the run's process); the run goes ahead and its record says so.
import { spawn, type ChildProcess } from 'node:child_process';

export interface KeepAwakeHold {
  /** Ends the hold (idempotent). */
  release(): void;
  /** Why the computer could not be kept awake, or null when it is. Recorded on the run. */
  readonly problem: string | null;
}

/** Holds the computer awake for one run. The app's version wraps powerSaveBlocker; `serve` uses the OS. */
export type KeepAwake = (pid: number, why: string) => Promise<KeepAwakeHold>;

export function keepAwakeCommand(
  platform: NodeJS.Platform,
  pid: number,
  why: string,
): { command: string; args: string[] } | null {
  const reason = why.replace(/[\r\n]+/g, ' ').slice(0, 200);
  if (platform === 'linux') {
    return {
      command: 'systemd-inhibit',
      args: [
        '--what=sleep:idle',
        '--who=Cronkeeper',
        `--why=${reason}`,
        '--mode=block',
        'sh',
        '-c',
        'while kill -0 "$1" 2>/dev/null; do sleep 2; done',
        'cronkeeper-keep-awake',
        String(pid),
      ],
    };
  }
  if (platform === 'darwin') return { command: 'caffeinate', args: ['-i', '-w', String(pid)] };
  return null;
}

const held = (child: ChildProcess | null, problem: string | null, tool = ''): KeepAwakeHold => {
  let released = false;
  let lost: string | null = null;
  // A tool that dies before the run ends (logind restarted, killed by the user) ends the lock: say so.
  child?.once('exit', (code, signal) => {
    if (!released)
      lost = `${tool} ended during the run (${signal ?? `code ${code}`}): the computer could sleep.`;
  });
  return {
    get problem() {
      return problem ?? lost;
    },
    release() {
      if (released) return;
      released = true;
      if (child && child.exitCode === null && child.signalCode === null) child.kill();
    },
  };
};

/** The `serve` KeepAwake: the platform's tool, or a hold that says why it could not. */
export function osKeepAwake(platform: NodeJS.Platform = process.platform): KeepAwake {
  return async (pid, why) => {
    const command = keepAwakeCommand(platform, pid, why);
    if (!command) return held(null, 'Keeping the computer awake is not available in serve on this platform.');
    return new Promise<KeepAwakeHold>((resolve) => {
      const child = spawn(command.command, command.args, { stdio: 'ignore', windowsHide: true });
      let settled = false;
      const settle = (hold: KeepAwakeHold) => {
        if (settled) return;
        settled = true;
        resolve(hold);
      };
      child.once('error', (err: NodeJS.ErrnoException) =>
        settle(
          held(
            null,
            err.code === 'ENOENT'
              ? `${command.command} is not installed: the computer may sleep during the run.`
              : `${command.command} failed: ${err.message}`,
          ),
        ),
      );
      // A tool that exits at once could not take the lock (e.g. no logind in a container).
      child.once('exit', (code) =>
        settle(held(null, `${command.command} exited with code ${code}: no sleep lock.`)),
      );
      child.once('spawn', () => setTimeout(() => settle(held(child, null, command.command)), 150));
      child.unref();
    });
  };
}
