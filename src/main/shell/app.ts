// The Electron shell's lifecycle: one instance, the core started on the data dir, the window, the tray,
// notifications, start at login and power events wired to it, and a graceful stop before the app exits.
// The core does the work; everything here adapts it to the desktop. Its own messages (start, failures,
// stop, warnings) go to the application log (logs/cronkeeper.log), shared with the core's.
import {
  app,
  dialog,
  ipcMain,
  powerMonitor,
  powerSaveBlocker,
  session,
  shell,
  type BrowserWindow,
  type OpenDialogOptions,
} from 'electron';
import path from 'node:path';
import type { DesktopLimit, EventMap, EventName } from '../../shared/contract';
import { AppLog } from '../core/app-log';
import { utilityRunHelper } from './run-helper';
import type { Core, CoreOptions } from '../core/core';
import { CronkeeperError } from '../core/errors';
import { databaseUrlFromArgs } from '../core/database-setting';
import { logsDir } from '../core/paths';
import { appKeepAwake, appPowerSource } from './power-conditions';
import { AppNapGuard } from './app-nap';
import { desktopLimits, probeDesktop, type DesktopFacts } from './desktop-limits';
import { EventForwarder } from './event-forwarder';
import { openLogFolder } from './log-folder';
import { registerIpcHandlers, type ShellHandlers } from './ipc';
import { applyStartAtLogin, isHiddenStart, loginItemContext } from './login-item';
import { decideNotification, Notifier } from './notifications';
import { SHUTDOWN_GRACE_MS, watchPower } from './power';
import { hardenSession, isTrustedSender, type RendererLocation } from './security';
import { resolveShellLang, shellText, type ShellLang, type ShellText } from './shell-text';
import { TrayController } from './tray';
import type { TrayAction } from './tray-model';
import { watchSessionEnd } from './session-end';
import { createMainWindow, revealWindow } from './window';
import { loadWindowState, saveWindowState, windowStateFile, type WindowState } from './window-state';

export const APP_ID = 'app.cronkeeper.desktop';
/** How long running executions get to finish when the app quits, before they are cancelled. */
export const QUIT_GRACE_MS = 10_000;

export interface ShellPaths {
  preload: string;
  renderer: RendererLocation;
  resources: string;
  /** The built run helper (out/main/spawner.js); without it runs start in the main process. */
  runHelper?: string;
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
  /**
   * Released only once the core has stopped: the power listener holds the system's shutdown delay lock
   * (power.ts), and the Windows session watcher is what asked Windows to wait (session-end.ts).
   */
  private readonly keptUntilStopped: (() => void)[] = [];
  /** 'starting' until IPC is registered: a window opened earlier would call handlers that do not exist. */
  private phase: 'starting' | 'running' | 'failed' = 'starting';
  /** A second launch, a Dock click or a notification asked for the window while starting. */
  private windowWanted = false;
  startHidden = false;
  limits: DesktopLimit[] = [];
  readonly appLog: AppLog;

  constructor(
    readonly dataDir: string,
    readonly paths: ShellPaths,
    private readonly argv: readonly string[],
    private readonly makeCore: (options: CoreOptions) => Promise<Core>,
    readonly platform: NodeJS.Platform = process.platform,
    private readonly desktopFacts?: DesktopFacts,
  ) {
    this.windowState = loadWindowState(windowStateFile(dataDir));
    this.appLog = new AppLog(dataDir);
    this.notifier = new Notifier(path.join(paths.resources, 'icon.png'), {
      platform,
      // Windows: a click in Action Center on a toast whose object is gone still opens the window.
      onOrphanActivation: () => this.requestWindow(),
    });
  }

  /** Where no tray icon shows (stock GNOME), the window is never hidden where nobody can find it. */
  get hasTray(): boolean {
    return !this.limits.includes('noTray');
  }

  get text(): ShellText {
    return shellText(this.lang);
  }

  /**
   * Opens the core; false (after telling the user) when it cannot, e.g. another scheduler holds the data
   * dir. Called once the app is ready (login item settings are only known then).
   */
  async start(): Promise<boolean> {
    this.startHidden = isHiddenStart(app, this.argv, this.platform);
    const facts = this.desktopFacts ?? probeDesktop(this.platform, process.execPath);
    this.limits = desktopLimits(facts);
    this.appLog.info(
      `Desktop app starting (${this.platform}, Electron ${process.versions.electron ?? '-'}` +
        `${this.startHidden ? ', hidden' : ''}${this.limits.length ? `, limits: ${this.limits.join(', ')}` : ''})`,
    );
    let core: Core | null = null;
    try {
      core = await this.makeCore({
        dataDir: this.dataDir,
        databaseUrl: databaseUrlFromArgs(),
        pickFolder: (defaultPath) => this.pickFolder(defaultPath),
        appLog: this.appLog,
        // Started from the Dock or at login: give jobs the login shell's PATH (login-env.ts).
        loginEnvironment: true,
        // The power conditions (issue #16): Electron's power state and powerSaveBlocker.
        power: appPowerSource(powerMonitor),
        keepAwake: appKeepAwake(powerSaveBlocker),
        // Runs start in a small utility process (why: core/runner/spawner/protocol.ts).
        runHelper: this.paths.runHelper ? utilityRunHelper(this.paths.runHelper) : undefined,
      });
      await core.start();
    } catch (err) {
      this.phase = 'failed';
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
      platform: this.platform,
      onAction: (action) => void this.onTrayAction(action),
      text: () => this.text,
    });
    void this.tray.refresh();

    // macOS: no App Nap while a run is going or due within a minute (app-nap.ts).
    const nap = new AppNapGuard({
      powerSaveBlocker,
      platform: process.platform,
      running: () => core.scheduler.state().running,
      nextDueAt: () => core.scheduler.state().nextRunAt,
    });
    const napUpdate = () => setImmediate(() => nap.update());
    this.disposers.push(
      nap.start(),
      core.events.on('execution.started', napUpdate),
      core.events.on('execution.finished', napUpdate),
    );

    const disposePower = watchPower(powerMonitor, {
      suspend: () => core.scheduler.suspend(),
      resume: () => {
        core.scheduler.resume();
        this.tray?.scheduleRefresh();
      },
      shutdown: () => {
        this.appLog.warn('The system is shutting down: stopping');
        this.quitSoon(SHUTDOWN_GRACE_MS);
      },
    });
    this.keptUntilStopped.push(disposePower);
    if (this.platform === 'win32') {
      this.keptUntilStopped.push(
        watchSessionEnd({
          quitSoon: () => this.quitSoon(SHUTDOWN_GRACE_MS),
          ending: () => this.stopped,
          log: (line) => this.appLog.warn(line),
        }),
      );
    }

    // Re-register at every start while enabled: the executable may have moved (a new AppImage, an update).
    // (Not on an unsigned macOS build: macOS would ignore it, and Settings says so.)
    if (settings?.startAtLogin && !this.limits.includes('unsignedMacLoginItem')) {
      try {
        this.applyLoginItem(true, true);
      } catch (err) {
        this.appLog.warn(
          `Could not renew "start at login": ${err instanceof Error ? err.message : String(err)}`,
        );
      }
    }
    for (const limit of this.limits) this.appLog.warn(`Desktop limit: ${limit}`);

    this.phase = 'running';
    // A relaunch while we were starting always shows the window, --hidden or not.
    if (!this.startHidden || this.windowWanted) this.openWindow();
    else if (!this.hasTray) this.openWindow({ minimized: true });
    return true;
  }

  /** Opens the window now, or once started; never while the start failed (the app is quitting). */
  requestWindow(): void {
    if (this.phase === 'running') this.openWindow();
    else if (this.phase === 'starting') this.windowWanted = true;
  }

  private reportStartFailure(err: unknown): void {
    const message = err instanceof Error ? err.message : String(err);
    this.appLog.error(`Could not start: ${message}`);
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
      'app.info': async () => ({
        logFolder: logsDir(this.dataDir),
        canOpenFolders: true,
        limits: this.limits,
      }),
      'app.openLogFolder': async () => this.openLogFolder(),
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
            if (after.startAtLogin && this.limits.includes('unsignedMacLoginItem')) {
              throw new Error(
                'macOS only starts signed and notarized apps at login, and this copy of Cronkeeper is not signed',
              );
            }
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

  private applyLoginItem(enabled: boolean, refresh = false): void {
    applyStartAtLogin(enabled, loginItemContext(app, Boolean(process.defaultApp), this.platform), refresh);
  }

  openLogFolder(): Promise<{ opened: boolean; path: string }> {
    return openLogFolder(this.dataDir, shell, this.appLog);
  }

  private onCoreEvent<E extends EventName>(event: E, payload: EventMap[E]): void {
    this.forwarder.send(event, payload);
    // Progress and test-run output change nothing the tray shows.
    if (event === 'execution.progress' || event === 'testRun.output' || event === 'testRun.progress') return;
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
        case 'openLogFolder':
          await this.openLogFolder();
          return;
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

  openWindow(options: { minimized?: boolean } = {}): void {
    if (this.quitting) return;
    if (this.phase !== 'running') {
      this.requestWindow();
      return;
    }
    if (this.window && !this.window.isDestroyed()) {
      revealWindow(this.window, this.windowState.maximized);
      return;
    }
    const win = createMainWindow({
      preloadPath: this.paths.preload,
      renderer: this.paths.renderer,
      state: this.windowState,
      showWhenReady: true,
      startMinimized: options.minimized,
      closeTo: this.hasTray ? 'tray' : 'minimized',
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
    const body = this.hasTray ? this.text.stillRunningBody : this.text.stillRunningNoTrayBody;
    this.notifier.show({ title: this.text.stillRunningTitle, body }, () => this.openWindow());
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
    this.quitSoon(QUIT_GRACE_MS);
  }

  /** Stops the core (running executions get graceMs), then quits for real. Once. */
  quitSoon(graceMs: number): void {
    this.quitting = true;
    if (!this.core || this.stopped) {
      app.quit();
      return;
    }
    if (!this.stopping) this.stopping = this.stop(graceMs).then(() => app.quit());
  }

  async stop(graceMs = QUIT_GRACE_MS): Promise<void> {
    this.appLog.info(`Quitting: running executions get ${graceMs / 1000} s`);
    for (const dispose of this.disposers.splice(0)) dispose();
    const tray = this.tray;
    this.tray = null;
    try {
      await Promise.all([tray?.destroy(), this.core?.stop(graceMs)]);
    } catch (err) {
      // Quit anyway: the next start's recovery handles what a failed stop left behind.
      this.appLog.error(`Stopping failed: ${err instanceof Error ? err.message : String(err)}`);
    }
    this.stopped = true;
    // Only now: while they exist, the system waits for us to finish before shutting down.
    for (const dispose of this.keptUntilStopped.splice(0)) dispose();
  }
}
