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
  const ctx: LoginItemContext = {
    platform,
    app: { setLoginItemSettings },
    executable: '/opt/Cronkeeper/cronkeeper',
    appArgs: [],
    env: {},
    home,
    ...extra,
  };
  return { ctx, home, setLoginItemSettings };
}

describe('windows', () => {
  it('registers the executable with --hidden, and unregisters', () => {
    const { ctx, setLoginItemSettings } = context('win32', {
      executable: 'C:\\Program Files\\Cronkeeper\\Cronkeeper.exe',
    });
    applyStartAtLogin(true, ctx);
    applyStartAtLogin(false, ctx);
    expect(setLoginItemSettings.mock.calls).toEqual([
      [{ openAtLogin: true, path: 'C:\\Program Files\\Cronkeeper\\Cronkeeper.exe', args: ['--hidden'] }],
      [{ openAtLogin: false, path: 'C:\\Program Files\\Cronkeeper\\Cronkeeper.exe', args: ['--hidden'] }],
    ]);
  });

  it('quotes the app folder of an unpackaged (development) Electron', () => {
    const { ctx, setLoginItemSettings } = context('win32', { appArgs: ['C:\\src\\cron keeper'] });
    applyStartAtLogin(true, ctx);
    expect(setLoginItemSettings.mock.calls[0][0].args).toEqual(['"C:\\src\\cron keeper"', '--hidden']);
  });
});

describe('macOS', () => {
  it('uses the login item with --hidden and writes no file', () => {
    const { ctx, home, setLoginItemSettings } = context('darwin');
    applyStartAtLogin(true, ctx);
    expect(setLoginItemSettings).toHaveBeenCalledWith({ openAtLogin: true, args: ['--hidden'] });
    applyStartAtLogin(false, ctx);
    expect(setLoginItemSettings).toHaveBeenLastCalledWith({ openAtLogin: false, args: ['--hidden'] });
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
});
