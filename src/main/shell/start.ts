// Starting the desktop app: the app's name and data folder (userData) before anything reads them, one
// instance per data folder, the app events that can come before ready wired to the shell, then the shell
// started once Electron is ready.
import { app, dialog, shell } from 'electron';
import fs from 'node:fs';
import path from 'node:path';
import { createCore, type Core, type CoreOptions } from '../core/core';
import { APP_NAME, resolveDataDir } from '../core/paths';
import { APP_ID, DesktopShell, type ShellPaths } from './app';
import type { DesktopFacts } from './desktop-limits';
import { guardAllWebContents } from './security';
import { resolveShellLang, shellText } from './shell-text';

/** Paths of the built app: out/main/index.js sits next to out/preload and out/renderer. */
export function shellPaths(mainDir: string, appPath: string, devRendererUrl: string | undefined): ShellPaths {
  return {
    preload: path.join(mainDir, '../preload/index.js'),
    renderer: devRendererUrl
      ? { kind: 'url', url: devRendererUrl }
      : { kind: 'file', file: path.join(mainDir, '../renderer/index.html') },
    resources: path.join(appPath, 'resources'),
    runHelper: path.join(mainDir, 'spawner.js'),
  };
}

export interface ShellOptions {
  argv?: string[];
  createCore?: (options: CoreOptions) => Promise<Core>;
  paths?: ShellPaths;
  /** The platform to behave as (tests); process.platform by default. */
  platform?: NodeJS.Platform;
  /** What the desktop can do (tests); found out at start by default. */
  desktop?: DesktopFacts;
}

export async function startShell(options: ShellOptions = {}): Promise<DesktopShell | null> {
  const argv = options.argv ?? process.argv;
  const platform = options.platform ?? process.platform;
  // Before anything reads userData: the name gives the default data dir (equal to paths.ts's default),
  // and pointing userData at the data dir keeps Chromium's files with ours and makes the single-instance
  // lock per data dir (a --data-dir instance can run next to the default one).
  app.setName(APP_NAME);
  const dataDir = resolveDataDir(argv);
  try {
    // setPath throws on a folder that does not exist yet (a first start) and on a relative path.
    fs.mkdirSync(dataDir, { recursive: true });
    app.setPath('userData', dataDir);
  } catch (err) {
    await app.whenReady();
    const text = shellText(resolveShellLang('system', app.getLocale()));
    const message = err instanceof Error ? err.message : String(err);
    dialog.showErrorBox(text.couldNotStartTitle, text.couldNotStartBody(message, dataDir));
    app.quit();
    return null;
  }
  if (!app.requestSingleInstanceLock()) {
    app.quit();
    return null;
  }
  if (platform === 'win32') app.setAppUserModelId(APP_ID);

  const paths =
    options.paths ??
    shellPaths(__dirname, app.getAppPath(), app.isPackaged ? undefined : process.env.ELECTRON_RENDERER_URL);
  const desktop = new DesktopShell(
    dataDir,
    paths,
    argv,
    options.createCore ?? createCore,
    platform,
    options.desktop,
  );

  // Every web contents (not only the main window's) refuses navigation, new windows and <webview>.
  guardAllWebContents(app, (url) => shell.openExternal(url));
  // These can come before ready and while the core starts: the window waits until IPC is registered.
  app.on('second-instance', () => desktop.requestWindow());
  app.on('activate', () => desktop.requestWindow()); // macOS: a click on the Dock icon
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
