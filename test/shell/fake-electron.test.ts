// The double itself: as strict as Electron 45's documentation for what the shell uses (each line says
// which documented behaviour it plays), so that a test passing on it means something.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import * as fake from './fake-electron';

beforeEach(() => fake.resetFake());

describe('app', () => {
  it('becomes ready on a later task, never synchronously; events may come first', async () => {
    const order: string[] = [];
    fake.app.on('second-instance', () => order.push('second-instance'));
    const ready = fake.app.whenReady().then(() => order.push('ready'));
    fake.app.emit('second-instance');
    await Promise.resolve();
    expect(fake.app.isReady()).toBe(false);
    await ready;
    expect(order).toEqual(['second-instance', 'ready']);
  });

  it('answers getLoginItemSettings only once ready (wasOpenedAtLogin is set at didFinishLaunching)', async () => {
    expect(() => fake.app.getLoginItemSettings()).toThrow(/before ready/);
    await fake.app.whenReady();
    expect(fake.app.getLoginItemSettings()).toMatchObject({ wasOpenedAtLogin: false });
  });

  it('setPath refuses a relative path and a folder that does not exist ("an Error is thrown")', () => {
    expect(() => fake.app.setPath('userData', 'relative/dir')).toThrow(/absolute/);
    expect(() => fake.app.setPath('userData', path.join(os.tmpdir(), 'ck-nope-' + Date.now()))).toThrow();
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ck-set-'));
    fake.app.setPath('userData', dir);
    expect(fake.app.getPath('userData')).toBe(dir);
    fs.rmSync(dir, { recursive: true });
  });

  it('creates no window, tray or notification before ready', () => {
    expect(() => new fake.BrowserWindow({})).toThrow(/before app is ready/);
    expect(() => new fake.Tray({})).toThrow(/before app is ready/);
    expect(() => new fake.Notification({ title: 't', body: 'b' })).toThrow(/before app is ready/);
  });
});

describe('options and events are those electron.d.ts documents', () => {
  beforeEach(() => fake.app.becomeReady());

  it('BrowserWindow', () => {
    expect(() => new fake.BrowserWindow({ show: false, width: 1, hieght: 2 })).toThrow(/"hieght"/);
    expect(() => new fake.BrowserWindow({ webPreferences: { sandBox: true } })).toThrow(/"sandBox"/);
    const win = new fake.BrowserWindow({ show: false, webPreferences: { sandbox: true } });
    expect(() => win.on('ready-to-show', () => {})).not.toThrow();
    expect(() => win.on('query-session-end', () => {})).not.toThrow();
    expect(() => win.on('ready-to-shwo' as never, () => {})).toThrow(/"ready-to-shwo"/);
    expect(() => win.webContents.on('did-start-loading', () => {})).not.toThrow();
    expect(() => win.webContents.on('dom-loaded' as never, () => {})).toThrow();
  });

  it('app and powerMonitor', () => {
    expect(() => fake.app.on('second-instance', () => {})).not.toThrow();
    expect(() => fake.app.on('second-instanse' as never, () => {})).toThrow(/"second-instanse"/);
    expect(() => fake.powerMonitor.on('shutdown', () => {})).not.toThrow();
    expect(() => fake.powerMonitor.on('power-off' as never, () => {})).toThrow();
  });

  it('Tray and Notification', () => {
    const tray = new fake.Tray({});
    expect(() => tray.on('right-click', () => {})).not.toThrow();
    expect(() => tray.on('menu-click' as never, () => {})).toThrow();
    expect(() => new fake.Notification({ title: 't', body: 'b', icon: '/i.png', id: 'x' })).not.toThrow();
    expect(() => new fake.Notification({ title: 't', body: 'b', onClick: 1 })).toThrow(/"onClick"/);
    const n = new fake.Notification({ title: 't', body: 'b' });
    expect(() => n.on('dismissed' as never, () => {})).toThrow();
  });
});

describe('platform behaviour', () => {
  beforeEach(() => fake.app.becomeReady());

  it('maximize() shows a hidden window (documented: "will also show")', () => {
    const win = new fake.BrowserWindow({ show: false });
    win.maximize();
    expect(win.visible).toBe(true);
  });

  it('a prevented shutdown waits while a listener holds the lock, at most InhibitDelayMaxSec', async () => {
    fake.powerMonitor.inhibitDelayMaxMs = 50;
    const listener = (e: { preventDefault(): void }) => e.preventDefault();
    fake.powerMonitor.on('shutdown', listener);
    fake.powerMonitor.emitShutdown();
    expect(fake.powerMonitor.poweredOffAfter).toBeNull();
    await new Promise((resolve) => setTimeout(resolve, 120));
    expect(fake.powerMonitor.poweredOffAfter).not.toBeNull();
    fake.powerMonitor.removeListener('shutdown', listener);
  });

  it('releasing the last shutdown listener lets the system power off at once', () => {
    const listener = (e: { preventDefault(): void }) => e.preventDefault();
    fake.powerMonitor.on('shutdown', listener);
    fake.powerMonitor.emitShutdown();
    fake.powerMonitor.removeListener('shutdown', listener);
    expect(fake.timeline).toEqual(['power-off']);
  });

  it('session-end kills the app unless a quit is under way; a prevented before-quit is not one', async () => {
    const win = new fake.BrowserWindow({ show: false });
    fake.app.on('before-quit', (e: { preventDefault(): void }) => e.preventDefault());
    fake.app.quit();
    expect(await win.endSession(10)).toBe(true);
    fake.resetFake();
    fake.app.becomeReady();
    const other = new fake.BrowserWindow({ show: false });
    fake.app.quit();
    expect(await other.endSession(10)).toBe(false);
  });

  it('macOS: a click on a tray with a menu emits "click" too; destroying a tray in its own menu handler throws', () => {
    const tray = new fake.Tray({});
    let clicks = 0;
    tray.on('click', () => clicks++);
    tray.setContextMenu({ template: [{ label: 'Quit', click: () => tray.destroy() }] });
    tray.userClick();
    expect(clicks).toBe(1);
    expect(() => tray.clickMenuItem('Quit')).toThrow(/electron#12862/);
  });

  it('a Notification the app does not hold is collected; a click then reaches only handleActivation (Windows)', async () => {
    fake.fakePlatform.value = 'win32';
    const activations: unknown[] = [];
    fake.Notification.handleActivation((details) => activations.push(details));
    const ref = new WeakRef(new fake.Notification({ title: 't', body: 'b' }));
    expect(await fake.Notification.collect()).toBe(0);
    expect(ref.deref()).toBeUndefined();
    fake.Notification.activate(ref);
    expect(activations).toEqual([{ type: 'click', arguments: '' }]);
    fake.fakePlatform.value = 'linux';
    expect(() => fake.Notification.handleActivation(() => {})).toThrow(/not a function/);
  });
});
