// The run helper in the desktop app: an Electron utility process (runner/spawner/ explains why runs start
// in a helper). Not child_process.fork: with the packaged app's RunAsNode fuse off, forking the app's own
// binary would start a second app rather than Node. Electron ends its utility processes with the app.
import { utilityProcess } from 'electron';
import type { FromHelper } from '../core/runner/spawner/protocol';
import type { HelperLauncher } from '../core/runner/spawner/transport';

export function utilityRunHelper(script: string): HelperLauncher {
  return () => {
    const child = utilityProcess.fork(script, [], {
      serviceName: 'Cronkeeper run helper',
      // The runs' environment starts from ours (login-env.ts adds the login shell's to each start).
      env: { ...process.env },
      stdio: 'inherit',
    });
    let exited = false;
    child.on('exit', () => (exited = true));
    return {
      get pid() {
        return child.pid;
      },
      send: (message) => {
        if (!exited) child.postMessage(message);
      },
      onMessage: (listener) => child.on('message', (message: unknown) => listener(message as FromHelper)),
      onExit: (listener) => child.on('exit', (code: number) => listener(code, null)),
      kill: () => void child.kill(),
    };
  };
}
