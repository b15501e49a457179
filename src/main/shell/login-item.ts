// Start at login, started hidden in the tray (--hidden). Windows and macOS register through Electron's
// app.setLoginItemSettings; Linux has no such API, so we write (or remove) an XDG autostart entry,
// $XDG_CONFIG_HOME/autostart/cronkeeper.desktop (default ~/.config/autostart).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { App } from 'electron';
import { CronkeeperError } from '../core/errors';

export const HIDDEN_FLAG = '--hidden';
export const DESKTOP_FILE_NAME = 'cronkeeper.desktop';

export interface LoginItemContext {
  platform: NodeJS.Platform;
  app: Pick<App, 'setLoginItemSettings' | 'getLoginItemSettings'>;
  /** The executable (process.execPath), or the AppImage file (process.env.APPIMAGE) when run from one. */
  executable: string;
  /** Extra leading arguments: the app folder when running an unpackaged Electron (development). */
  appArgs: string[];
  env: NodeJS.ProcessEnv;
  home: string;
}

export function loginItemContext(
  app: Pick<App, 'setLoginItemSettings' | 'getLoginItemSettings'>,
  defaultApp: boolean,
  platform: NodeJS.Platform = process.platform,
): LoginItemContext {
  return {
    platform,
    app,
    // An AppImage's execPath is inside a temporary mount that disappears; the AppImage itself stays.
    executable: process.env.APPIMAGE || process.execPath,
    appArgs: defaultApp && process.argv[1] ? [path.resolve(process.argv[1])] : [],
    env: process.env,
    home: os.homedir(),
  };
}

export function autostartFile(env: NodeJS.ProcessEnv, home: string): string {
  const configHome =
    env.XDG_CONFIG_HOME && path.isAbsolute(env.XDG_CONFIG_HOME)
      ? env.XDG_CONFIG_HOME
      : path.join(home, '.config');
  return path.join(configHome, 'autostart', DESKTOP_FILE_NAME);
}

/**
 * Quotes one argument for a desktop entry's Exec key (Desktop Entry Specification, "The Exec key"): a
 * literal % is written %% (else it starts a field code such as %f), reserved characters are quoted.
 */
export function quoteExecArg(arg: string): string {
  // eslint-disable-next-line no-control-regex -- control characters are what is refused
  if (/[\x00-\x1f\x7f]/.test(arg)) {
    throw new CronkeeperError(
      'VALIDATION',
      `A start-at-login argument cannot hold control characters: ${JSON.stringify(arg)}`,
    );
  }
  const percent = arg.replace(/%/g, '%%');
  if (/^[A-Za-z0-9_@%+=:,./-]+$/.test(percent)) return percent;
  // Inside double quotes, ", `, $ and \ are escaped with a backslash; then, because the value is itself a
  // string with escapes, every backslash is doubled once more.
  const inner = percent.replace(/(["`$\\])/g, '\\$1');
  return `"${inner}"`.replace(/\\/g, '\\\\');
}

export function desktopEntry(command: string[]): string {
  // "The executable program ... must not contain the equal sign '='" (the spec): no escape exists for it.
  if (command[0]?.includes('=')) {
    throw new CronkeeperError(
      'VALIDATION',
      `Cannot start at login from ${command[0]}: a desktop entry cannot run a program whose path contains "=". Move the app to a folder without "=" in its name.`,
    );
  }
  return [
    '[Desktop Entry]',
    'Type=Application',
    'Name=Cronkeeper',
    'Comment=Runs your scheduled tasks (started in the tray)',
    `Exec=${command.map(quoteExecArg).join(' ')}`,
    'Icon=cronkeeper',
    'Terminal=false',
    'X-GNOME-Autostart-enabled=true',
    '',
  ].join('\n');
}

/**
 * Registers (or removes) the login item. `refresh` is the re-registration at every start (the executable
 * may have moved): on Windows it keeps what the user chose in Task Manager ("Disabled" there is the
 * StartupApproved key, which setLoginItemSettings would otherwise reset, its `enabled` defaulting to true).
 */
export function applyStartAtLogin(enabled: boolean, context: LoginItemContext, refresh = false): void {
  if (context.platform === 'win32') {
    // Windows stores one command line in the Run key: paths among the arguments must be quoted.
    const args = [...context.appArgs.map((arg) => `"${arg}"`), HIDDEN_FLAG];
    let approved = true;
    if (refresh && enabled) {
      const current = context.app.getLoginItemSettings({ path: context.executable, args });
      approved = !(current.launchItems ?? []).some((item) => item.enabled === false);
    }
    context.app.setLoginItemSettings({
      openAtLogin: enabled,
      path: context.executable,
      args,
      enabled: approved,
    });
    return;
  }
  if (context.platform === 'darwin') {
    // macOS ignores args (SMAppService launches the bundle as it is); app.ts starts hidden when
    // app.getLoginItemSettings().wasOpenedAtLogin is true (readable only once the app is ready).
    context.app.setLoginItemSettings({ openAtLogin: enabled });
    return;
  }
  const file = autostartFile(context.env, context.home);
  if (!enabled) {
    fs.rmSync(file, { force: true });
    return;
  }
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const tmp = `${file}.tmp`;
  fs.writeFileSync(tmp, desktopEntry([context.executable, ...context.appArgs, HIDDEN_FLAG]), { mode: 0o644 });
  fs.renameSync(tmp, file);
}

/**
 * --hidden (Windows, Linux), or a macOS login launch. Only once the app is ready: wasOpenedAtLogin is set
 * at applicationDidFinishLaunching (and is reported unreliable since Electron 29, electron#42302; then
 * the window opens at login, which is the safe side).
 */
export function isHiddenStart(
  app: Pick<App, 'getLoginItemSettings'>,
  argv: readonly string[],
  platform: NodeJS.Platform = process.platform,
): boolean {
  if (argv.includes(HIDDEN_FLAG)) return true;
  if (platform !== 'darwin') return false;
  try {
    return app.getLoginItemSettings().wasOpenedAtLogin === true;
  } catch {
    return false;
  }
}
