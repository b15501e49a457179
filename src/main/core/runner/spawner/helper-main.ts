// The run helper's entry point: a small process of its own that starts the runs' commands for the scheduler
// (why: protocol.ts). Started by the app as an Electron utility process (shell/run-helper.ts), by `serve` and
// the benches with child_process.fork (transport.ts). It ends when the process that started it does: a
// fork's IPC channel closes, and Electron ends its utility processes with the app.
import { serveRuns, type HelperPort } from './helper-runs';
import type { FromHelper } from './protocol';

interface ParentPort {
  on(event: 'message', listener: (event: { data: unknown }) => void): void;
  postMessage(message: unknown): void;
}

function electronPort(parentPort: ParentPort): HelperPort {
  return {
    send: (message: FromHelper) => parentPort.postMessage(message),
    onMessage: (listener) => parentPort.on('message', (event) => listener(event.data)),
  };
}

function forkPort(): HelperPort {
  // The scheduler's process is gone (quit or killed): nothing is left to report to. The commands still
  // running lose their output pipes, as they would have if the scheduler's process had started them.
  process.on('disconnect', () => process.exit(0));
  return {
    send: (message: FromHelper) => {
      if (process.connected) process.send!(message);
    },
    onMessage: (listener) => process.on('message', listener),
  };
}

// Every run's environment starts from ours (child-setup.ts), and reading Node's process.env calls getenv
// once per variable: 55 us a run with 67 variables, on the thread that spawns a burst's runs one after
// another. Nothing in the helper changes its environment, and children get theirs passed explicitly, so
// a plain copy stands in for it from here on.
process.env = { ...process.env };

const parentPort = (process as unknown as { parentPort?: ParentPort }).parentPort;
if (parentPort) serveRuns(electronPort(parentPort));
else if (process.send) serveRuns(forkPort());
else {
  console.error('The Cronkeeper run helper is started by Cronkeeper, not by hand.');
  process.exit(2);
}
