// Windows: asking a run to stop gracefully, the way Ctrl-Break in its console would, before its job is
// terminated (the Windows counterpart of SIGTERM and its grace period).
//
// process.kill(pid, 'SIGBREAK') cannot do it: libuv's uv_kill on Windows terminates the process for
// SIGTERM/SIGINT/SIGKILL and refuses every other signal (ENOSYS). GenerateConsoleCtrlEvent can, but only to
// processes sharing the caller's console. The run's cmd.exe is spawned hidden (CREATE_NO_WINDOW), which
// gives the run a console of its own without a window; Node's `detached` (DETACHED_PROCESS |
// CREATE_NEW_PROCESS_GROUP) is deliberately not used: a cmd.exe without any console opens a VISIBLE console
// window for every console program it starts (nodejs/node#21825), and nothing could be sent to it.
//
// So a short-lived helper (our own executable as plain Node) leaves its console, attaches to the run's
// console, ignores the event itself and sends CTRL_BREAK_EVENT to process group 0: every process attached
// to that console, i.e. the run's processes and nobody else. The app's (or `serve`'s) own console is never
// touched.
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';

/** The helper's program, run with `node -e` (argv: koffi's path, the target pid). */
export const CTRL_BREAK_SCRIPT = `
const koffi = require(process.argv[1]);
const k = koffi.load('kernel32.dll');
const FreeConsole = k.func('int __stdcall FreeConsole()');
const AttachConsole = k.func('int __stdcall AttachConsole(uint32 pid)');
const Handler = koffi.proto('int __stdcall HandlerRoutine(uint32 type)');
const SetConsoleCtrlHandler = k.func('int __stdcall SetConsoleCtrlHandler(Handler *handler, int add)');
const Generate = k.func('int __stdcall GenerateConsoleCtrlEvent(uint32 event, uint32 group)');
const pid = Number(process.argv[2]);
FreeConsole();
if (!AttachConsole(pid)) { process.stdout.write('attach-failed'); process.exit(2); }
SetConsoleCtrlHandler(koffi.register(() => 1, koffi.pointer(Handler)), 1);
const sent = Generate(1, 0);
process.stdout.write(sent ? 'sent' : 'send-failed');
process.exit(sent ? 0 : 3);
`;

export type HelperRunner = (file: string, args: string[], env: NodeJS.ProcessEnv) => Promise<string>;

const HELPER_TIMEOUT_MS = 5000;

const runHelper: HelperRunner = (file, args, env) =>
  new Promise((resolve) => {
    let out = '';
    const child = spawn(file, args, { env, windowsHide: true, stdio: ['ignore', 'pipe', 'ignore'] });
    const timer = setTimeout(() => child.kill(), HELPER_TIMEOUT_MS);
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString('utf8')));
    child.on('error', () => resolve('spawn-failed'));
    child.on('close', () => {
      clearTimeout(timer);
      resolve(out.trim());
    });
  });

let runner: HelperRunner = runHelper;

/** Replaces how the helper runs (undefined restores the real one). For tests. */
export function setCtrlBreakRunnerForTests(fake: HelperRunner | undefined): void {
  runner = fake ?? runHelper;
}

/**
 * Sends Ctrl-Break to every process on `pid`'s console. True when it was delivered; false when it could
 * not be (koffi missing, the process already gone): the caller then goes straight to terminating.
 */
export async function sendCtrlBreak(pid: number): Promise<boolean> {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  let koffiPath: string;
  try {
    koffiPath = createRequire(__filename).resolve('koffi');
  } catch {
    return false;
  }
  // Our own executable as plain Node: `node` itself, or Electron with ELECTRON_RUN_AS_NODE.
  const env = { ...process.env, ELECTRON_RUN_AS_NODE: '1' };
  const answer = await runner(process.execPath, ['-e', CTRL_BREAK_SCRIPT, koffiPath, String(pid)], env);
  return answer === 'sent';
}
