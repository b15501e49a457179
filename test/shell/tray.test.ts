// The tray: icon choice (idle, running, failed), tooltip and menu from plain data; the controller reading
// the core's handlers and turning menu clicks into actions; and the icon files themselves.
import fs from 'node:fs';
import path from 'node:path';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { SchedulerState, TaskListItem } from '../../src/shared/types';
import { timeLocale, TrayController, trayIconPath, type TrayHandlers } from '../../src/main/shell/tray';
import {
  trayIcon,
  trayMenu,
  trayTooltip,
  type TrayMenuItem,
  type TrayModelInput,
} from '../../src/main/shell/tray-model';
import { shellText } from '../../src/main/shell/shell-text';
import * as fake from './fake-electron';

vi.mock('electron', () => import('./fake-electron'));

beforeEach(() => fake.resetReady());

const NOW = Date.UTC(2026, 10, 28, 10, 0);
const idleState: SchedulerState = {
  running: 0,
  queued: 0,
  nextRunAt: null,
  nextTaskId: null,
  pausedUntil: null,
  pausedAll: false,
  health: 'ok' as const,
  degradedSince: null,
  degradedReason: null,
  lastOutage: null,
};
const fmt = (at: number) => new Date(at).toISOString().slice(11, 16);

const input = (overrides: Partial<TrayModelInput> = {}): TrayModelInput => ({
  state: idleState,
  recentTasks: [],
  failures: [],
  anyLatestFailed: false,
  nextTaskName: null,
  now: NOW,
  formatTime: fmt,
  text: shellText('en'),
  ...overrides,
});
const zh = shellText('zh-CN');

const labels = (items: TrayMenuItem[]) =>
  items.map((item) => (item.type === 'separator' ? '---' : item.label));

describe('icon', () => {
  it('is idle, running or failed, failure first', () => {
    expect(trayIcon(input())).toBe('idle');
    expect(trayIcon(input({ state: { ...idleState, running: 2 } }))).toBe('running');
    expect(trayIcon(input({ state: { ...idleState, queued: 1 } }))).toBe('running');
    expect(trayIcon(input({ anyLatestFailed: true }))).toBe('failed');
    expect(trayIcon(input({ anyLatestFailed: true, state: { ...idleState, running: 1 } }))).toBe('failed');
  });

  it('files exist for every state: colour, and macOS template, at 16 and 32 px', () => {
    for (const kind of ['idle', 'running', 'failed'] as const) {
      for (const platform of ['linux', 'win32', 'darwin'] as const) {
        const file = trayIconPath(path.resolve('resources/tray'), kind, platform);
        expect(path.basename(file)).toBe(`tray-${kind}${platform === 'darwin' ? 'Template' : ''}.png`);
        for (const [name, size] of [
          [file, 16],
          [file.replace('.png', '@2x.png'), 32],
        ] as const) {
          const png = fs.readFileSync(name);
          expect(png.subarray(1, 4).toString()).toBe('PNG');
          expect([png.readUInt32BE(16), png.readUInt32BE(20)]).toEqual([size, size]);
        }
      }
    }
    const icon = fs.readFileSync('resources/icon.png');
    expect([icon.readUInt32BE(16), icon.readUInt32BE(20)]).toEqual([512, 512]);
  });
});

describe('tooltip', () => {
  it('says how many run and what is next', () => {
    const state = { ...idleState, running: 2, nextRunAt: NOW + 3600_000, nextTaskId: 7 };
    expect(trayTooltip(input({ state, nextTaskName: 'Backup' }))).toBe(
      'Cronkeeper — 2 running — next: Backup at 11:00',
    );
    expect(trayTooltip(input())).toBe('Cronkeeper — 0 running — nothing scheduled');
  });

  it('says when everything is paused', () => {
    expect(trayTooltip(input({ state: { ...idleState, pausedAll: true } }))).toBe(
      'Cronkeeper — 0 running — paused',
    );
    const until = { ...idleState, pausedUntil: NOW + 3600_000, nextRunAt: NOW + 60_000 };
    expect(trayTooltip(input({ state: until }))).toBe('Cronkeeper — 0 running — paused until 11:00');
  });

  it('says when the scheduler is degraded (database unavailable), and the icon shows it', () => {
    const state = {
      ...idleState,
      health: 'degraded' as const,
      degradedSince: NOW - 60_000,
      degradedReason: 'SequelizeConnectionRefusedError: connect ECONNREFUSED',
      nextRunAt: NOW + 60_000,
    };
    expect(trayTooltip(input({ state }))).toBe(
      'Cronkeeper — 0 running — degraded: database unavailable since 09:59, retrying',
    );
    expect(trayIcon({ state, anyLatestFailed: false })).toBe('failed');
    expect(trayIcon({ state: idleState, anyLatestFailed: false })).toBe('idle');
  });

  it('speaks Chinese with the Chinese text', () => {
    const state = { ...idleState, running: 2, nextRunAt: NOW + 3600_000, nextTaskId: 7 };
    expect(trayTooltip(input({ state, nextTaskName: 'Backup', text: zh }))).toBe(
      'Cronkeeper — 运行中：2 — 下次：11:00 运行 Backup',
    );
    expect(trayTooltip(input({ state, text: zh }))).toBe('Cronkeeper — 运行中：2 — 下次：11:00 运行 任务 7');
    expect(trayTooltip(input({ text: zh }))).toBe('Cronkeeper — 运行中：0 — 暂无计划运行');
    expect(trayTooltip(input({ state: { ...idleState, pausedAll: true }, text: zh }))).toBe(
      'Cronkeeper — 运行中：0 — 已暂停',
    );
    expect(trayTooltip(input({ state: { ...idleState, pausedUntil: NOW + 3600_000 }, text: zh }))).toBe(
      'Cronkeeper — 运行中：0 — 暂停至 11:00',
    );
  });

  it('fits the 127 characters Windows shows', () => {
    const state = { ...idleState, nextRunAt: NOW, nextTaskId: 1 };
    const tooltip = trayTooltip(input({ state, nextTaskName: 'x'.repeat(300) }));
    expect(tooltip.length).toBe(127);
    expect(tooltip.endsWith('…')).toBe(true);
  });
});

describe('menu', () => {
  it('has open, run now, pause, pause for 1 hour, latest failures and quit', () => {
    const menu = trayMenu(input());
    expect(labels(menu)).toEqual([
      'Open Cronkeeper',
      '---',
      'Run now',
      'Pause all',
      'Pause for 1 hour',
      '---',
      'Latest failures',
      '---',
      'Open log folder',
      'Quit Cronkeeper',
    ]);
    expect(menu[0].action).toEqual({ type: 'open' });
    expect(menu[8].action).toEqual({ type: 'openLogFolder' });
    expect(menu[3].action).toEqual({ type: 'pauseAll' });
    expect(menu[4].action).toEqual({ type: 'pauseAll', minutes: 60 });
    expect(menu[9].action).toEqual({ type: 'quit' });
    expect(menu[2].submenu).toEqual([{ label: 'No tasks yet', enabled: false }]);
    expect(menu[6].submenu).toEqual([{ label: 'No failures', enabled: false }]);
  });

  it('offers resume while paused, and no second pause', () => {
    const menu = trayMenu(input({ state: { ...idleState, pausedUntil: NOW + 1800_000 } }));
    expect(menu[3]).toEqual({ label: 'Resume all (paused until 10:30)', action: { type: 'resumeAll' } });
    expect(menu[4].enabled).toBe(false);
    expect(trayMenu(input({ state: { ...idleState, pausedAll: true } }))[3].label).toBe('Resume all');
    // An expired pause is no pause.
    expect(trayMenu(input({ state: { ...idleState, pausedUntil: NOW - 1 } }))[3].label).toBe('Pause all');
  });

  it('speaks Chinese with the Chinese text', () => {
    const menu = trayMenu(input({ text: zh }));
    expect(labels(menu)).toEqual([
      '打开 Cronkeeper',
      '---',
      '立即运行',
      '全部暂停',
      '暂停 1 小时',
      '---',
      '最近失败',
      '---',
      '打开日志文件夹',
      '退出 Cronkeeper',
    ]);
    expect(menu[2].submenu).toEqual([{ label: '还没有任务', enabled: false }]);
    expect(menu[6].submenu).toEqual([{ label: '没有失败', enabled: false }]);
    const paused = (state: Partial<SchedulerState>) =>
      trayMenu(input({ state: { ...idleState, ...state }, text: zh }))[3].label;
    expect(paused({ pausedUntil: NOW + 1800_000 })).toBe('全部恢复（暂停至 10:30）');
    expect(paused({ pausedAll: true })).toBe('全部恢复');
  });

  it('lists recent tasks to run and the latest failures to open', () => {
    const recentTasks = Array.from({ length: 14 }, (_, i) => ({ id: i + 1, name: `Task ${i + 1}` }));
    const failures = [
      { executionId: 90, taskName: 'Backup', at: NOW - 60_000 },
      { executionId: 88, taskName: 'Sync', at: NOW - 3600_000 },
    ];
    const menu = trayMenu(input({ recentTasks, failures }));
    expect(menu[2].submenu).toHaveLength(10);
    expect(menu[2].submenu?.[0]).toEqual({ label: 'Task 1', action: { type: 'runTask', taskId: 1 } });
    expect(menu[6].submenu).toEqual([
      { label: 'Backup — 09:59', action: { type: 'openExecution', executionId: 90 } },
      { label: 'Sync — 09:00', action: { type: 'openExecution', executionId: 88 } },
    ]);
  });
});

describe('controller', () => {
  const task = (id: number, name: string): TaskListItem => ({ id, name }) as TaskListItem;
  const handlers = (
    failedLatest: number,
    running = 0,
  ): { handlers: TrayHandlers; state: SchedulerState } => ({
    state: { ...idleState, running, nextRunAt: NOW + 60_000, nextTaskId: 2 },
    handlers: {
      'tasks.list': async (q) => {
        if (q.latestStatus === 'failed') return { items: [], total: failedLatest };
        if (q.latestStatus === 'timed_out') return { items: [], total: 0 };
        return { items: [task(1, 'Backup'), task(2, 'Sync')], total: 2 };
      },
      'tasks.get': async ({ id }) => ({ ...task(id, id === 2 ? 'Sync' : 'Backup') }),
      'executions.list': async () => ({
        items: failedLatest
          ? [{ id: 77, taskId: 1, taskName: 'Backup', endTime: NOW, startTime: NOW, createdAt: NOW } as never]
          : [],
        nextCursor: null,
      }),
    },
  });

  it.each([
    ['idle', 0, 0, 'linux'],
    ['running', 0, 1, 'linux'],
    ['failed', 1, 1, 'win32'],
    ['failed', 1, 0, 'darwin'],
  ] as const)('shows %s (failed latest: %d, running: %d) on %s', async (kind, failed, running, platform) => {
    const { handlers: h, state } = handlers(failed, running);
    const onAction = vi.fn();
    const controller = new TrayController({
      handlers: h,
      schedulerState: () => state,
      iconDir: path.resolve('resources/tray'),
      platform,
      onAction,
      now: () => NOW,
      formatTime: fmt,
    });
    await controller.refresh();
    const tray = fake.Tray.instances[0];
    const image = tray.image as { path: string; template: boolean; isEmpty(): boolean };
    expect(controller.icon).toBe(kind);
    expect(path.basename(image.path)).toBe(`tray-${kind}${platform === 'darwin' ? 'Template' : ''}.png`);
    expect(image.isEmpty()).toBe(false);
    expect(image.template).toBe(platform === 'darwin');
    expect(tray.tooltip).toBe(`Cronkeeper — ${running} running — next: Sync at 10:01`);

    // Clicking menu items yields actions.
    type Item = { label?: string; click?: () => void; submenu?: Item[] };
    const menu = tray.menu?.template as Item[];
    menu.find((i) => i.label === 'Run now')?.submenu?.[1].click?.();
    menu.find((i) => i.label === 'Quit Cronkeeper')?.click?.();
    const failures = menu.find((i) => i.label === 'Latest failures')?.submenu ?? [];
    failures[0]?.click?.();
    expect(onAction.mock.calls.map((c) => c[0])).toEqual([
      { type: 'runTask', taskId: 2 },
      { type: 'quit' },
      ...(failed ? [{ type: 'openExecution', executionId: 77 }] : []),
    ]);
    // A click on the icon opens the window; on macOS it opens the menu (and also emits "click").
    onAction.mockClear();
    tray.userClick();
    expect(onAction.mock.calls).toEqual(platform === 'darwin' ? [] : [[{ type: 'open' }]]);
    await controller.destroy();
  });

  it("writes times in the system's locale when it speaks the tray's language, else in that language", () => {
    expect(timeLocale('en', 'en-GB')).toBe('en-GB');
    expect(timeLocale('en', 'en-US')).toBe('en-US');
    expect(timeLocale('en', 'zh-CN')).toBe('en');
    expect(timeLocale('zh-CN', 'zh-TW')).toBe('zh-TW');
    expect(timeLocale('zh-CN', 'de-DE')).toBe('zh-CN');
  });

  it('reads the text at every refresh, and formats times in its language by default', async () => {
    const { handlers: h, state } = handlers(1);
    let text = shellText('en');
    const controller = new TrayController({
      handlers: h,
      schedulerState: () => state,
      iconDir: path.resolve('resources/tray'),
      platform: 'linux',
      onAction: () => {},
      now: () => NOW,
      text: () => text,
    });
    const tray = fake.Tray.instances[0];
    const system = Intl.DateTimeFormat().resolvedOptions().locale;
    const time = (at: number, lang: 'en' | 'zh-CN') =>
      new Date(at).toLocaleTimeString(timeLocale(lang, system), { hour: '2-digit', minute: '2-digit' });
    await controller.refresh();
    expect(tray.tooltip).toBe(`Cronkeeper — 0 running — next: Sync at ${time(NOW + 60_000, 'en')}`);

    text = shellText('zh-CN');
    await controller.refresh();
    expect(tray.tooltip).toBe(`Cronkeeper — 运行中：0 — 下次：${time(NOW + 60_000, 'zh-CN')} 运行 Sync`);
    type Item = { label?: string; submenu?: Item[] };
    const menu = tray.menu?.template as Item[];
    expect(menu.map((i) => i.label).filter(Boolean)).toEqual([
      '打开 Cronkeeper',
      '立即运行',
      '全部暂停',
      '暂停 1 小时',
      '最近失败',
      '打开日志文件夹',
      '退出 Cronkeeper',
    ]);
    expect(menu[6].submenu?.[0].label).toBe(`Backup — ${time(NOW, 'zh-CN')}`);
    controller.destroy();
  });

  it('still shows a menu when the core cannot answer', async () => {
    const broken = async () => {
      throw new Error('database is closed');
    };
    const controller = new TrayController({
      handlers: { 'tasks.list': broken, 'tasks.get': broken, 'executions.list': broken },
      schedulerState: () => idleState,
      iconDir: path.resolve('resources/tray'),
      platform: 'linux',
      onAction: () => {},
    });
    await controller.refresh();
    expect(controller.icon).toBe('idle');
    expect(fake.Tray.instances[0].menu?.template).toHaveLength(10);
    controller.destroy();
  });
});
