// The one main window: hardened webPreferences, remembered bounds, shown on ready-to-show, and close
// hides it to the tray instead of quitting (unless the app is quitting). Where no tray icon can be shown
// (stock GNOME), close minimizes instead, so the window stays reachable from the taskbar.
import { BrowserWindow, screen, shell, type BrowserWindowConstructorOptions } from 'electron';
import { hardenWebContents, type RendererLocation } from './security';
import { DEFAULT_SIZE, MIN_SIZE, usableBounds, type Rect, type WindowState } from './window-state';

export function mainWindowOptions(
  preloadPath: string,
  bounds: Rect | undefined,
): BrowserWindowConstructorOptions {
  return {
    ...(bounds ?? DEFAULT_SIZE),
    minWidth: MIN_SIZE.width,
    minHeight: MIN_SIZE.height,
    title: 'Cronkeeper',
    show: false,
    autoHideMenuBar: true,
    webPreferences: {
      preload: preloadPath,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      spellcheck: false,
    },
  };
}

export interface MainWindowOptions {
  preloadPath: string;
  renderer: RendererLocation;
  state: WindowState;
  /** False when started with --hidden: the window loads but stays in the tray. */
  showWhenReady: boolean;
  /** 'minimize' when no tray icon is shown: closing must leave a visible way back. */
  closeTo?: 'tray' | 'minimized';
  /** Shown minimized (a hidden start without a tray). */
  startMinimized?: boolean;
  /** True once the app is quitting: close really closes. */
  isQuitting: () => boolean;
  /** The window was hidden by its close button (shell shows the first-time hint). */
  onHiddenToTray: () => void;
  /** The bounds to remember, on hide and before quit. */
  onStateChange: (state: Pick<WindowState, 'bounds' | 'maximized'>) => void;
}

export function createMainWindow(options: MainWindowOptions): BrowserWindow {
  const workAreas = screen.getAllDisplays().map((display) => display.workArea);
  const bounds = usableBounds(options.state.bounds, workAreas);
  const win = new BrowserWindow(mainWindowOptions(options.preloadPath, bounds));
  hardenWebContents(win.webContents, (url) => shell.openExternal(url));
  // Not before ready-to-show: maximize() also shows the window, and it would flash blank until painted.
  let maximizePending = options.state.maximized;

  const remember = () => {
    if (win.isDestroyed()) return;
    options.onStateChange({ bounds: win.getNormalBounds(), maximized: win.isMaximized() });
  };
  // Also remembered shortly after a resize or move, so that a crash or a forced logout keeps them.
  let rememberTimer: ReturnType<typeof setTimeout> | undefined;
  const rememberSoon = () => {
    clearTimeout(rememberTimer);
    rememberTimer = setTimeout(remember, 500);
  };
  win.on('resize', rememberSoon);
  win.on('move', rememberSoon);
  win.on('closed', () => clearTimeout(rememberTimer));
  win.once('ready-to-show', () => {
    if (!options.showWhenReady) return;
    if (options.startMinimized) {
      // In the taskbar, not in the way: shown without focus, then minimized.
      win.showInactive();
      win.minimize();
      return;
    }
    if (maximizePending) {
      maximizePending = false;
      win.maximize();
    }
    win.show();
  });
  win.on('close', (event) => {
    remember();
    if (options.isQuitting()) return;
    event.preventDefault();
    if (options.closeTo === 'minimized') win.minimize();
    else win.hide();
    options.onHiddenToTray();
  });

  if (options.renderer.kind === 'url') void win.loadURL(options.renderer.url);
  else void win.loadFile(options.renderer.file);
  return win;
}

/** Brings the window to the front (tray "Open", a second launch, a notification click). */
export function revealWindow(win: BrowserWindow, maximized = false): void {
  if (win.isMinimized()) win.restore();
  // A window created hidden (--hidden) was never maximized: do it now, when showing anyway.
  if (maximized && !win.isVisible() && !win.isMaximized()) win.maximize();
  win.show();
  win.focus();
}
