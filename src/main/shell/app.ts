// The Electron shell's lifecycle: one instance, the core started on the data dir, the window, the tray,
// notifications, start at login and power events wired to it, and a graceful stop before the app exits.
// The core does the work; everything here adapts it to the desktop.
import {
  app,
  dialog,
  ipcMain,
  powerMonitor,
  session,
  shell,
  type BrowserWindow,
  type OpenDialogOptions,
} from 'electron';
import path from 'node:path';
import type { EventMap, EventName } from '../../shared/contract';
import { createCore, type Core, type CoreOptions } from '../core/core';
import { CronkeeperError } from '../core/errors';
import { databaseUrlFromArgs } from '../core/database-setting';
import { APP_NAME, resolveDataDir } from '../core/paths';
import { EventForwarder } from './event-forwarder';
import { registerIpcHandlers, type ShellHandlers } from './ipc';
import { applyStartAtLogin, HIDDEN_FLAG, loginItemContext } from './login-item';
import { decideNotification, Notifier } from './notifications';
import { watchPower } from './power';
import { guardAllWebContents, hardenSession, isTrustedSender, type RendererLocation } from './security';
import { resolveShellLang, shellText, type ShellLang, type ShellText } from './shell-text';
import { TrayController } from './tray';
import type { TrayAction } from './tray-model';
import { createMainWindow, revealWindow } from './window';
import { loadWindowState, saveWindowState, windowStateFile, type WindowState } from './window-state';

export const APP_ID = 'app.cronkeeper.desktop';
/** How long running executions get to finish when the app quits, before they are cancelled. */
export const QUIT_GRACE_MS = 10_000;

export interface ShellPaths {
  preload: string;
  renderer: RendererLocation;
  resources: string;
}

/** Paths of the built app: out/main/index.js sits next to out/preload and out/renderer. */
export function shellPaths(mainDir: string, appPath: string, devRendererUrl: string | undefined): ShellPaths {
  return {
    preload: path.join(mainDir, '../preload/index.js'),
    renderer: devRendererUrl
      ? { kind: 'url', url: devRendererUrl }
      : { kind: 'file', file: path.join(mainDir, '../renderer/index.html') },
    resources: path.join(appPath, 'resources'),
  };
}

export interface ShellOptions {
  argv?: string[];
  createCore?: (options: CoreOptions) => Promise<Core>;
  paths?: ShellPaths;
}

export class DesktopShell {
  core: Core | null = null;
  window: BrowserWindow | null = null;
  tray: TrayController | null = null;
  readonly forwarder = new EventForwarder();
  readonly notifier: Notifier;
  private windowState: WindowState;
  /** The language of the shell's own texts: the settings' language, resolved once settings are readable. */
  private lang: ShellLang = 'en';
  private quitting = false;
  private stopped = false;
  private stopping: Promise<void> | null = null;
  private readonly disposers: (() => void)[] = [];

  constructor(
    readonly dataDir: string,
    readonly paths: ShellPaths,
    readonly startHidden: boolean,
    private readonly makeCore: (options: CoreOptions) => Promise<Core>,
  ) {
    this.windowState = loadWindowState(windowStateFile(dataDir));
    this.notifier = new Notifier(path.join(paths.resources, 'icon.png'));
  }

  get text(): ShellText {
    return shellText(this.lang);
  }

  /** Opens the core; false (after telling the user) when it cannot, e.g. another scheduler holds the data dir. */
  async start(): Promise<boolean> {
    let core: Core | null = null;
    try {
      core = await this.makeCore({
        dataDir: this.dataDir,
        databaseUrl: databaseUrlFromArgs(),
        pickFolder: (defaultPath) => this.pickFolder(defaultPath),
      });
      await core.start();
    } catch (err) {
      await core?.stop(0).catch(() => {});
      this.reportStartFailure(err);
      return false;
    }
    this.core = core;

    hardenSession(session.defaultSession);
    this.disposers.push(
      registerIpcHandlers(ipcMain, {
        handlers: this.handlers(core),
        isTrustedSender: (event) => isTrustedSender(event, this.paths.renderer),
      }),
    );
    this.disposers.push(core.events.onAny((event, payload) => this.onCoreEvent(event, payload)));

    const settings = await core.handlers['settings.get']({}).catch(() => null);
    this.lang = resolveShellLang(settings?.language, app.getLocale());

    this.tray = new TrayController({
      handlers: core.handlers,
      schedulerState: () => core.scheduler.state(),
      iconDir: path.join(this.paths.resources, 'tray'),
      onAction: (action) => void this.onTrayAction(action),
      text: () => this.text,
    });
    void this.tray.refresh();

    this.disposers.push(
      watchPower(powerMonitor, {
        suspend: () => core.scheduler.suspend(),
        resume: () => {
          core.scheduler.resume();
          this.tray?.scheduleRefresh();
        },
        shutdown: () => app.quit(),
      }),
    );

    // Re-register at every start while enabled: the executable may have moved (a new AppImage, an update).
    if (settings?.startAtLogin) this.applyLoginItem(true);

    if (!this.startHidden) this.openWindow();
    return true;
  }

  private reportStartFailure(err: unknown): void {
    const message = err instanceof Error ? err.message : String(err);
    // The settings live in the database that could not be opened: go by the system's language.
    const text = shellText(resolveShellLang('system', app.getLocale()));
    if ((err as { code?: unknown } | null)?.code === 'LOCKED') {
      dialog.showErrorBox(text.alreadyRunningTitle, text.alreadyRunningBody(this.dataDir, message));
    } else {
      dialog.showErrorBox(text.couldNotStartTitle, text.couldNotStartBody(message, this.dataDir));
    }
  }

  /** The core's handlers, with the few the shell must see: app.ready (flush events), settings.update. */
  handlers(core: Core): ShellHandlers {
    return {
      ...core.handlers,
      'app.ready': async (input, event) => {
        const result = await core.handlers['app.ready'](input);
        this.forwarder.markReady(event.sender);
        return result;
      },
      'settings.update': async (patch) => {
        const before = await core.handlers['settings.get']({});
        const after = await core.handlers['settings.update'](patch);
        if (patch.startAtLogin !== undefined && patch.startAtLogin !== before.startAtLogin) {
          try {
            this.applyLoginItem(after.startAtLogin);
          } catch (err) {
            // Keep the stored setting truthful: it is only on when the OS was told.
            await core.handlers['settings.update']({ startAtLogin: before.startAtLogin });
            const reason = err instanceof Error ? err.message : String(err);
            throw new CronkeeperError(
              'INTERNAL',
              `Could not change "start at login": ${reason}`,
              'startAtLogin',
            );
          }
        }
        if (patch.language !== undefined && patch.language !== before.language) {
          this.lang = resolveShellLang(after.language, app.getLocale());
          this.tray?.scheduleRefresh(0);
        }
        return after;
      },
    };
  }

  private applyLoginItem(enabled: boolean): void {
    applyStartAtLogin(enabled, loginItemContext(app, Boolean(process.defaultApp)));
  }

  private onCoreEvent<E extends EventName>(event: E, payload: EventMap[E]): void {
    this.forwarder.send(event, payload);
    if (event === 'execution.progress') return;
    this.tray?.scheduleRefresh();
    if (event === 'execution.finished') void this.notifyFinished(payload as EventMap['execution.finished']);
  }

  async notifyFinished(finished: EventMap['execution.finished']): Promise<void> {
    const core = this.core;
    if (!core) return;
    try {
      const [settings, task] = await Promise.all([
        core.handlers['settings.get']({}),
        core.handlers['tasks.get']({ id: finished.execution.taskId }),
      ]);
      const spec = decideNotification({
        notifyOn: task.notifyOn,
        notificationsEnabled: settings.notificationsEnabled,
        finished,
        text: this.text,
      });
      if (spec) this.notifier.show(spec, () => this.openExecution(spec.executionId, spec.taskId));
    } catch {
      // The task was deleted meanwhile, or the database is closing: nothing to tell.
    }
  }

  async onTrayAction(action: TrayAction): Promise<void> {
    const core = this.core;
    if (!core) return;
    try {
      switch (action.type) {
        case 'open':
          return this.openWindow();
        case 'openExecution':
          return this.openExecution(action.executionId, null);
        case 'runTask':
          await core.handlers['tasks.runNow']({ id: action.taskId });
          break;
        case 'pauseAll':
          await core.handlers['scheduler.pauseAll'](action.minutes ? { minutes: action.minutes } : {});
          break;
        case 'resumeAll':
          await core.handlers['scheduler.resumeAll']({});
          break;
        case 'quit':
          app.quit();
          return;
      }
    } catch (err) {
      this.notifier.show({ title: 'Cronkeeper', body: err instanceof Error ? err.message : String(err) });
    }
    this.tray?.scheduleRefresh();
  }

  openWindow(): void {
    if (this.quitting) return;
    if (this.window && !this.window.isDestroyed()) {
      revealWindow(this.window);
      return;
    }
    const win = createMainWindow({
      preloadPath: this.paths.preload,
      renderer: this.paths.renderer,
      state: this.windowState,
      showWhenReady: true,
      isQuitting: () => this.quitting,
      onHiddenToTray: () => this.onHiddenToTray(),
      onStateChange: (state) => {
        this.windowState = { ...this.windowState, ...state };
        saveWindowState(windowStateFile(this.dataDir), this.windowState);
      },
    });
    const contents = win.webContents;
    const id = contents.id;
    this.forwarder.attach(contents);
    contents.on('did-start-loading', () => this.forwarder.loading({ id }));
    contents.on('render-process-gone', () => this.forwarder.loading({ id }));
    // Windows has no powerMonitor "shutdown": a session end reaches the window instead.
    win.on('session-end', () => app.quit());
    win.on('closed', () => {
      this.forwarder.detach({ id });
      if (this.window === win) this.window = null;
    });
    this.window = win;
  }

  /** Shows the window on one execution: the UI listens for ui.openExecution (held until it is ready). */
  openExecution(executionId: number, taskId: number | null): void {
    this.openWindow();
    this.forwarder.send('ui.openExecution', { executionId, taskId });
  }

  private onHiddenToTray(): void {
    if (this.windowState.closeHintShown) return;
    this.windowState = { ...this.windowState, closeHintShown: true };
    saveWindowState(windowStateFile(this.dataDir), this.windowState);
    this.notifier.show({ title: this.text.stillRunningTitle, body: this.text.stillRunningBody }, () =>
      this.openWindow(),
    );
  }

  private async pickFolder(defaultPath?: string): Promise<string | null> {
    const options: OpenDialogOptions = { properties: ['openDirectory', 'createDirectory'], defaultPath };
    const win = this.window && !this.window.isDestroyed() ? this.window : null;
    const result = win ? await dialog.showOpenDialog(win, options) : await dialog.showOpenDialog(options);
    return result.canceled ? null : (result.filePaths[0] ?? null);
  }

  /**
   * before-quit: the first time, quitting is held until the core has stopped (running executions get
   * QUIT_GRACE_MS, then are cancelled and recorded), then app.quit() is called again and goes through.
   */
  onBeforeQuit(event: { preventDefault(): void }): void {
    this.quitting = true;
    if (this.stopped || !this.core) return;
    event.preventDefault();
    if (!this.stopping) this.stopping = this.stop().then(() => app.quit());
  }

  async stop(): Promise<void> {
    for (const dispose of this.disposers.splice(0)) dispose();
    this.tray?.destroy();
    this.tray = null;
    try {
      await this.core?.stop(QUIT_GRACE_MS);
    } catch {
      // Quit anyway: the next start's recovery handles what a failed stop left behind.
    }
    this.stopped = true;
  }
}

export function isHiddenStart(argv: readonly string[]): boolean {
  if (argv.includes(HIDDEN_FLAG)) return true;
  // macOS login items cannot pass arguments: ask how we were launched.
  return process.platform === 'darwin' && app.getLoginItemSettings().wasOpenedAtLogin;
}

export async function startShell(options: ShellOptions = {}): Promise<DesktopShell | null> {
  const argv = options.argv ?? process.argv;
  // Before anything reads userData: the name gives the default data dir (equal to paths.ts's default),
  // and pointing userData at the data dir keeps Chromium's files with ours and makes the single-instance
  // lock per data dir (a --data-dir instance can run next to the default one).
  app.setName(APP_NAME);
  const dataDir = resolveDataDir(argv);
  app.setPath('userData', dataDir);
  if (!app.requestSingleInstanceLock()) {
    app.quit();
    return null;
  }
  if (process.platform === 'win32') app.setAppUserModelId(APP_ID);

  const paths =
    options.paths ??
    shellPaths(__dirname, app.getAppPath(), app.isPackaged ? undefined : process.env.ELECTRON_RENDERER_URL);
  const desktop = new DesktopShell(dataDir, paths, isHiddenStart(argv), options.createCore ?? createCore);

  guardAllWebContents(app, (url) => shell.openExternal(url));
  app.on('second-instance', () => desktop.openWindow());
  app.on('activate', () => desktop.openWindow()); // macOS: a click on the Dock icon
  // Closing the window hides it; should every window be gone, keep running in the tray anyway.
  app.on('window-all-closed', () => {});
  app.on('before-quit', (event) => desktop.onBeforeQuit(event));

  await app.whenReady();
  if (!(await desktop.start())) {
    app.quit();
    return null;
  }
  return desktop;
}
