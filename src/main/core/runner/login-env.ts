// The user's login-shell environment, for an app started from the Dock, a launcher or at login.
//
// Such an app gets a bare PATH (/usr/bin:/bin:/usr/sbin:/sbin on macOS), and `sh -c` reads no rc files, so
// Homebrew, nvm and pyenv tools are "command not found" while they work in Terminal. Like VS Code, the app
// asks the user's shell once at start: `$SHELL -ilc` printing `env -0` between two markers (an rc file may
// print its own text). The shell runs in its own session (no terminal to grab), its output is capped, and
// after 3 s the whole group is killed: a slow or broken profile delays nothing and hangs nothing.
//
// Every run's environment is then process.env < the login environment < the task's own variables. Only the
// app asks; `cronkeeper serve` started from a terminal already has the user's environment and keeps it.
// Settings → "Use the login shell's environment" turns it off.
import { spawn } from 'node:child_process';
import crypto from 'node:crypto';
import os from 'node:os';

export const LOGIN_ENV_TIMEOUT_MS = 3000;
const MAX_OUTPUT_BYTES = 1024 * 1024;

/** Variables that describe the probing shell itself, not the user's setup. */
const SHELL_OWN = new Set(['PWD', 'OLDPWD', 'SHLVL', '_', 'PS1', 'PS2', 'TERM_SESSION_ID']);

export interface LoginEnvResult {
  env: Record<string, string> | null;
  /** Why there is none (for the app log): no shell, timeout, error. */
  problem: string | null;
  shell: string | null;
}

/** The user's login shell: $SHELL, else the account's shell, else /bin/sh. */
function userShell(env: NodeJS.ProcessEnv): string {
  if (env.SHELL) return env.SHELL;
  try {
    const shell = os.userInfo().shell;
    if (shell) return shell;
  } catch {
    /* no passwd entry */
  }
  return '/bin/sh';
}

/** Parses `env -0` output (NAME=value records separated by NUL). */
export function parseEnvNul(text: string): Record<string, string> {
  const env: Record<string, string> = {};
  for (const record of text.split('\0')) {
    const eq = record.indexOf('=');
    if (eq <= 0) continue;
    const name = record.slice(0, eq);
    if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name) || SHELL_OWN.has(name)) continue;
    env[name] = record.slice(eq + 1);
  }
  return env;
}

export async function readLoginEnvironment(
  options: { env?: NodeJS.ProcessEnv; platform?: NodeJS.Platform; timeoutMs?: number } = {},
): Promise<LoginEnvResult> {
  const platform = options.platform ?? process.platform;
  if (platform === 'win32') return { env: null, problem: 'not used on Windows', shell: null };
  const baseEnv = options.env ?? process.env;
  const shell = userShell(baseEnv);
  const mark = crypto.randomBytes(8).toString('hex');
  const script = `printf '%s' '${mark}'; env -0; printf '%s' '${mark}'`;
  return new Promise((resolve) => {
    let settled = false;
    const chunks: Buffer[] = [];
    let size = 0;
    const done = (result: LoginEnvResult) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve(result);
    };
    let child: ReturnType<typeof spawn>;
    try {
      child = spawn(shell, ['-ilc', script], {
        env: baseEnv,
        // Its own session: no controlling terminal to wait on, and one group to kill.
        detached: true,
        stdio: ['ignore', 'pipe', 'ignore'],
      });
    } catch (error) {
      resolve({ env: null, problem: `cannot start ${shell}: ${(error as Error).message}`, shell });
      return;
    }
    const killGroup = () => {
      try {
        if (child.pid) process.kill(-child.pid, 'SIGKILL');
      } catch {
        child.kill('SIGKILL');
      }
    };
    const timer = setTimeout(() => {
      killGroup();
      done({
        env: null,
        problem: `${shell} did not answer within ${options.timeoutMs ?? LOGIN_ENV_TIMEOUT_MS} ms`,
        shell,
      });
    }, options.timeoutMs ?? LOGIN_ENV_TIMEOUT_MS);
    child.stdout!.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_OUTPUT_BYTES) {
        killGroup();
        done({ env: null, problem: `${shell} printed more than 1 MB`, shell });
        return;
      }
      chunks.push(chunk);
    });
    child.on('error', (error) =>
      done({ env: null, problem: `cannot start ${shell}: ${error.message}`, shell }),
    );
    child.on('close', () => {
      const text = Buffer.concat(chunks).toString('utf8');
      const start = text.indexOf(mark);
      const end = text.lastIndexOf(mark);
      if (start < 0 || end <= start) {
        done({ env: null, problem: `${shell} did not print its environment`, shell });
        return;
      }
      const env = parseEnvNul(text.slice(start + mark.length, end));
      done(
        env.PATH ? { env, problem: null, shell } : { env: null, problem: `${shell} printed no PATH`, shell },
      );
    });
    child.unref();
  });
}

// The environment of this process's runs: loaded once (by the app), switched by the setting.
let loaded: Record<string, string> | null = null;
let enabled = true;

export function setLoginEnvironment(env: Record<string, string> | null): void {
  loaded = env;
}

export function setLoginEnvironmentEnabled(on: boolean): void {
  enabled = on;
}

/**
 * At the app's start: reads the login environment (at most 3 s) and switches it on or off per the
 * setting. Says in the log what it found, so a "command not found" can be explained.
 */
export async function useLoginEnvironment(
  settings: { get(): Promise<{ useLoginShellEnvironment: boolean }> },
  log: (line: string) => void,
  reading: Promise<LoginEnvResult> = readLoginEnvironment(),
): Promise<void> {
  setLoginEnvironmentEnabled((await settings.get()).useLoginShellEnvironment);
  const result = await reading;
  setLoginEnvironment(result.env);
  if (result.env) {
    log(`Login shell environment from ${result.shell}: PATH=${result.env.PATH}`);
  } else if (process.platform !== 'win32') {
    log(`Login shell environment not used: ${result.problem}`);
  }
}

/** What runs get on top of process.env (null: nothing). */
export function loginEnvironmentOverlay(): Record<string, string> | null {
  return enabled ? loaded : null;
}
