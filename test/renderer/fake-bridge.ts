// A fake CronkeeperBridge for component tests: every channel is a vi.fn with a sensible default, and
// emit() pushes an event to the listeners the UI registered through on().
import { vi, type Mock } from 'vitest';
import type { DatabaseInfo } from '../../src/shared/types';
import {
  channelNames,
  type ChannelName,
  type CronkeeperBridge,
  type EventMap,
  type EventName,
} from '../../src/shared/contract';
import type { Execution, Settings, TaskListItem } from '../../src/shared/types';

/** What database.get answers by default: the embedded SQLite file, nothing set. */
export const embeddedDatabase: DatabaseInfo = {
  engine: 'sqlite',
  location: '/data/cronkeeper.db',
  url: null,
  source: 'default',
  fileUrl: null,
  fileOverridden: false,
};

export type FakeBridge = CronkeeperBridge & {
  [K in ChannelName]: Mock;
} & {
  emit<E extends EventName>(event: E, payload: EventMap[E]): void;
  listenerCount(event: EventName): number;
};

export const defaultSettings: Settings = {
  language: 'en',
  theme: 'light',
  startAtLogin: false,
  concurrencyLimit: 4,
  retentionDays: 30,
  retentionRunsPerTask: 1000,
  logSizeCapBytes: 10 * 1024 * 1024,
  defaultTimezone: 'UTC',
  notificationsEnabled: true,
  webhookUrl: '',
  webhookOn: 'failure',
  webhookSecret: '',
  useLoginShellEnvironment: true,
};

export function createFakeBridge(): FakeBridge {
  const listeners = new Map<EventName, Set<(payload: never) => void>>();
  const bridge: Record<string, unknown> = {};
  for (const name of channelNames) bridge[name] = vi.fn(async () => ({}));
  Object.assign(bridge, {
    'tasks.list': vi.fn(async () => ({ items: [], total: 0 })),
    'tasks.tags': vi.fn(async () => ({ tags: [] })),
    'settings.get': vi.fn(async () => ({ ...defaultSettings })),
    'app.ready': vi.fn(async () => ({ ok: true })),
    'executions.list': vi.fn(async () => ({ items: [], nextCursor: null })),
    'schedule.preview': vi.fn(async () => ({ valid: true, nextRuns: [], dstWarnings: [] })),
    'database.get': vi.fn(async () => ({ ...embeddedDatabase })),
    'app.info': vi.fn(async () => ({ logFolder: '/data/logs', canOpenFolders: true, limits: [] })),
    'app.openLogFolder': vi.fn(async () => ({ opened: true, path: '/data/logs' })),
    on<E extends EventName>(event: E, listener: (payload: EventMap[E]) => void) {
      let set = listeners.get(event);
      if (!set) listeners.set(event, (set = new Set()));
      set.add(listener as (payload: never) => void);
      return () => void set.delete(listener as (payload: never) => void);
    },
    emit<E extends EventName>(event: E, payload: EventMap[E]) {
      for (const listener of listeners.get(event) ?? []) (listener as (p: EventMap[E]) => void)(payload);
    },
    listenerCount(event: EventName) {
      return listeners.get(event)?.size ?? 0;
    },
  });
  return bridge as unknown as FakeBridge;
}

export function makeTask(id: number, patch: Partial<TaskListItem> = {}): TaskListItem {
  return {
    id,
    name: `Task ${id}`,
    description: '',
    command: `echo ${id}`,
    workingDir: '',
    env: {},
    cronExpression: '*/5 * * * *',
    timezone: '',
    enabled: true,
    paused: false,
    timeoutSeconds: 3600,
    maxRetries: 0,
    retryDelaySeconds: 60,
    overlapPolicy: 'skip',
    misfirePolicy: 'run-once',
    misfireGraceSeconds: 3600,
    notifyOn: 'failure',
    nextRunAt: Date.now() + 5 * 60_000,
    createdAt: Date.now() - 86_400_000,
    updatedAt: Date.now() - 86_400_000,
    latest: null,
    ...patch,
  };
}

export function makeExecution(id: number, patch: Partial<Execution> = {}): Execution {
  const start = 1_700_000_000_000 - id * 60_000;
  return {
    id,
    taskId: 1,
    taskName: 'Task 1',
    status: 'success',
    trigger: 'schedule',
    scheduledAt: start,
    startTime: start,
    endTime: start + 1500,
    durationSeconds: 1.5,
    exitCode: 0,
    errorMessage: null,
    retryCount: 0,
    pid: null,
    logPath: null,
    createdAt: start,
    result: {},
    progress: {},
    ...patch,
  };
}
