// What a run's child process starts with: its working folder, checked first so that a bad one is reported
// in words instead of as a spawn error, and its environment (ours, under the login shell's, under the task's).
import fs from 'node:fs';
import { loginEnvironmentOverlay } from './login-env';

/** Why the working folder cannot be used, or null if it can. */
export function workingFolderProblem(cwd: string): string | null {
  let stat: fs.Stats;
  try {
    stat = fs.statSync(cwd);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EACCES') return `Working folder ${cwd} cannot be opened: permission denied`;
    return `Working folder ${cwd} does not exist`;
  }
  if (!stat.isDirectory()) return `Working folder ${cwd} is not a folder`;
  // Windows has no execute bit on folders (X_OK means "exists" there).
  if (process.platform === 'win32') return null;
  try {
    fs.accessSync(cwd, fs.constants.X_OK);
  } catch {
    return `Working folder ${cwd} cannot be opened: permission denied`;
  }
  return null;
}

/** Variables of our own runtime that must not leak into tasks (a task's `electron` app would run as
 * plain Node). A task may still set them explicitly. */
const RUNTIME_ONLY_VARS = ['ELECTRON_RUN_AS_NODE', 'ELECTRON_NO_ATTACH_CONSOLE'];

/** process.env < the login shell's environment (the app, when enabled) < the task's own variables. */
export function childEnv(taskEnv: Record<string, string>, windows: boolean): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, ...loginEnvironmentOverlay() };
  for (const name of RUNTIME_ONLY_VARS) delete env[name];
  if (windows) {
    // Names are case-insensitive on Windows but not in a copied object: a task's PATH must replace the
    // inherited Path, not sit beside it (which one cmd.exe would see is undefined).
    const names = new Set(Object.keys(taskEnv).map((name) => name.toUpperCase()));
    for (const name of Object.keys(env)) if (names.has(name.toUpperCase())) delete env[name];
  }
  return Object.assign(env, taskEnv);
}
