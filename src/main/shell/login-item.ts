// Start at login, started hidden in the tray (--hidden). Windows and macOS register through Electron's
// app.setLoginItemSettings; Linux has no such API, so we write (or remove) an XDG autostart entry,
// $XDG_CONFIG_HOME/autostart/cronkeeper.desktop (default ~/.config/autostart).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { App } from 'electron';

export const HIDDEN_FLAG = '--hidden';
export const DESKTOP_FILE_NAME = 'cronkeeper.desktop';

export interface LoginItemContext {
  platform: NodeJS.Platform;
  app: Pick<App, 'setLoginItemSettings'>;
  /** The executable (process.execPath), or the AppImage file (process.env.APPIMAGE) when run from one. */
  executable: string;
  /** Extra leading arguments: the app folder when running an unpackaged Electron (development). */
  appArgs: string[];
  env: NodeJS.ProcessEnv;
  home: string;
}

export function loginItemContext(
  app: Pick<App, 'setLoginItemSettings'>,
  defaultApp: boolean,
): LoginItemContext {
  return {
    platform: process.platform,
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

/** Quotes one argument for a desktop entry's Exec key (Desktop Entry Specification, "The Exec key"). */
export function quoteExecArg(arg: string): string {
  if (/^[A-Za-z0-9_@%+=:,./-]+$/.test(arg)) return arg;
  // Inside double quotes, ", `, $ and \ are escaped with a backslash; then, because the value is itself a
  // string with escapes, every backslash is doubled once more.
  const inner = arg.replace(/(["`$\\])/g, '\\$1');
  return `"${inner}"`.replace(/\\/g, '\\\\');
}

export function desktopEntry(command: string[]): string {
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

export function applyStartAtLogin(enabled: boolean, context: LoginItemContext): void {
  if (context.platform === 'win32') {
    // Windows stores one command line in the Run key: paths among the arguments must be quoted.
    context.app.setLoginItemSettings({
      openAtLogin: enabled,
      path: context.executable,
      args: [...context.appArgs.map((arg) => `"${arg}"`), HIDDEN_FLAG],
    });
    return;
  }
  if (context.platform === 'darwin') {
    // macOS ignores args (login items launch the bundle); app.ts also starts hidden when
    // app.getLoginItemSettings().wasOpenedAtLogin is true.
    context.app.setLoginItemSettings({ openAtLogin: enabled, args: [HIDDEN_FLAG] });
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
