// A small stand-in for the `electron` module (no Electron binary can be downloaded here). Each test file
// mocks electron with it: vi.mock('electron', () => import('./fake-electron')). It records what the shell
// asks of Electron (windows, handlers, menus, notifications...) so tests can assert on it, and wires
// ipcRenderer.invoke to the handlers registered on ipcMain, with a sender frame URL the test chooses.
import { EventEmitter } from 'node:events';
import fs from 'node:fs';

type Handler = (event: unknown, ...args: unknown[]) => unknown;

// ---- ipcMain / ipcRenderer ----
export const registeredHandlers = new Map<string, Handler>();

export const ipcMain = {
  handle(channel: string, handler: Handler) {
    if (registeredHandlers.has(channel))
      throw new Error(`Attempted to register a second handler for '${channel}'`);
    registeredHandlers.set(channel, handler);
  },
  removeHandler(channel: string) {
    registeredHandlers.delete(channel);
  },
};

let nextContentsId = 1;

export class FakeWebContents extends EventEmitter {
  readonly id = nextContentsId++;
  readonly sent: { channel: string; message: unknown }[] = [];
  windowOpenHandler: ((details: { url: string }) => { action: string }) | null = null;
  destroyed = false;
  send(channel: string, message: unknown) {
    this.sent.push({ channel, message });
    // Deliver to the fake renderer side too, as Electron would.
    ipcRendererEmitter.emit(channel, { sender: this }, message);
  }
  setWindowOpenHandler(handler: (details: { url: string }) => { action: string }) {
    this.windowOpenHandler = handler;
  }
  isDestroyed() {
    return this.destroyed;
  }
}

/** The frame that fake renderer calls come from (tests change it to play a foreign page). */
export const rendererFrame = { url: 'file:///app/out/renderer/index.html', parent: null as unknown };
export let rendererContents = new FakeWebContents();
export const setRendererContents = (contents: FakeWebContents) => {
  rendererContents = contents;
};

const ipcRendererEmitter = new EventEmitter();
export const ipcRenderer = {
  async invoke(channel: string, ...args: unknown[]) {
    const handler = registeredHandlers.get(channel);
    if (!handler) throw new Error(`No handler registered for '${channel}'`);
    const event = {
      sender: rendererContents,
      senderFrame: { url: rendererFrame.url, parent: rendererFrame.parent },
    };
    // Structured clone, as IPC would: no functions, no class instances cross.
    return structuredClone(await handler(event, ...args.map((arg) => structuredClone(arg))));
  },
  on(channel: string, listener: (...args: unknown[]) => void) {
    ipcRendererEmitter.on(channel, listener);
    return ipcRenderer;
  },
  removeListener(channel: string, listener: (...args: unknown[]) => void) {
    ipcRendererEmitter.removeListener(channel, listener);
    return ipcRenderer;
  },
  listenerCount: (channel: string) => ipcRendererEmitter.listenerCount(channel),
};

export const exposedInMainWorld = new Map<string, unknown>();
export const contextBridge = {
  exposeInMainWorld(key: string, api: unknown) {
    exposedInMainWorld.set(key, api);
  },
};

// ---- windows ----
export class BrowserWindow extends EventEmitter {
  static instances: BrowserWindow[] = [];
  readonly webContents: FakeWebContents;
  visible = false;
  destroyed = false;
  maximized = false;
  minimized = false;
  focused = false;
  loaded: { file?: string; url?: string } = {};
  constructor(readonly options: Record<string, unknown>) {
    super();
    this.webContents = new FakeWebContents();
    BrowserWindow.instances.push(this);
  }
  loadFile(file: string) {
    this.loaded = { file };
    return Promise.resolve();
  }
  loadURL(url: string) {
    this.loaded = { url };
    return Promise.resolve();
  }
  show() {
    this.visible = true;
  }
  hide() {
    this.visible = false;
  }
  focus() {
    this.focused = true;
  }
  isVisible() {
    return this.visible;
  }
  isMinimized() {
    return this.minimized;
  }
  restore() {
    this.minimized = false;
  }
  maximize() {
    this.maximized = true;
  }
  isMaximized() {
    return this.maximized;
  }
  getNormalBounds() {
    const o = this.options as { x?: number; y?: number; width: number; height: number };
    return { x: o.x ?? 100, y: o.y ?? 100, width: o.width, height: o.height };
  }
  isDestroyed() {
    return this.destroyed;
  }
  /** Plays the user clicking the close button; returns whether the window really closed. */
  userClose(): boolean {
    let prevented = false;
    this.emit('close', { preventDefault: () => (prevented = true) });
    if (!prevented) {
      this.destroyed = true;
      this.webContents.destroyed = true;
      this.emit('closed');
    }
    return !prevented;
  }
}

export const screen = {
  displays: [{ workArea: { x: 0, y: 0, width: 1920, height: 1080 } }],
  getAllDisplays() {
    return screen.displays;
  },
};

// ---- session ----
type HeadersListener = (
  details: { responseHeaders?: Record<string, string[]> },
  callback: (response: { responseHeaders?: Record<string, string[]> }) => void,
) => void;
export const session = {
  defaultSession: {
    permissionRequestHandler: null as null | ((...args: unknown[]) => void),
    permissionCheckHandler: null as null | ((...args: unknown[]) => boolean),
    headersListener: null as HeadersListener | null,
    setPermissionRequestHandler(handler: (...args: unknown[]) => void) {
      this.permissionRequestHandler = handler;
    },
    setPermissionCheckHandler(handler: (...args: unknown[]) => boolean) {
      this.permissionCheckHandler = handler;
    },
    webRequest: {
      onHeadersReceived(listener: HeadersListener) {
        session.defaultSession.headersListener = listener;
      },
    },
  },
};

export const shell = {
  opened: [] as string[],
  openExternal: async (url: string) => void shell.opened.push(url),
};

// ---- tray, menu, images, notifications ----
export const nativeImage = {
  createFromPath(file: string) {
    return {
      path: file,
      template: false,
      isEmpty: () => !fs.existsSync(file),
      setTemplateImage(value: boolean) {
        this.template = value;
      },
    };
  },
};

export class Tray extends EventEmitter {
  static instances: Tray[] = [];
  image: unknown;
  tooltip = '';
  menu: { template: unknown[] } | null = null;
  destroyed = false;
  constructor(image: unknown) {
    super();
    this.image = image;
    Tray.instances.push(this);
  }
  setImage(image: unknown) {
    this.image = image;
  }
  setToolTip(text: string) {
    this.tooltip = text;
  }
  setContextMenu(menu: { template: unknown[] }) {
    this.menu = menu;
  }
  destroy() {
    this.destroyed = true;
  }
}

export const Menu = {
  buildFromTemplate: (template: unknown[]) => ({ template }),
  setApplicationMenu: () => {},
};

export class Notification extends EventEmitter {
  static instances: Notification[] = [];
  static supported = true;
  static isSupported() {
    return Notification.supported;
  }
  shown = false;
  constructor(readonly options: { title: string; body: string }) {
    super();
    Notification.instances.push(this);
  }
  show() {
    this.shown = true;
  }
}

// ---- app, dialogs, power ----
class FakeApp extends EventEmitter {
  name = 'Electron';
  paths = new Map<string, string>();
  gotLock = true;
  quitCalls = 0;
  loginItemCalls: unknown[] = [];
  isPackaged = false;
  /** What app.getLocale() answers: the system's UI language. */
  locale = 'en-US';
  getLocale() {
    return this.locale;
  }
  setName(name: string) {
    this.name = name;
  }
  getName() {
    return this.name;
  }
  setPath(name: string, value: string) {
    this.paths.set(name, value);
  }
  getPath(name: string) {
    return this.paths.get(name) ?? `/fake/${name}`;
  }
  getAppPath() {
    return process.cwd();
  }
  requestSingleInstanceLock() {
    return this.gotLock;
  }
  setAppUserModelId() {}
  whenReady() {
    return Promise.resolve();
  }
  /** Emits before-quit like Electron; quits for real (emits 'quit') only if nobody prevented it. */
  quit() {
    this.quitCalls++;
    let prevented = false;
    this.emit('before-quit', { preventDefault: () => (prevented = true) });
    if (!prevented) this.emit('quit');
  }
  exit() {
    this.emit('quit');
  }
  setLoginItemSettings(settings: unknown) {
    this.loginItemCalls.push(settings);
  }
  getLoginItemSettings() {
    return { openAtLogin: false, wasOpenedAtLogin: false };
  }
}
export const app = new FakeApp();

export const dialog = {
  errorBoxes: [] as { title: string; content: string }[],
  showErrorBox(title: string, content: string) {
    dialog.errorBoxes.push({ title, content });
  },
  async showOpenDialog() {
    return { canceled: true, filePaths: [] as string[] };
  },
};

export const powerMonitor = new EventEmitter();

/** Strict like Electron's: ids count up from 0, only known types start, a stopped id cannot stop again. */
export const powerSaveBlocker = {
  active: new Map<number, string>(),
  nextId: 0,
  log: [] as string[],
  start(type: string): number {
    if (type !== 'prevent-app-suspension' && type !== 'prevent-display-sleep') {
      throw new TypeError(`unknown power save blocker type ${type}`);
    }
    const id = powerSaveBlocker.nextId++;
    powerSaveBlocker.active.set(id, type);
    powerSaveBlocker.log.push(`start ${type} -> ${id}`);
    return id;
  },
  stop(id: number): boolean {
    if (!powerSaveBlocker.active.has(id)) throw new Error(`powerSaveBlocker.stop(${id}): not started`);
    powerSaveBlocker.active.delete(id);
    powerSaveBlocker.log.push(`stop ${id}`);
    return true;
  },
  isStarted(id: number): boolean {
    return powerSaveBlocker.active.has(id);
  },
};

export default {
  app,
  BrowserWindow,
  contextBridge,
  dialog,
  ipcMain,
  ipcRenderer,
  Menu,
  nativeImage,
  Notification,
  powerMonitor,
  powerSaveBlocker,
  screen,
  session,
  shell,
  Tray,
};

/** Back to a fresh Electron: listeners, handlers, windows, trays, notifications and records cleared. */
export function resetFake(): void {
  app.removeAllListeners();
  app.name = 'Electron';
  app.paths.clear();
  app.gotLock = true;
  app.quitCalls = 0;
  app.loginItemCalls = [];
  app.locale = 'en-US';
  registeredHandlers.clear();
  ipcRendererEmitter.removeAllListeners();
  BrowserWindow.instances.length = 0;
  Tray.instances.length = 0;
  Notification.instances.length = 0;
  Notification.supported = true;
  dialog.errorBoxes.length = 0;
  shell.opened.length = 0;
  powerMonitor.removeAllListeners();
  powerSaveBlocker.active.clear();
  powerSaveBlocker.log.length = 0;
  exposedInMainWorld.clear();
  rendererFrame.url = 'file:///app/out/renderer/index.html';
  rendererFrame.parent = null;
}
