// Start at login per platform: Electron's login item settings on Windows and macOS (with --hidden), an
// XDG autostart .desktop file on Linux, written into a temporary HOME and removed again.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  applyStartAtLogin,
  autostartFile,
  desktopEntry,
  quoteExecArg,
  type LoginItemContext,
} from '../../src/main/shell/login-item';

const homes: string[] = [];
afterEach(() => {
  for (const home of homes.splice(0)) fs.rmSync(home, { recursive: true, force: true });
});

function context(platform: NodeJS.Platform, extra: Partial<LoginItemContext> = {}) {
  const home = fs.mkdtempSync(path.join(os.tmpdir(), 'ck-home-'));
  homes.push(home);
  const setLoginItemSettings = vi.fn();
  /** What Windows reports: launchItems[].enabled is false once the user disabled it in Task Manager. */
  const launchItems: { name: string; path: string; args: string[]; scope: string; enabled: boolean }[] = [];
  const getLoginItemSettings = vi.fn(() => ({
    openAtLogin: launchItems.length > 0,
    executableWillLaunchAtLogin: launchItems.some((i) => i.enabled),
    launchItems,
  }));
  const ctx: LoginItemContext = {
    platform,
    app: { setLoginItemSettings, getLoginItemSettings } as unknown as LoginItemContext['app'],
    executable: '/opt/Cronkeeper/cronkeeper',
    appArgs: [],
    env: {},
    home,
    ...extra,
  };
  return { ctx, home, setLoginItemSettings, launchItems };
}

describe('windows', () => {
  it('registers the executable with --hidden, and unregisters', () => {
    const { ctx, setLoginItemSettings } = context('win32', {
      executable: 'C:\\Program Files\\Cronkeeper\\Cronkeeper.exe',
    });
    applyStartAtLogin(true, ctx);
    applyStartAtLogin(false, ctx);
    const exe = 'C:\\Program Files\\Cronkeeper\\Cronkeeper.exe';
    expect(setLoginItemSettings.mock.calls).toEqual([
      [{ openAtLogin: true, path: exe, args: ['--hidden'], enabled: true }],
      [{ openAtLogin: false, path: exe, args: ['--hidden'], enabled: true }],
    ]);
  });

  it('renewing at start keeps a login item the user disabled in Task Manager disabled', () => {
    const { ctx, setLoginItemSettings, launchItems } = context('win32');
    launchItems.push({
      name: 'app.cronkeeper.desktop',
      path: ctx.executable,
      args: ['--hidden'],
      scope: 'user',
      enabled: false,
    });
    applyStartAtLogin(true, ctx, true);
    // `enabled` defaults to true in Electron: without passing false, the user's choice would be undone.
    expect(setLoginItemSettings).toHaveBeenLastCalledWith(
      expect.objectContaining({ openAtLogin: true, enabled: false }),
    );
    // Still approved: renewed as approved.
    launchItems[0].enabled = true;
    applyStartAtLogin(true, ctx, true);
    expect(setLoginItemSettings).toHaveBeenLastCalledWith(expect.objectContaining({ enabled: true }));
    // The user turning it on in Settings is a new choice: approved again.
    launchItems[0].enabled = false;
    applyStartAtLogin(true, ctx);
    expect(setLoginItemSettings).toHaveBeenLastCalledWith(expect.objectContaining({ enabled: true }));
  });

  it('quotes the app folder of an unpackaged (development) Electron', () => {
    const { ctx, setLoginItemSettings } = context('win32', { appArgs: ['C:\\src\\cron keeper'] });
    applyStartAtLogin(true, ctx);
    expect(setLoginItemSettings.mock.calls[0][0].args).toEqual(['"C:\\src\\cron keeper"', '--hidden']);
  });
});

describe('macOS', () => {
  it('uses the login item (macOS ignores args) and writes no file', () => {
    const { ctx, home, setLoginItemSettings } = context('darwin');
    applyStartAtLogin(true, ctx);
    expect(setLoginItemSettings).toHaveBeenCalledWith({ openAtLogin: true });
    applyStartAtLogin(false, ctx);
    expect(setLoginItemSettings).toHaveBeenLastCalledWith({ openAtLogin: false });
    expect(fs.readdirSync(home)).toEqual([]);
  });
});

describe('linux', () => {
  it('writes ~/.config/autostart/cronkeeper.desktop that starts hidden, and removes it', () => {
    const { ctx, home, setLoginItemSettings } = context('linux');
    const file = path.join(home, '.config', 'autostart', 'cronkeeper.desktop');
    applyStartAtLogin(true, ctx);
    const text = fs.readFileSync(file, 'utf8');
    expect(text.split('\n')[0]).toBe('[Desktop Entry]');
    expect(text).toContain('Type=Application\n');
    expect(text).toContain('Name=Cronkeeper\n');
    expect(text).toContain('Exec=/opt/Cronkeeper/cronkeeper --hidden\n');
    expect(text).toContain('X-GNOME-Autostart-enabled=true\n');
    expect(setLoginItemSettings).not.toHaveBeenCalled();
    // Idempotent.
    applyStartAtLogin(true, ctx);
    expect(fs.readdirSync(path.dirname(file))).toEqual(['cronkeeper.desktop']);
    applyStartAtLogin(false, ctx);
    expect(fs.existsSync(file)).toBe(false);
    // Removing what is not there is fine.
    applyStartAtLogin(false, ctx);
  });

  it('follows XDG_CONFIG_HOME, and points at the AppImage with the app folder in development', () => {
    const { ctx, home } = context('linux', {
      executable: '/home/u/Apps/Cronkeeper 0.1.0.AppImage',
      appArgs: ['/src/cronkeeper'],
    });
    ctx.env = { XDG_CONFIG_HOME: path.join(home, 'cfg') };
    applyStartAtLogin(true, ctx);
    const file = path.join(home, 'cfg', 'autostart', 'cronkeeper.desktop');
    expect(autostartFile(ctx.env, home)).toBe(file);
    expect(fs.readFileSync(file, 'utf8')).toContain(
      'Exec="/home/u/Apps/Cronkeeper 0.1.0.AppImage" /src/cronkeeper --hidden\n',
    );
  });

  it('quotes Exec arguments as the Desktop Entry spec says', () => {
    expect(quoteExecArg('/usr/bin/cronkeeper')).toBe('/usr/bin/cronkeeper');
    expect(quoteExecArg('/a b')).toBe('"/a b"');
    expect(quoteExecArg('/a"b$c')).toBe('"/a\\\\"b\\\\$c"');
    expect(desktopEntry(['/x', '--hidden'])).toMatch(/^Exec=\/x --hidden$/m);
  });

  it('writes a literal % as %%, and refuses a program path with "=" (no escape exists for it)', () => {
    // %f, %u… are field codes: an unescaped % in a path would be expanded or rejected by the launcher.
    expect(quoteExecArg('/opt/100%/cronkeeper')).toBe('/opt/100%%/cronkeeper');
    expect(quoteExecArg('/opt/my %f app')).toBe('"/opt/my %%f app"');
    expect(desktopEntry(['/opt/50%off/ck', '--hidden'])).toMatch(/^Exec=\/opt\/50%%off\/ck --hidden$/m);
    expect(() => desktopEntry(['/opt/a=b/cronkeeper', '--hidden'])).toThrow(/"="/);
    // An "=" in an argument is fine (only the program is restricted).
    expect(desktopEntry(['/x', '--data-dir=/d'])).toMatch(/^Exec=\/x --data-dir=\/d$/m);
    expect(() => quoteExecArg('/a\nb')).toThrow(/control characters/);
  });
});
