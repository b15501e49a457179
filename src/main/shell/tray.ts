// The tray icon: reads what it shows from the core (through the contract's handlers), renders it with
// tray-model.ts, and refreshes on scheduler.state / execution.* / task.changed events (coalesced).
import path from 'node:path';
import { Menu, nativeImage, Tray, type MenuItemConstructorOptions, type NativeImage } from 'electron';
import type { Handlers } from '../../shared/contract';
import type { SchedulerState } from '../../shared/types';
import { en, type ShellLang, type ShellText } from './shell-text';
import {
  MAX_FAILURES,
  MAX_RECENT_TASKS,
  trayIcon,
  trayMenu,
  trayTooltip,
  type TrayAction,
  type TrayIconKind,
  type TrayMenuItem,
  type TrayModelInput,
} from './tray-model';

export type TrayHandlers = Pick<Handlers, 'tasks.list' | 'tasks.get' | 'executions.list'>;

export interface TrayOptions {
  handlers: TrayHandlers;
  schedulerState: () => SchedulerState;
  /** resources/tray */
  iconDir: string;
  platform?: NodeJS.Platform;
  onAction: (action: TrayAction) => void;
  now?: () => number;
  /** Times in the tray; by default hours and minutes in the text's language. */
  formatTime?: (at: number) => string;
  /** Read at every refresh, so a language change shows at the next one. English by default. */
  text?: () => ShellText;
}

export function trayIconPath(iconDir: string, kind: TrayIconKind, platform: NodeJS.Platform): string {
  // macOS menu bar icons are template images (black + alpha) that the system tints; elsewhere colour.
  // The @2x file next to each is picked up by nativeImage for high-DPI screens.
  return path.join(iconDir, `tray-${kind}${platform === 'darwin' ? 'Template' : ''}.png`);
}

/**
 * The locale times are written in: the system's own when it speaks the tray's language (an en-GB user keeps
 * a 24-hour clock, an en-US user 12 hours), else the tray's language itself.
 */
export function timeLocale(lang: ShellLang, systemLocale: string): string {
  return systemLocale.toLowerCase().startsWith(lang === 'zh-CN' ? 'zh' : 'en') ? systemLocale : lang;
}

const defaultFormatTime = (lang: ShellLang) => {
  const locale = timeLocale(lang, Intl.DateTimeFormat().resolvedOptions().locale);
  return (at: number) => new Date(at).toLocaleTimeString(locale, { hour: '2-digit', minute: '2-digit' });
};

/** Reads the tray's data; any part that fails (e.g. the database is closing) falls back to empty. */
export async function loadTrayInput(options: TrayOptions): Promise<TrayModelInput> {
  const { handlers } = options;
  const quiet = async <T>(promise: () => Promise<T>, fallback: T): Promise<T> => {
    try {
      return await promise();
    } catch {
      return fallback;
    }
  };
  const text = options.text?.() ?? en;
  const state = options.schedulerState();
  const [recent, failedLatest, timedOutLatest, failures, nextTaskName] = await Promise.all([
    quiet(() => handlers['tasks.list']({ sort: 'latest_start', order: 'desc', limit: MAX_RECENT_TASKS }), {
      items: [],
      total: 0,
    }),
    quiet(() => handlers['tasks.list']({ latestStatus: 'failed', limit: 1 }), { items: [], total: 0 }),
    quiet(() => handlers['tasks.list']({ latestStatus: 'timed_out', limit: 1 }), { items: [], total: 0 }),
    quiet(() => handlers['executions.list']({ status: ['failed', 'timed_out'], limit: MAX_FAILURES }), {
      items: [],
      nextCursor: null,
    }),
    state.nextTaskId === null
      ? Promise.resolve(null)
      : quiet(async () => (await handlers['tasks.get']({ id: state.nextTaskId as number })).name, null),
  ]);
  return {
    state,
    recentTasks: recent.items.map((task) => ({ id: task.id, name: task.name })),
    failures: failures.items.map((execution) => ({
      executionId: execution.id,
      taskName: execution.taskName ?? text.unnamedTask(execution.taskId),
      at: execution.endTime ?? execution.startTime ?? execution.createdAt,
    })),
    anyLatestFailed: failedLatest.total + timedOutLatest.total > 0,
    nextTaskName,
    now: (options.now ?? Date.now)(),
    formatTime: options.formatTime ?? defaultFormatTime(text.lang),
    text,
  };
}

export function toElectronMenu(
  items: TrayMenuItem[],
  onAction: (action: TrayAction) => void,
): MenuItemConstructorOptions[] {
  return items.map((item) => {
    if (item.type === 'separator') return { type: 'separator' };
    const action = item.action;
    return {
      label: item.label,
      enabled: item.enabled ?? true,
      ...(item.submenu ? { submenu: toElectronMenu(item.submenu, onAction) } : {}),
      ...(action ? { click: () => onAction(action) } : {}),
    };
  });
}

export class TrayController {
  private readonly tray: Tray;
  private readonly images = new Map<TrayIconKind, NativeImage>();
  private timer: ReturnType<typeof setTimeout> | null = null;
  private refreshing: Promise<void> | null = null;
  private destroyed = false;
  private again = false;
  icon: TrayIconKind = 'idle';

  constructor(private readonly options: TrayOptions) {
    this.tray = new Tray(this.image('idle'));
    this.tray.setToolTip('Cronkeeper');
    // Windows and Linux users expect a click on the icon to open the window. Not on macOS: there a click
    // opens the context menu AND emits "click", so every use of the menu (Quit too) would open the window;
    // the menu's first item opens it.
    if ((options.platform ?? process.platform) !== 'darwin') {
      this.tray.on('click', () => options.onAction({ type: 'open' }));
    }
  }

  private image(kind: TrayIconKind): NativeImage {
    let image = this.images.get(kind);
    if (!image) {
      const platform = this.options.platform ?? process.platform;
      image = nativeImage.createFromPath(trayIconPath(this.options.iconDir, kind, platform));
      if (platform === 'darwin') image.setTemplateImage(true);
      this.images.set(kind, image);
    }
    return image;
  }

  /** Coalesces bursts of events (e.g. many executions finishing) into one refresh. */
  scheduleRefresh(delayMs = 250): void {
    if (this.destroyed || this.timer) return;
    this.timer = setTimeout(() => {
      this.timer = null;
      void this.refresh();
    }, delayMs);
  }

  async refresh(): Promise<void> {
    if (this.destroyed) return;
    if (this.refreshing) {
      // Something changed while we were reading: read again once this pass is done.
      this.again = true;
      return this.refreshing;
    }
    this.refreshing = (async () => {
      const input = await loadTrayInput(this.options);
      if (this.destroyed) return;
      this.icon = trayIcon(input);
      this.tray.setImage(this.image(this.icon));
      this.tray.setToolTip(trayTooltip(input));
      this.tray.setContextMenu(
        Menu.buildFromTemplate(toElectronMenu(trayMenu(input), this.options.onAction)),
      );
    })().finally(() => {
      this.refreshing = null;
      if (this.again) {
        this.again = false;
        this.scheduleRefresh(0);
      }
    });
    return this.refreshing;
  }

  /**
   * Destroys the icon on a later task: quitting from the tray's own menu reaches here inside the menu
   * item's click handler, and destroying a tray there has crashed Electron (electron#12862).
   */
  destroy(): Promise<void> {
    this.destroyed = true;
    if (this.timer) clearTimeout(this.timer);
    return new Promise((resolve) =>
      setImmediate(() => {
        this.tray.destroy();
        resolve();
      }),
    );
  }
}
