// The shell's lifecycle with a real core on a temporary data dir (Electron faked): single instance, the
// data dir, the window shown on ready-to-show (or not, with --hidden), push events held until app.ready,
// close hides to the tray with a one-time hint, second launch focuses, notifications open the execution,
// start at login applied on settings.update, power events, LOCKED at start, and a graceful stop on quit.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, afterEach, beforeEach, describe, expect, it, vi, type Mock } from 'vitest';
import { channelNames, IPC_EVENT_CHANNEL, IPC_PREFIX, type ChannelName } from '../../src/shared/contract';
import type { Execution } from '../../src/shared/types';
import { createCore, type Core } from '../../src/main/core/core';
import { CronkeeperError } from '../../src/main/core/errors';
import type { DesktopShell, ShellPaths } from '../../src/main/shell/app';
import { startShell } from '../../src/main/shell/start';
import { SHUTDOWN_GRACE_MS } from '../../src/main/shell/power';
import type { Envelope } from '../../src/main/shell/envelope';
import * as fake from './fake-electron';
import { parseInput } from '../../src/main/core/boundary/dispatcher';

vi.mock('electron', () => import('./fake-electron'));

const tempDirs: string[] = [];
const tempDir = () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ck-'));
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
const rendererUrl = pathToFileURL(path.resolve('/app/out/renderer/index.html')).href;

/** This platform, with a tray host (Linux: a StatusNotifierWatcher on the bus), nothing unsigned. */
const withTray = { platform: process.platform, trayHost: true, signing: 'signed' } as const;

const invoke = (name: ChannelName, input: unknown) =>
  fake.ipcRenderer.invoke(IPC_PREFIX + name, input) as Promise<Envelope>;

/** Quits through the fake app and waits until the app really quit. */
async function quit(): Promise<void> {
  const quitted = new Promise<void>((resolve) => fake.app.once('quit', () => resolve()));
  fake.app.quit();
  await quitted;
}

const eventsSentTo = (contents: fake.FakeWebContents) =>
  contents.sent.filter((m) => m.channel === IPC_EVENT_CHANNEL).map((m) => m.message as { event: string });

beforeEach(() => fake.resetFake());

describe('a running shell', () => {
  let desktop: DesktopShell;
  let dataDir: string;
  let home: string;
  const savedEnv = { HOME: process.env.HOME, XDG_CONFIG_HOME: process.env.XDG_CONFIG_HOME };
  let stopSpy: Mock<(graceMs?: number) => void>;

  beforeEach(async () => {
    dataDir = tempDir();
    home = tempDir();
    process.env.HOME = home;
    delete process.env.XDG_CONFIG_HOME;
    stopSpy = vi.fn();
    const started = await startShell({
      desktop: withTray,
      argv: ['electron', '.', '--data-dir', dataDir],
      paths,
      createCore: async (options) => {
        const core = await createCore(options);
        const stop = core.stop.bind(core);
        core.stop = async (graceMs) => {
          stopSpy(graceMs);
          await stop(graceMs);
          fake.timeline.push('core stopped');
        };
        return core;
      },
    });
    expect(started, JSON.stringify(fake.dialog.errorBoxes)).not.toBeNull();
    desktop = started as DesktopShell;
    fake.setRendererContents(fake.BrowserWindow.instances[0]?.webContents ?? new fake.FakeWebContents());
    fake.rendererFrame.url = rendererUrl;
  });

  afterEach(async () => {
    if (!stopSpy.mock.calls.length) await quit();
    process.env.HOME = savedEnv.HOME;
    if (savedEnv.XDG_CONFIG_HOME !== undefined) process.env.XDG_CONFIG_HOME = savedEnv.XDG_CONFIG_HOME;
  });

  it('names the app Cronkeeper, uses the data dir as userData and registers every channel', () => {
    expect(fake.app.getName()).toBe('Cronkeeper');
    expect(fake.app.getPath('userData')).toBe(path.resolve(dataDir));
    expect(desktop.core?.dataDir).toBe(path.resolve(dataDir));
    expect(fs.existsSync(path.join(dataDir, 'cronkeeper.db'))).toBe(true);
    expect([...fake.registeredHandlers.keys()].sort()).toEqual(
      channelNames.map((n) => IPC_PREFIX + n).sort(),
    );
  });

  it('guards every web contents the app creates, not only the main window', async () => {
    // Any other web contents (a devtools window, a webview's guest): Electron announces it on the app.
    const other = new fake.FakeWebContents();
    fake.app.emit('web-contents-created', {}, other);
    const navigation = vi.fn();
    other.emit('will-navigate', { preventDefault: navigation }, 'https://example.com/');
    expect(navigation).toHaveBeenCalled();
    const attach = vi.fn();
    other.emit('will-attach-webview', { preventDefault: attach }, {}, {});
    expect(attach).toHaveBeenCalled();
    expect(other.windowOpenHandler?.({ url: 'file:///etc/passwd' })).toEqual({ action: 'deny' });
    expect(other.windowOpenHandler?.({ url: 'https://example.com/help' })).toEqual({ action: 'deny' });
    await Promise.resolve();
    expect(fake.shell.opened).toEqual(['https://example.com/', 'https://example.com/help']);
  });

  it('shows the window only on ready-to-show', () => {
    expect(fake.BrowserWindow.instances).toHaveLength(1);
    const win = fake.BrowserWindow.instances[0];
    expect(win.options.show).toBe(false);
    expect(win.loaded.file).toBe(path.resolve('/app/out/renderer/index.html'));
    expect(win.visible).toBe(false);
    win.emit('ready-to-show');
    expect(win.visible).toBe(true);
  });

  it('holds push events until the renderer calls app.ready, then flushes them in order', async () => {
    const contents = fake.BrowserWindow.instances[0].webContents;
    const core = desktop.core as Core;
    core.events.emit('task.changed', { taskId: 1, deleted: false });
    core.events.emit('task.changed', { taskId: 2, deleted: true });
    expect(eventsSentTo(contents)).toEqual([]);

    expect(await invoke('app.ready', {})).toEqual({ ok: true, value: { ok: true } });
    expect(eventsSentTo(contents)).toEqual([
      { event: 'task.changed', payload: { taskId: 1, deleted: false } },
      { event: 'task.changed', payload: { taskId: 2, deleted: true } },
    ]);
    core.events.emit('task.changed', { taskId: 3, deleted: false });
    expect(eventsSentTo(contents)).toHaveLength(3);

    // A reload: held again until the new page is ready.
    contents.emit('did-start-loading');
    core.events.emit('task.changed', { taskId: 4, deleted: false });
    expect(eventsSentTo(contents)).toHaveLength(3);
    await invoke('app.ready', {});
    expect(eventsSentTo(contents)).toHaveLength(4);
  });

  it('app.ready from a foreign frame does not release the events', async () => {
    const contents = fake.BrowserWindow.instances[0].webContents;
    fake.rendererFrame.url = 'https://evil.example/';
    expect(await invoke('app.ready', {})).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    desktop.core?.events.emit('task.changed', { taskId: 1, deleted: false });
    expect(eventsSentTo(contents)).toEqual([]);
  });

  it('hides to the tray on close, with a hint the first time only, and a second launch reveals it', () => {
    const win = fake.BrowserWindow.instances[0];
    win.emit('ready-to-show');
    expect(win.userClose()).toBe(false);
    expect(win.visible).toBe(false);
    expect(fake.Notification.instances.map((n) => n.options.title)).toEqual(['Cronkeeper is still running']);
    const saved = JSON.parse(fs.readFileSync(path.join(dataDir, 'window-state.json'), 'utf8'));
    expect(saved).toMatchObject({ closeHintShown: true, bounds: { width: 1200, height: 800 } });

    win.show();
    expect(win.userClose()).toBe(false);
    expect(fake.Notification.instances).toHaveLength(1);

    win.minimized = true;
    fake.app.emit('second-instance');
    expect(win.visible).toBe(true);
    expect(win.minimized).toBe(false);
    expect(win.focused).toBe(true);
    expect(fake.BrowserWindow.instances).toHaveLength(1);
  });

  it('notifies a failure and a click opens the window on that execution', async () => {
    const created = await invoke('tasks.create', {
      name: 'Backup',
      command: 'false',
      cronExpression: '0 3 * * *',
      notifyOn: 'failure',
    });
    expect(created.ok).toBe(true);
    const taskId = (created as { value: { id: number } }).value.id;
    const execution: Execution = {
      id: 41,
      taskId,
      status: 'failed',
      trigger: 'schedule',
      scheduledAt: null,
      startTime: 1,
      endTime: 2,
      durationSeconds: 1,
      exitCode: 2,
      errorMessage: 'disk full',
      retryCount: 0,
      pid: null,
      logPath: null,
      createdAt: 1,
      result: {},
      progress: {},
    };
    const win = fake.BrowserWindow.instances[0];
    win.userClose(); // hidden (and the one-time hint shown)
    const before = fake.Notification.instances.length;
    await desktop.notifyFinished({ execution, taskName: 'Backup', previousStatus: 'success' });
    const shown = fake.Notification.instances.slice(before);
    expect(shown.map((n) => [n.options.title, n.options.body])).toEqual([
      ['Backup failed', 'Exit code 2. disk full'],
    ]);

    shown[0].emit('click');
    expect(win.visible).toBe(true);
    await invoke('app.ready', {});
    expect(eventsSentTo(win.webContents).filter((m) => m.event === 'ui.openExecution')).toEqual([
      { event: 'ui.openExecution', payload: { executionId: 41, taskId } },
    ]);

    // With notifications off in settings: nothing.
    expect((await invoke('settings.update', { notificationsEnabled: false })).ok).toBe(true);
    await desktop.notifyFinished({ execution, taskName: 'Backup', previousStatus: 'success' });
    expect(fake.Notification.instances.length).toBe(before + 1);
  });

  it('writes and removes the XDG autostart entry when settings.update changes startAtLogin (linux)', async () => {
    if (process.platform !== 'linux') return;
    const file = path.join(home, '.config', 'autostart', 'cronkeeper.desktop');
    expect(await invoke('settings.update', { startAtLogin: true })).toMatchObject({
      ok: true,
      value: { startAtLogin: true },
    });
    expect(fs.readFileSync(file, 'utf8')).toMatch(/^Exec=.* --hidden$/m);
    expect(await invoke('settings.update', { startAtLogin: false })).toMatchObject({ ok: true });
    expect(fs.existsSync(file)).toBe(false);
    // Other settings leave it alone.
    expect(await invoke('settings.update', { theme: 'dark' })).toMatchObject({ ok: true });
    expect(fs.existsSync(file)).toBe(false);
  });

  it('switches the tray, notifications and hint to Chinese when settings.update changes language', async () => {
    type Item = { label?: string };
    const tray = fake.Tray.instances[0];
    const firstLabel = () => (tray.menu?.template as Item[] | undefined)?.[0]?.label;
    await vi.waitFor(() => expect(tray.tooltip).toMatch(/^Cronkeeper — 0 running — /));
    expect(firstLabel()).toBe('Open Cronkeeper');

    expect(await invoke('settings.update', { language: 'zh-CN' })).toMatchObject({
      ok: true,
      value: { language: 'zh-CN' },
    });
    await vi.waitFor(() => expect(tray.tooltip).toMatch(/^Cronkeeper — 运行中：0 — /));
    expect(firstLabel()).toBe('打开 Cronkeeper');

    fake.BrowserWindow.instances[0].userClose();
    expect(fake.Notification.instances.map((n) => n.options.title)).toEqual(['Cronkeeper 仍在运行']);
    const created = await invoke('tasks.create', {
      name: 'Backup',
      command: 'false',
      cronExpression: '0 3 * * *',
    });
    const taskId = (created as { value: { id: number } }).value.id;
    await desktop.notifyFinished({
      execution: { id: 1, taskId, status: 'failed', exitCode: 2, errorMessage: null } as Execution,
      taskName: 'Backup',
      previousStatus: null,
    });
    expect(fake.Notification.instances.at(-1)?.options).toMatchObject({
      title: 'Backup 运行失败',
      body: '退出码 2。运行失败。',
    });

    // 'system' follows the system locale (en-US here).
    await invoke('settings.update', { language: 'system' });
    await vi.waitFor(() => expect(firstLabel()).toBe('Open Cronkeeper'));
  });

  it('passes suspend and resume to the scheduler, and quits gracefully on shutdown', async () => {
    const scheduler = (desktop.core as Core).scheduler;
    const suspend = vi.spyOn(scheduler, 'suspend');
    const resume = vi.spyOn(scheduler, 'resume');
    fake.powerMonitor.emit('suspend');
    expect(suspend).toHaveBeenCalledTimes(1);
    fake.powerMonitor.emit('resume');
    expect(resume).toHaveBeenCalledTimes(1);

    // Linux/macOS: the delay lock is held while a "shutdown" listener exists; it must outlive core.stop,
    // and the stop must fit in logind's InhibitDelayMaxSec (5 s by default).
    stopSpy.mockImplementation(() => fake.timeline.push('core.stop begins'));
    const quitted = new Promise<void>((resolve) => fake.app.once('quit', () => resolve()));
    fake.powerMonitor.emitShutdown();
    await quitted;
    expect(stopSpy).toHaveBeenCalledWith(SHUTDOWN_GRACE_MS);
    expect(SHUTDOWN_GRACE_MS).toBeLessThan(fake.powerMonitor.inhibitDelayMaxMs);
    expect(fake.timeline).toEqual(['core.stop begins', 'core stopped', 'power-off', 'quit']);
    expect(fake.powerMonitor.poweredOffAfter).toBeLessThan(fake.powerMonitor.inhibitDelayMaxMs);
    expect(fs.readFileSync(path.join(dataDir, 'logs', 'cronkeeper.log'), 'utf8')).toMatch(
      /WARN {2}The system is shutting down: stopping\n.*INFO {2}Stopped\n/s,
    );
  });

  it('stops the core before the app quits, and the window then really closes', async () => {
    const order: string[] = [];
    stopSpy.mockImplementation(() => order.push('core.stop'));
    fake.app.once('quit', () => order.push('quit'));
    await quit();
    expect(order).toEqual(['core.stop', 'quit']);
    expect(fake.app.quitCalls).toBe(2); // the first was held for the stop, the second went through
    expect(fake.Tray.instances[0].destroyed).toBe(true);
    const win = fake.BrowserWindow.instances[0];
    expect(win.userClose()).toBe(true);
  });
});

describe('starting', () => {
  it('with --hidden creates no window and drops events', async () => {
    const dataDir = tempDir();
    const desktop = await startShell({
      desktop: withTray,
      argv: ['electron', '.', '--hidden', `--data-dir=${dataDir}`],
      paths,
    });
    expect(desktop).not.toBeNull();
    expect(fake.BrowserWindow.instances).toHaveLength(0);
    expect(fake.Tray.instances).toHaveLength(1);
    desktop?.core?.events.emit('task.changed', { taskId: 1, deleted: false });
    expect(desktop?.forwarder.heldCount).toBe(0);
    // The tray's Open creates it.
    await desktop?.onTrayAction({ type: 'open' });
    expect(fake.BrowserWindow.instances).toHaveLength(1);
    await quit();
  });

  it('on macOS holds the App Nap blocker while a run is going, and lets go when it ends or the app quits', async () => {
    const dataDir = tempDir();
    const original = Object.getOwnPropertyDescriptor(process, 'platform')!;
    Object.defineProperty(process, 'platform', { ...original, value: 'darwin' });
    let desktop: DesktopShell | null;
    try {
      desktop = await startShell({ argv: ['electron', '.', '--hidden', `--data-dir=${dataDir}`], paths });
    } finally {
      Object.defineProperty(process, 'platform', original);
    }
    const core = desktop!.core as Core;
    expect(fake.powerSaveBlocker.active.size).toBe(0);
    const task = await core.tasks.create(
      parseInput('tasks.create', {
        name: 'nap',
        command: 'sleep 1',
        cronExpression: '0 0 1 1 *',
        timezone: 'UTC',
      }),
    );
    await core.handlers['tasks.runNow']({ id: task.id });
    await vi.waitFor(
      () => expect([...fake.powerSaveBlocker.active.values()]).toEqual(['prevent-app-suspension']),
      {
        timeout: 5_000,
      },
    );
    await vi.waitFor(() => expect(fake.powerSaveBlocker.active.size).toBe(0), { timeout: 10_000 });
    await core.handlers['tasks.runNow']({ id: task.id });
    await vi.waitFor(() => expect(fake.powerSaveBlocker.active.size).toBe(1), { timeout: 5_000 });
    await quit();
    expect(fake.powerSaveBlocker.active.size).toBe(0);
  }, 30_000);

  it('when the data dir is LOCKED by another scheduler, says so and quits', async () => {
    const dataDir = tempDir();
    let opened: Core | null = null;
    const desktop = await startShell({
      desktop: withTray,
      argv: ['electron', '.', '--data-dir', dataDir],
      paths,
      createCore: async (options) => {
        opened = await createCore(options);
        opened.start = async () => {
          throw new CronkeeperError('LOCKED', 'cronkeeper serve (pid 4242) holds the scheduler lease');
        };
        return opened;
      },
    });
    expect(desktop).toBeNull();
    expect(fake.dialog.errorBoxes).toHaveLength(1);
    expect(fake.dialog.errorBoxes[0].title).toBe('Cronkeeper is already running');
    expect(fake.dialog.errorBoxes[0].content).toContain(path.resolve(dataDir));
    expect(fake.dialog.errorBoxes[0].content).toContain('pid 4242');
    expect(fake.app.quitCalls).toBe(1);
    expect(fake.BrowserWindow.instances).toHaveLength(0);
    expect(fake.registeredHandlers.size).toBe(0);
  });

  it('with language "system", speaks the system locale from the start (zh-TW gives Chinese)', async () => {
    fake.app.locale = 'zh-TW';
    const desktop = await startShell({
      desktop: withTray,
      argv: ['electron', '.', '--hidden', `--data-dir=${tempDir()}`],
      paths,
    });
    const tray = fake.Tray.instances[0];
    await vi.waitFor(() => expect(tray.tooltip).toMatch(/^Cronkeeper — 运行中：0 — /));
    expect(desktop?.text.quit).toBe('退出 Cronkeeper');
    await quit();
  });

  it('reports a start failure in the system language', async () => {
    fake.app.locale = 'zh-CN';
    const dataDir = tempDir();
    const desktop = await startShell({
      desktop: withTray,
      argv: ['electron', '.', '--data-dir', dataDir],
      paths,
      createCore: async () => {
        throw new CronkeeperError('LOCKED', 'cronkeeper serve (pid 4242) holds the scheduler lease');
      },
    });
    expect(desktop).toBeNull();
    expect(fake.dialog.errorBoxes).toEqual([
      {
        title: 'Cronkeeper 已在运行',
        content: expect.stringContaining(`正在使用\n${path.resolve(dataDir)}\n\n请先停止它`),
      },
    ]);
    expect(fake.dialog.errorBoxes[0].content).toContain('pid 4242');
  });

  it('as a second instance, quits at once (the first one is focused through second-instance)', async () => {
    fake.app.gotLock = false;
    const makeCore = vi.fn();
    const desktop = await startShell({
      desktop: withTray,
      argv: ['electron', '.', '--data-dir', tempDir()],
      paths,
      createCore: makeCore,
    });
    expect(desktop).toBeNull();
    expect(makeCore).not.toHaveBeenCalled();
    expect(fake.app.quitCalls).toBe(1);
  });
});
