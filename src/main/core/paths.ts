// Where Cronkeeper keeps its data. Computed without Electron so that the app, `cronkeeper serve` and the
// CLI all share one folder; the shell points Electron's userData at it. Windows: %LOCALAPPDATA%, with an
// older %APPDATA% folder moved there once (data-dir-move.ts).
import os from 'node:os';
import path from 'node:path';
import { moveDataDirOnce } from './data-dir-move';

export const APP_NAME = 'Cronkeeper';
export const DB_FILE_NAME = 'cronkeeper.db';

export function defaultDataDir(
  platform: NodeJS.Platform = process.platform,
  env: NodeJS.ProcessEnv = process.env,
  home: string = os.homedir(),
): string {
  if (platform === 'win32') {
    // Local, not Roaming: see data-dir-move.ts.
    const localAppData = env.LOCALAPPDATA || path.win32.join(home, 'AppData', 'Local');
    return path.win32.join(localAppData, APP_NAME);
  }
  if (platform === 'darwin') return path.posix.join(home, 'Library', 'Application Support', APP_NAME);
  // The XDG spec: a relative XDG_CONFIG_HOME is invalid and must be ignored (Electron's setPath refuses it).
  const xdg = env.XDG_CONFIG_HOME;
  const config = xdg && path.posix.isAbsolute(xdg) ? xdg : path.posix.join(home, '.config');
  return path.posix.join(config, APP_NAME);
}

/** `--data-dir DIR` or `--data-dir=DIR` on the command line wins, then CRONKEEPER_DATA_DIR, then the default. */
export function resolveDataDir(
  argv: readonly string[] = process.argv,
  env: NodeJS.ProcessEnv = process.env,
): string {
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--data-dir' && argv[i + 1]) return path.resolve(argv[i + 1]);
    if (arg.startsWith('--data-dir=')) return path.resolve(arg.slice('--data-dir='.length));
  }
  if (env.CRONKEEPER_DATA_DIR) return path.resolve(env.CRONKEEPER_DATA_DIR);
  return defaultDataDirInUse(env);
}

/**
 * The default folder as every entry point (app, serve, CLI) must use it: on Windows an older %APPDATA%
 * folder is moved first, so that no entry point ever starts an empty database beside the user's data.
 */
export function defaultDataDirInUse(env: NodeJS.ProcessEnv = process.env): string {
  if (process.platform !== 'win32') return defaultDataDir(process.platform, env);
  const { dataDir, note } = windowsDataDir(env);
  if (note) dataDirNote = note;
  return dataDir;
}

let dataDirNote: string | null = null;

/** What resolveDataDir did to the data folder (a move), once, for the application log. */
export function takeDataDirNote(): string | null {
  const note = dataDirNote;
  dataDirNote = null;
  return note;
}

/** The folder older versions used on Windows (Roaming). */
export function roamingDataDir(env: NodeJS.ProcessEnv = process.env, home: string = os.homedir()): string {
  return path.win32.join(env.APPDATA || path.win32.join(home, 'AppData', 'Roaming'), APP_NAME);
}

/** Windows' default folder, after moving an older Roaming one there once; `note` says what happened. */
export function windowsDataDir(env: NodeJS.ProcessEnv = process.env): {
  dataDir: string;
  note: string | null;
} {
  return moveDataDirOnce(roamingDataDir(env), defaultDataDir('win32', env), DB_FILE_NAME);
}

export function databasePath(dataDir: string): string {
  return path.join(dataDir, DB_FILE_NAME);
}

export function logsDir(dataDir: string): string {
  return path.join(dataDir, 'logs');
}
