// How the scheduler's process talks to its run helper: a small interface the client (client.ts) uses, and
// its plain-Node form, child_process.fork. The Electron shell supplies another form (an Electron utility
// process, shell/run-helper.ts): with the packaged app's RunAsNode fuse off, a fork of the app's own binary
// would start a second app instead of Node.
import { fork } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import type { FromHelper, ToHelper } from './protocol';

export interface HelperTransport {
  readonly pid: number | undefined;
  send(message: ToHelper): void;
  onMessage(listener: (message: FromHelper) => void): void;
  /** The helper ended (crashed, killed, or after kill()). */
  onExit(listener: (code: number | null, signal: string | null) => void): void;
  kill(): void;
}

/** Starts one helper process. Called again after a helper has died. */
export type HelperLauncher = () => HelperTransport;

/** A helper forked with plain Node: `serve`, the browser host, the benches and the tests. */
export function forkHelper(script: string): HelperLauncher {
  return () => {
    const child = fork(script, [], {
      // Structured clone: outcomes and batches cross without a JSON round trip.
      serialization: 'advanced',
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
      // A process group of its own: a Ctrl-C or a closed terminal signals `serve`'s group, and `serve` then
      // stops gracefully (running jobs get their grace time); a helper in that group would die at once and
      // take the jobs with it. It still ends with `serve`: its IPC channel closes (helper-main.ts).
      detached: process.platform !== 'win32',
      // The TypeScript source (tests, benches) runs through tsx; the built helper is plain JavaScript.
      execArgv: script.endsWith('.ts') ? ['--import', 'tsx'] : [],
    });
    // A send to a helper that just died must not throw: its exit is handled by the client.
    child.on('error', () => {});
    return {
      get pid() {
        return child.pid;
      },
      send: (message) => {
        if (child.connected) child.send(message);
      },
      onMessage: (listener) => child.on('message', (message) => listener(message as FromHelper)),
      onExit: (listener) => child.on('exit', (code, signal) => listener(code, signal)),
      kill: () => void child.kill(),
    };
  };
}

/**
 * The built helper (spawner.js, beside the built CLI and the app's main script) seen from `dir` or up to two
 * folders above it (a bundle's chunks sit one folder down), or null.
 */
export function findBuiltHelper(dir: string): string | null {
  for (let at = dir, i = 0; i < 3; i++, at = path.dirname(at)) {
    const candidate = path.join(at, 'spawner.js');
    if (fs.existsSync(candidate)) return candidate;
  }
  return null;
}
