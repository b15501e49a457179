// A stand-in for the `electron` module (no Electron binary can be downloaded here). Each test file mocks
// electron with it: vi.mock('electron', () => import('./fake-electron')). It records what the shell asks
// of Electron (windows, handlers, menus, notifications...) so tests can assert on it, and wires
// ipcRenderer.invoke to the handlers registered on ipcMain, with a sender frame URL the test chooses.
//
// It is as strict as Electron 45 (its documentation and electron.d.ts) for everything the shell uses,
// and stricter where Electron fails silently, so that a misuse fails a test instead of a user's day:
// - the app becomes ready LATER (whenReady resolves on a later task, or when a test says so), and app
//   events (second-instance, activate) can arrive before; windows, trays and notifications cannot be
//   created before ready; getLoginItemSettings() throws before ready (its wasOpenedAtLogin is only set at
//   applicationDidFinishLaunching);
// - app.setPath refuses a relative path and a folder that does not exist;
// - powerMonitor's "shutdown": a preventDefault()ed shutdown holds the system's delay lock while a
//   "shutdown" listener exists, at most `inhibitDelayMaxMs` (logind's default 5 s); then it powers off;
// - a window's "session-end" (Windows) kills the app once its listeners return, unless a quit is under
//   way (app.quit() got past before-quit);
// - macOS: a click on a tray with a context menu also emits "click";
// - destroying a tray inside its own menu item's click handler throws (it crashed Electron, #12862);
// - Notification objects are only weakly held (the real ones are garbage-collected once the app drops
//   them; Notification.collect() runs the collector), and a click on a collected one reaches only
//   Notification.handleActivation (Windows);
// - BrowserWindow / Tray / Notification options, and event names of those, webContents, app and
//   powerMonitor, not in electron.d.ts throw.
import { EventEmitter } from 'node:events';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import v8 from 'node:v8';
import vm from 'node:vm';
import { killUtilities, makeUtilityProcess } from './fake-utility-process';

// ---- what electron.d.ts documents: event names per class, option names per options interface ----
const typings = fs.readFileSync(
  path.join(path.dirname(createRequire(__filename).resolve('electron/package.json')), 'electron.d.ts'),
  'utf8',
);
function section(kind: 'class' | 'interface', name: string): string {
  const start = typings.search(new RegExp(`^ {2}${kind} ${name}\\b`, 'm'));
  if (start < 0) throw new Error(`electron.d.ts has no ${kind} ${name}`);
  const rest = typings.slice(start + 1);
  const end = rest.search(/^ {2}(class|interface|type|namespace) /m);
  return end < 0 ? rest : rest.slice(0, end);
}
/** Event names of a class (BrowserWindow) or interface (App, PowerMonitor). */
const documentedEvents = (...types: string[]) =>
  new Set(
    types.flatMap((t) => {
      const body = new RegExp(`^ {2}class ${t}\\b`, 'm').test(typings)
        ? section('class', t)
        : section('interface', t);
      return [...body.matchAll(/^ {4}on\(event: '([^']+)'/gm)].map((m) => m[1]);
    }),
  );
const documentedOptions = (...interfaces: string[]) =>
  new Set(
    interfaces.flatMap((i) => [...section('interface', i).matchAll(/^ {4}(\w+)\?:/gm)].map((m) => m[1])),
  );

export const documented = {
  windowEvents: documentedEvents('BrowserWindow', 'BaseWindow'),
  windowOptions: documentedOptions('BrowserWindowConstructorOptions', 'BaseWindowConstructorOptions'),
  webPreferences: documentedOptions('WebPreferences'),
  contentsEvents: documentedEvents('WebContents'),
  trayEvents: documentedEvents('Tray'),
  notificationEvents: documentedEvents('Notification'),
  notificationOptions: documentedOptions('NotificationConstructorOptions'),
  appEvents: documentedEvents('App'),
  powerEvents: documentedEvents('PowerMonitor'),
  utilityEvents: documentedEvents('UtilityProcess'),
  forkOptions: documentedOptions('ForkOptions'),
};

function refuseUnknown(what: string, names: Iterable<string>, known: Set<string>): void {
  for (const name of names)
    if (!known.has(name)) throw new TypeError(`${what}: unknown "${name}" (not in electron.d.ts)`);
}

/** An EventEmitter that refuses event names Electron does not document for it. */
class StrictEmitter extends EventEmitter {
  constructor(
    private readonly kind: string,
    private readonly known: Set<string>,
  ) {
    super();
  }
  override on(event: string | symbol, listener: Listener): this {
    if (typeof event === 'string') refuseUnknown(`${this.kind}.on`, [event], this.known);
    return super.on(event, listener);
  }
  override once(event: string | symbol, listener: Listener): this {
    if (typeof event === 'string') refuseUnknown(`${this.kind}.once`, [event], this.known);
    return super.once(event, listener);
  }
  override addListener(event: string | symbol, listener: Listener): this {
    return this.on(event, listener);
  }
}

/** What happened, in order, across the fake (tests add their own entries). */
export const timeline: string[] = [];

/** The platform Electron plays (tests set it and give the shell the same). */
export const fakePlatform = { value: process.platform as NodeJS.Platform };

function assertReady(what: string): void {
  if (!app.isReady()) throw new Error(`Cannot create ${what} before app is ready`);
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- EventEmitter's own listener type
type Listener = (...args: any[]) => void;
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

export class FakeWebContents extends StrictEmitter {
  readonly id = nextContentsId++;
  readonly sent: { channel: string; message: unknown }[] = [];
  windowOpenHandler: ((details: { url: string }) => { action: string }) | null = null;
  destroyed = false;
  constructor() {
    super('webContents', documented.contentsEvents);
  }
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
export class BrowserWindow extends StrictEmitter {
  static instances: BrowserWindow[] = [];
  /** Called as each window is created (tests look at what existed at that moment). */
  static onCreate: ((win: BrowserWindow) => void) | null = null;
  readonly webContents: FakeWebContents;
  visible = false;
  destroyed = false;
  maximized = false;
  minimized = false;
  focused = false;
  loaded: { file?: string; url?: string } = {};
  constructor(readonly options: Record<string, unknown>) {
    super('BrowserWindow', documented.windowEvents);
    assertReady('BrowserWindow');
    refuseUnknown('new BrowserWindow', Object.keys(options), documented.windowOptions);
    refuseUnknown(
      'webPreferences',
      Object.keys((options.webPreferences as object) ?? {}),
      documented.webPreferences,
    );
    this.webContents = new FakeWebContents();
    BrowserWindow.instances.push(this);
    BrowserWindow.onCreate?.(this);
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
  showInactive() {
    this.visible = true;
  }
  /** A destroyed window emits "closed", then nothing more (Windows no longer asks it about the session). */
  destroy() {
    this.destroyed = true;
    this.webContents.destroyed = true;
    this.emit('closed');
    this.removeAllListeners();
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
  /** "This will also show (but not focus) the window if it isn't being displayed already." */
  maximize() {
    this.maximized = true;
    this.visible = true;
  }
  minimize() {
    this.minimized = true;
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
  /**
   * Windows ends the session (shutdown, restart, log-off): "query-session-end" (preventable: delays the
   * end while the app finishes, at most `waitMs`), then "session-end", after which the process is killed
   * unless a quit is under way. Resolves with whether the app was killed.
   */
  async endSession(waitMs = 5_000): Promise<boolean> {
    let prevented = false;
    const event = (reasons: string[]) => ({ reasons, preventDefault: () => (prevented = true) });
    this.emit('query-session-end', event(['shutdown']));
    if (prevented) {
      const until = Date.now() + waitMs;
      while (!app.quitting && Date.now() < until) await new Promise((r) => setTimeout(r, 10));
    }
    this.emit('session-end', event(['shutdown']));
    if (!app.quitting) {
      app.killed = 'session-end';
      timeline.push('killed');
    }
    return app.killed !== null;
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
  openedPaths: [] as string[],
  openExternal: async (url: string) => void shell.opened.push(url),
  /** Resolves with an error message, '' on success (Electron's contract). */
  openPath: async (target: string) => {
    if (!path.isAbsolute(target) || !fs.existsSync(target)) return `Failed to open path: ${target}`;
    shell.openedPaths.push(target);
    return '';
  },
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

type MenuItem = { label?: string; click?: () => void; submenu?: MenuItem[] };

export class Tray extends StrictEmitter {
  static instances: Tray[] = [];
  image: unknown;
  tooltip = '';
  menu: { template: unknown[] } | null = null;
  destroyed = false;
  private inMenuClick = false;
  constructor(image: unknown, guid?: string) {
    super('Tray', documented.trayEvents);
    assertReady('Tray');
    if (arguments.length > 2 || (guid !== undefined && typeof guid !== 'string'))
      throw new TypeError('new Tray(image[, guid])');
    this.image = image;
    Tray.instances.push(this);
  }
  /** A left click on the icon. macOS with a context menu: the menu opens AND "click" is emitted. */
  userClick(): void {
    this.emit('click', { preventDefault() {} }, { x: 0, y: 0, width: 16, height: 16 });
  }
  /** Chooses a menu item by label (submenus searched), the way the user does, inside its click handler. */
  clickMenuItem(label: string): void {
    const find = (items: MenuItem[]): MenuItem | undefined => {
      for (const item of items) {
        if (item.label === label) return item;
        const inner = item.submenu && find(item.submenu);
        if (inner) return inner;
      }
      return undefined;
    };
    const item = find((this.menu?.template ?? []) as MenuItem[]);
    if (!item?.click) throw new Error(`no clickable menu item "${label}"`);
    this.inMenuClick = true;
    try {
      item.click();
    } finally {
      this.inMenuClick = false;
    }
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
    if (this.inMenuClick)
      throw new Error('Tray destroyed inside its own menu click handler (crashes: electron#12862)');
    this.destroyed = true;
  }
}

export const Menu = {
  buildFromTemplate: (template: unknown[]) => ({ template }),
  setApplicationMenu: () => {},
};

export class Notification extends StrictEmitter {
  /** Weak, as Electron's: a notification the app drops can be collected (Notification.collect()). */
  private static refs: WeakRef<Notification>[] = [];
  /** What was shown, kept strongly for assertions (title, body, options). */
  static log: { title?: string; body?: string; options: Record<string, unknown> }[] = [];
  static supported = true;
  static activationHandler: ((details: { type: string; arguments: string }) => void) | null = null;
  static isSupported() {
    return Notification.supported;
  }
  /** The notifications still alive (not collected). */
  static get instances(): Notification[] {
    return Notification.refs.map((ref) => ref.deref()).filter((n): n is Notification => !!n);
  }
  /** Windows only in Electron 45. */
  static handleActivation(callback: (details: { type: string; arguments: string }) => void) {
    if (fakePlatform.value !== 'win32')
      throw new TypeError('Notification.handleActivation is not a function');
    Notification.activationHandler = callback;
  }
  /** Runs the garbage collector: notifications the app no longer references are gone. */
  static async collect(): Promise<number> {
    await new Promise((resolve) => setImmediate(resolve));
    collectGarbage();
    await new Promise((resolve) => setImmediate(resolve));
    return Notification.instances.length;
  }
  /**
   * The user clicks the toast, or (Windows) its entry in Action Center after it timed out there. A
   * collected notification has no object left to emit "click"; Windows still tells handleActivation.
   */
  static activate(ref: WeakRef<Notification>): void {
    ref.deref()?.emit('click', { preventDefault() {} });
    if (fakePlatform.value === 'win32') Notification.activationHandler?.({ type: 'click', arguments: '' });
  }
  shown = false;
  readonly options: Record<string, unknown> & { title: string; body: string };
  constructor(options: { title: string; body: string } & Record<string, unknown>) {
    super('Notification', documented.notificationEvents);
    assertReady('Notification');
    refuseUnknown('new Notification', Object.keys(options), documented.notificationOptions);
    this.options = options;
    Notification.refs.push(new WeakRef(this));
    Notification.log.push({ title: options.title, body: options.body, options });
  }
  show() {
    this.shown = true;
  }
  /** Windows: the toast timed out into Action Center ("close" is emitted, the entry stays clickable). */
  timeOut() {
    this.emit('close', { preventDefault() {} });
  }
}

let gcFunction: (() => void) | null = null;
function collectGarbage(): void {
  if (!gcFunction) {
    v8.setFlagsFromString('--expose-gc');
    gcFunction = vm.runInNewContext('gc') as () => void;
  }
  gcFunction();
}

// ---- app, dialogs, power ----
class FakeApp extends StrictEmitter {
  constructor() {
    super('app', documented.appEvents);
  }
  name = 'Electron';
  paths = new Map<string, string>();
  gotLock = true;
  quitCalls = 0;
  loginItemCalls: unknown[] = [];
  /** What getLoginItemSettings() answers once ready. */
  loginItemSettings: Record<string, unknown> = { openAtLogin: false, wasOpenedAtLogin: false };
  isPackaged = false;
  /** What app.getLocale() answers: the system's UI language. */
  locale = 'en-US';
  /** False: the app stays not ready until becomeReady() (a test plays events before ready). */
  autoReady = true;
  /** True once app.quit() got past before-quit: Electron is closing windows and will exit. */
  quitting = false;
  /** Set when the OS ended the process without a clean quit ('session-end', 'shutdown'). */
  killed: string | null = null;
  private ready = false;
  private readyWaiters: (() => void)[] = [];
  getLocale() {
    return this.locale;
  }
  setName(name: string) {
    this.name = name;
  }
  getName() {
    return this.name;
  }
  /** Electron throws on a relative path, and on a folder that does not exist (docs: create it first). */
  setPath(name: string, value: string) {
    if (!path.isAbsolute(value)) throw new Error(`Path must be absolute: ${value}`);
    if (!fs.existsSync(value)) throw new Error(`Failed to set path: ${value} does not exist`);
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
  isReady() {
    return this.ready;
  }
  /** Resolves on a later task (never synchronously), or when a test calls becomeReady(). */
  whenReady(): Promise<void> {
    if (this.ready) return Promise.resolve();
    const waiting = new Promise<void>((resolve) => this.readyWaiters.push(resolve));
    if (this.autoReady) setTimeout(() => this.becomeReady(), 5);
    return waiting;
  }
  becomeReady(): void {
    if (this.ready) return;
    this.ready = true;
    this.emit('ready', { preventDefault() {} }, {});
    for (const resolve of this.readyWaiters.splice(0)) resolve();
  }
  /** Emits before-quit like Electron; quits for real (emits 'quit') only if nobody prevented it. */
  quit() {
    this.quitCalls++;
    let prevented = false;
    this.emit('before-quit', { preventDefault: () => (prevented = true) });
    if (prevented) return;
    this.quitting = true;
    timeline.push('quit');
    this.emit('quit');
  }
  exit() {
    this.quitting = true;
    this.emit('quit');
  }
  setLoginItemSettings(settings: Record<string, unknown>) {
    if (!this.ready) throw new Error('setLoginItemSettings before ready');
    this.loginItemCalls.push(settings);
    if (settings.openAtLogin !== undefined) this.loginItemSettings.openAtLogin = settings.openAtLogin;
  }
  getLoginItemSettings(_options?: unknown) {
    // Electron answers before ready too, but wasOpenedAtLogin is only set at applicationDidFinishLaunching.
    if (!this.ready)
      throw new Error('getLoginItemSettings() before ready: wasOpenedAtLogin is not known yet');
    return { ...this.loginItemSettings };
  }
}
export const app = new FakeApp();

export const dialog = {
  errorBoxes: [] as { title: string; content: string }[],
  /** Runs while an error box is up (a nested message loop: app events still arrive). */
  duringErrorBox: null as (() => void) | null,
  showErrorBox(title: string, content: string) {
    dialog.errorBoxes.push({ title, content });
    dialog.duringErrorBox?.();
  },
  async showOpenDialog() {
    return { canceled: true, filePaths: [] as string[] };
  },
};

/**
 * powerMonitor. Linux (logind) and macOS: while a "shutdown" listener exists Electron holds a delay lock;
 * a listener that calls preventDefault() makes the system wait until the lock is released (the last
 * listener removed, or the app exits) or inhibitDelayMaxMs passed, then it powers off (kills the app).
 */
class FakePowerMonitor extends StrictEmitter {
  constructor() {
    super('powerMonitor', documented.powerEvents);
  }
  inhibitDelayMaxMs = 5_000;
  /** What isOnBatteryPower() answers (every platform has it; Linux asks UPower). */
  onBattery = false;
  isOnBatteryPower(): boolean {
    return this.onBattery;
  }
  /**
   * The power source changes. As in Electron 45: 'on-battery' is emitted only on macOS, 'on-ac' on macOS and
   * Windows; on Linux nothing is emitted and only isOnBatteryPower() tells.
   */
  switchPower(onBattery: boolean): void {
    this.onBattery = onBattery;
    const platform = fakePlatform.value;
    if (onBattery && platform === 'darwin') this.emit('on-battery');
    if (!onBattery && (platform === 'darwin' || platform === 'win32')) this.emit('on-ac');
  }
  /** When the system went on with its shutdown (ms since emitShutdown), or null. */
  poweredOffAfter: number | null = null;
  private shutdownAt: number | null = null;
  private deadline: ReturnType<typeof setTimeout> | null = null;
  get lockHeld(): boolean {
    return this.listenerCount('shutdown') > 0;
  }
  emitShutdown(): void {
    let prevented = false;
    this.shutdownAt = Date.now();
    this.emit('shutdown', { preventDefault: () => (prevented = true) });
    if (!prevented || !this.lockHeld) return this.powerOff();
    this.deadline = setTimeout(() => this.powerOff(), this.inhibitDelayMaxMs);
    app.once('quit', () => this.powerOff());
  }
  override removeListener(event: string | symbol, listener: Listener): this {
    super.removeListener(event, listener);
    if (event === 'shutdown' && this.shutdownAt !== null && !this.lockHeld) this.powerOff();
    return this;
  }
  override off(event: string | symbol, listener: Listener): this {
    return this.removeListener(event, listener);
  }
  private powerOff(): void {
    if (this.shutdownAt === null || this.poweredOffAfter !== null) return;
    if (this.deadline) clearTimeout(this.deadline);
    this.poweredOffAfter = Date.now() - this.shutdownAt;
    timeline.push('power-off');
  }
  reset(): void {
    if (this.deadline) clearTimeout(this.deadline);
    this.removeAllListeners();
    this.shutdownAt = null;
    this.poweredOffAfter = null;
    this.inhibitDelayMaxMs = 5_000;
    this.onBattery = false;
  }
}
export const powerMonitor = new FakePowerMonitor();

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

export const utilityProcess = makeUtilityProcess({
  isReady: () => app.isReady(),
  knownOptions: documented.forkOptions,
  knownEvents: documented.utilityEvents,
});
export { forkedUtilities } from './fake-utility-process';

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
  utilityProcess,
};

/** Back to a fresh Electron: listeners, handlers, windows, trays, notifications and records cleared. */
export function resetFake(): void {
  killUtilities();
  app.removeAllListeners();
  app.name = 'Electron';
  app.paths.clear();
  app.gotLock = true;
  app.quitCalls = 0;
  app.loginItemCalls = [];
  app.loginItemSettings = { openAtLogin: false, wasOpenedAtLogin: false };
  app.locale = 'en-US';
  app.autoReady = true;
  app.quitting = false;
  app.killed = null;
  (app as unknown as { ready: boolean }).ready = false;
  registeredHandlers.clear();
  ipcRendererEmitter.removeAllListeners();
  BrowserWindow.instances.length = 0;
  BrowserWindow.onCreate = null;
  Tray.instances.length = 0;
  (Notification as unknown as { refs: unknown[] }).refs.length = 0;
  Notification.log.length = 0;
  Notification.supported = true;
  Notification.activationHandler = null;
  dialog.errorBoxes.length = 0;
  dialog.duringErrorBox = null;
  shell.opened.length = 0;
  shell.openedPaths.length = 0;
  powerMonitor.reset();
  powerSaveBlocker.active.clear();
  powerSaveBlocker.log.length = 0;
  exposedInMainWorld.clear();
  rendererFrame.url = 'file:///app/out/renderer/index.html';
  rendererFrame.parent = null;
  fakePlatform.value = process.platform;
  timeline.length = 0;
}

/** For tests of one module (a window, a tray, a notifier) without the app's start: Electron is ready. */
export function resetReady(): void {
  resetFake();
  app.becomeReady();
}
