// Where Cronkeeper keeps its data. Computed without Electron so that the app, `cronkeeper serve` and the
// CLI all share one folder: the same path Electron's app.getPath('userData') gives for "Cronkeeper".
import os from 'node:os';
import path from 'node:path';

export const APP_NAME = 'Cronkeeper';
export const DB_FILE_NAME = 'cronkeeper.db';

export function defaultDataDir(
  platform: NodeJS.Platform = process.platform,
  env: NodeJS.ProcessEnv = process.env,
  home: string = os.homedir(),
): string {
  if (platform === 'win32') {
    const appData = env.APPDATA || path.win32.join(home, 'AppData', 'Roaming');
    return path.win32.join(appData, APP_NAME);
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
  return defaultDataDir(process.platform, env);
}

export function databasePath(dataDir: string): string {
  return path.join(dataDir, DB_FILE_NAME);
}

export function logsDir(dataDir: string): string {
  return path.join(dataDir, 'logs');
}
