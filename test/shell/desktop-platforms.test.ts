// The shell on the strict double, per platform: what real Electron 45 does on Linux, Windows and macOS
// that a lenient mock let through (issue #17, items 1-16), and the application log and "Open log folder".
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { IPC_PREFIX, type ChannelName } from '../../src/shared/contract';
import type { Execution } from '../../src/shared/types';
import { createCore, type Core, type CoreOptions } from '../../src/main/core/core';
import type { DesktopShell, ShellPaths } from '../../src/main/shell/app';
import { startShell } from '../../src/main/shell/start';
import type { DesktopFacts } from '../../src/main/shell/desktop-limits';
import type { Envelope } from '../../src/main/shell/envelope';
import * as fake from './fake-electron';

vi.mock('electron', () => import('./fake-electron'));

const tempDirs: string[] = [];
const tempDir = () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ck-plat-'));
  tempDirs.push(dir);
  return dir;
};
afterAll(() => {
  for (const dir of tempDirs) fs.rmSync(dir, { recursive: true, force: true });
});

const paths: ShellPaths = {
  preload: '/app/out/preload/index.js',
  renderer: { kind: 'file', file: path.resolve('/app/out/renderer/index.html') },
  resources: path.resolve('resources'),
};
const invoke = (name: ChannelName, input: unknown = {}) =>
  fake.ipcRenderer.invoke(IPC_PREFIX + name, input) as Promise<Envelope>;

function deferred(): { promise: Promise<void>; resolve: () => void } {
  let resolve = () => {};
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
}

let running: DesktopShell | null = null;
const savedEnv = { ...process.env };

beforeEach(() => {
  fake.resetFake();
  fake.rendererFrame.url = pathToFileURL(path.resolve('/app/out/renderer/index.html')).href;
});
afterEach(async () => {
  if (running && !fake.app.quitting && !fake.app.killed) {
    const quitted = new Promise<void>((resolve) => fake.app.once('quit', () => resolve()));
    fake.app.quit();
    await quitted;
  }
  running = null;
  process.env = { ...savedEnv };
});

interface Start {
  platform: NodeJS.Platform;
  desktop?: Partial<DesktopFacts>;
  hidden?: boolean;
  dataDir?: string | null;
  createCore?: (options: CoreOptions) => Promise<Core>;
}

async function start(options: Start): Promise<{ desktop: DesktopShell; dataDir: string }> {
  fake.fakePlatform.value = options.platform;
  const dataDir = options.dataDir === null ? '' : (options.dataDir ?? tempDir());
  const argv = ['electron', '.', ...(dataDir ? ['--data-dir', dataDir] : [])];
  if (options.hidden) argv.push('--hidden');
  const desktop = await startShell({
    argv,
    paths,
    platform: options.platform,
    desktop: { platform: options.platform, trayHost: true, signing: 'signed', ...options.desktop },
    createCore: options.createCore,
  });
  expect(desktop, JSON.stringify(fake.dialog.errorBoxes)).not.toBeNull();
  running = desktop;
  const win = fake.BrowserWindow.instances.find((w) => w.options.title === 'Cronkeeper');
  if (win) fake.setRendererContents(win.webContents);
  return { desktop: desktop as DesktopShell, dataDir: desktop?.dataDir ?? dataDir };
}

const mainWindows = () => fake.BrowserWindow.instances.filter((w) => w.options.title === 'Cronkeeper');
const appLogText = (dataDir: string) => fs.readFileSync(path.join(dataDir, 'logs', 'cronkeeper.log'), 'utf8');

describe('macOS', () => {
  it('1: a login launch (wasOpenedAtLogin, known only after ready) starts hidden; a relaunch shows it', async () => {
    fake.app.loginItemSettings = { openAtLogin: true, wasOpenedAtLogin: true };
    const { desktop } = await start({ platform: 'darwin' });
    expect(desktop.startHidden).toBe(true);
    expect(mainWindows()).toHaveLength(0);
    fake.app.emit('activate'); // a click on the Dock icon
    expect(mainWindows()).toHaveLength(1);
  });

  it('7: unsigned, start at login is refused with the reason and stays off; Settings learns both limits', async () => {
    await start({ platform: 'darwin', desktop: { signing: 'adhoc' } });
    const info = await invoke('app.info');
    expect(info).toMatchObject({
      ok: true,
      value: { limits: ['unsignedMacNotifications', 'unsignedMacLoginItem'], canOpenFolders: true },
    });
    const reply = await invoke('settings.update', { startAtLogin: true });
    expect(reply).toMatchObject({ ok: false, error: { field: 'startAtLogin' } });
    expect(JSON.stringify(reply)).toMatch(/signed/);
    expect(fake.app.loginItemCalls).toEqual([]);
    expect(await invoke('settings.get')).toMatchObject({ value: { startAtLogin: false } });
    // Turning it off stays possible (e.g. left on by a signed build before).
    expect((await invoke('settings.update', { startAtLogin: false })).ok).toBe(true);
  });

  it('7: unsigned, a login item left on by an earlier (signed) build is not renewed at start', async () => {
    const dataDir = tempDir();
    const before = await createCore({ dataDir, schedule: false });
    await before.handlers['settings.update']({ startAtLogin: true });
    await before.stop(0);
    await start({ platform: 'darwin', dataDir, desktop: { signing: 'unsigned' } });
    expect(fake.app.loginItemCalls).toEqual([]);
  });

  it('9: using the tray menu (Quit included) does not open the window, though macOS also emits "click"', async () => {
    const { desktop } = await start({ platform: 'darwin', hidden: true });
    await desktop.tray?.refresh();
    const tray = fake.Tray.instances[0];
    tray.userClick();
    expect(mainWindows()).toHaveLength(0);
    const quitted = new Promise<void>((resolve) => fake.app.once('quit', () => resolve()));
    tray.userClick();
    tray.clickMenuItem('Quit Cronkeeper');
    await quitted;
    expect(mainWindows()).toHaveLength(0);
  });
});

describe('Windows', () => {
  it('2: shutdown stops the core before the session ends, even started --hidden (no main window)', async () => {
    let core: Core | null = null;
    const { dataDir } = await start({
      platform: 'win32',
      hidden: true,
      createCore: async (options) => (core = await createCore(options)),
    });
    expect(mainWindows()).toHaveLength(0);
    const stop = vi.spyOn(core as unknown as Core, 'stop');
    const watcher = fake.BrowserWindow.instances.find((w) => w.listenerCount('query-session-end') > 0);
    expect(watcher?.visible).toBe(false);
    const killed = await (watcher as fake.BrowserWindow).endSession();
    expect(killed).toBe(false);
    expect(stop).toHaveBeenCalledWith(3_000);
    expect(fake.app.quitting).toBe(true);
    expect(appLogText(dataDir)).toMatch(/Windows is ending the session \(shutdown\): stopping/);
  });

  it('2: a session that ends before the stop is done is logged before the kill', async () => {
    const gate = deferred();
    const { dataDir } = await start({
      platform: 'win32',
      createCore: async (options) => {
        const core = await createCore(options);
        const stop = core.stop.bind(core);
        core.stop = async (grace) => {
          await gate.promise;
          await stop(grace);
        };
        return core;
      },
    });
    const watcher = fake.BrowserWindow.instances.find((w) => w.listenerCount('query-session-end') > 0);
    expect(await (watcher as fake.BrowserWindow).endSession(50)).toBe(true);
    expect(appLogText(dataDir)).toMatch(
      /WARN {2}Windows ended the session \(shutdown\) before the scheduler stopped/,
    );
    gate.resolve();
    running = null; // killed: nothing to quit
  });

  it('6: a toast that timed out into Action Center still opens its execution when clicked', async () => {
    const { desktop } = await start({ platform: 'win32' });
    const created = await invoke('tasks.create', {
      name: 'Backup',
      command: 'false',
      cronExpression: '0 3 * * *',
    });
    const taskId = (created as { value: { id: number } }).value.id;
    const execution = { id: 7, taskId, status: 'failed', exitCode: 1, errorMessage: 'boom' } as Execution;
    const before = fake.Notification.log.length;
    await desktop.notifyFinished({ execution, taskName: 'Backup', previousStatus: null });
    expect(fake.Notification.log.slice(before).map((n) => n.title)).toEqual(['Backup failed']);
    const ref = new WeakRef(fake.Notification.instances.at(-1) as fake.Notification);
    ref.deref()?.timeOut(); // "close": it is in Action Center now
    await fake.Notification.collect();
    const win = mainWindows()[0];
    win.userClose();
    expect(win.visible).toBe(false);
    fake.Notification.activate(ref);
    expect(win.visible).toBe(true);
    await invoke('app.ready');
    const opened = win.webContents.sent.filter(
      (m) => (m.message as { event: string }).event === 'ui.openExecution',
    );
    expect(opened.map((m) => (m.message as { payload: unknown }).payload)).toEqual([
      { executionId: 7, taskId },
    ]);
  });

  it('6: a click on an entry whose object is gone (an earlier run of the app) opens the window', async () => {
    await start({ platform: 'win32', hidden: true });
    expect(mainWindows()).toHaveLength(0);
    fake.Notification.activationHandler?.({ type: 'click', arguments: '' });
    expect(mainWindows()).toHaveLength(1);
  });
});

describe('Linux', () => {
  it('5: without a tray host, closing minimizes (a visible way back) and the hint says how to reopen', async () => {
    const { desktop } = await start({ platform: 'linux', desktop: { trayHost: false } });
    expect(desktop.limits).toEqual(['noTray']);
    const win = mainWindows()[0];
    win.emit('ready-to-show');
    expect(win.userClose()).toBe(false);
    expect(win.visible).toBe(true);
    expect(win.minimized).toBe(true);
    expect(fake.Notification.log.at(-1)?.body).toMatch(/no tray icons.*launcher/);
    fake.app.emit('second-instance'); // started again from the launcher
    expect(win.minimized).toBe(false);
    expect(win.focused).toBe(true);
  });

  it('5: a hidden start (login) without a tray host still puts a minimized window in the taskbar', async () => {
    await start({ platform: 'linux', hidden: true, desktop: { trayHost: false } });
    const win = mainWindows()[0];
    expect(win).toBeDefined();
    win.emit('ready-to-show');
    expect(win.minimized).toBe(true);
    expect(win.visible).toBe(true);
  });

  it('5: with a tray host, closing hides to the tray as before', async () => {
    await start({ platform: 'linux', desktop: { trayHost: true } });
    const win = mainWindows()[0];
    win.emit('ready-to-show');
    win.userClose();
    expect(win.visible).toBe(false);
    expect(win.minimized).toBe(false);
  });

  it('12: a relative XDG_CONFIG_HOME is ignored (Electron’s setPath refuses it): the app still starts', async () => {
    const home = tempDir();
    process.env.HOME = home;
    process.env.XDG_CONFIG_HOME = 'relative/config';
    delete process.env.CRONKEEPER_DATA_DIR;
    vi.spyOn(os, 'homedir').mockReturnValue(home);
    const { dataDir } = await start({ platform: 'linux', dataDir: null });
    expect(dataDir).toBe(path.join(home, '.config', 'Cronkeeper'));
    expect(fake.app.getPath('userData')).toBe(dataDir);
    expect(mainWindows()).toHaveLength(1);
  });
});

describe('every platform', () => {
  it('4: second-instance before ready and during the core’s start opens the window only once IPC is registered', async () => {
    fake.app.autoReady = false;
    const gate = deferred();
    let handlersAtWindow: boolean | null = null;
    fake.BrowserWindow.onCreate = () => {
      handlersAtWindow = fake.registeredHandlers.has(`${IPC_PREFIX}app.ready`);
    };
    const started = start({
      platform: process.platform,
      hidden: true,
      createCore: async (options) => {
        await gate.promise;
        return createCore(options);
      },
    });
    fake.app.emit('second-instance'); // before ready
    fake.app.becomeReady();
    await new Promise((resolve) => setTimeout(resolve, 20));
    fake.app.emit('second-instance'); // while the core starts
    expect(mainWindows()).toHaveLength(0);
    gate.resolve();
    await started;
    // Started --hidden, but a relaunch asked for the window: it shows, and could call app.ready.
    expect(mainWindows()).toHaveLength(1);
    expect(handlersAtWindow).toBe(true);
    expect((await invoke('app.ready')).ok).toBe(true);
  });

  it('4: a relaunch while the start-failure dialog is up opens no window', async () => {
    fake.dialog.duringErrorBox = () => fake.app.emit('second-instance');
    fake.fakePlatform.value = process.platform;
    const desktop = await startShell({
      argv: ['electron', '.', '--data-dir', tempDir()],
      paths,
      desktop: { platform: process.platform, trayHost: true },
      createCore: async () => {
        throw new Error('database is corrupt');
      },
    });
    expect(desktop).toBeNull();
    expect(fake.dialog.errorBoxes).toHaveLength(1);
    expect(fake.BrowserWindow.instances).toHaveLength(0);
  });

  it('12: a data folder that cannot be created is reported in a dialog, not an unhandled rejection', async () => {
    const file = path.join(tempDir(), 'not-a-folder');
    fs.writeFileSync(file, '');
    const desktop = await startShell({
      argv: ['electron', '.', '--data-dir', path.join(file, 'data')],
      paths,
      desktop: { platform: process.platform, trayHost: true },
    });
    expect(desktop).toBeNull();
    expect(fake.dialog.errorBoxes).toHaveLength(1);
    expect(fake.dialog.errorBoxes[0].content).toContain(path.join(file, 'data'));
    expect(fake.app.quitCalls).toBe(1);
  });

  it('16: Quit from the tray’s own menu destroys the tray after its click handler, and quits', async () => {
    const { desktop } = await start({ platform: 'linux' });
    await desktop.tray?.refresh();
    const tray = fake.Tray.instances[0];
    const quitted = new Promise<void>((resolve) => fake.app.once('quit', () => resolve()));
    expect(() => tray.clickMenuItem('Quit Cronkeeper')).not.toThrow();
    await quitted;
    expect(tray.destroyed).toBe(true);
  });

  it('13: a window saved maximized is maximized when shown, not before (no blank flash)', async () => {
    const dataDir = tempDir();
    fs.writeFileSync(
      path.join(dataDir, 'window-state.json'),
      JSON.stringify({ maximized: true, closeHintShown: true }),
    );
    await start({ platform: 'win32', dataDir });
    const win = mainWindows()[0];
    expect(win.visible).toBe(false);
    win.emit('ready-to-show');
    expect(win.maximized).toBe(true);
    expect(win.visible).toBe(true);
  });

  it('logs the start, a start failure and the stop to logs/cronkeeper.log', async () => {
    const { dataDir } = await start({ platform: 'linux', desktop: { trayHost: false } });
    const quitted = new Promise<void>((resolve) => fake.app.once('quit', () => resolve()));
    fake.app.quit();
    await quitted;
    const text = appLogText(dataDir);
    expect(text).toMatch(/INFO {2}Desktop app starting \(linux, .*limits: noTray\)/);
    expect(text).toMatch(/WARN {2}Desktop limit: noTray/);
    expect(text).toMatch(/INFO {2}Quitting: running executions get 10 s\n.*INFO {2}Stopped\n$/s);

    const failedDir = tempDir();
    await startShell({
      argv: ['electron', '.', '--data-dir', failedDir],
      paths,
      desktop: { platform: 'linux', trayHost: true },
      createCore: async () => {
        throw new Error('database is corrupt');
      },
    });
    expect(appLogText(failedDir)).toMatch(/ERROR Could not start: database is corrupt/);
  });

  it('"Open log folder" (Settings and the tray) opens logs/ in the file manager', async () => {
    const { desktop, dataDir } = await start({ platform: 'linux' });
    const logs = path.join(dataDir, 'logs');
    expect(await invoke('app.openLogFolder')).toEqual({ ok: true, value: { opened: true, path: logs } });
    await desktop.onTrayAction({ type: 'openLogFolder' });
    expect(fake.shell.openedPaths).toEqual([logs, logs]);
    expect(await invoke('app.info')).toEqual({
      ok: true,
      value: { logFolder: logs, canOpenFolders: true, limits: [] },
    });
  });
});
