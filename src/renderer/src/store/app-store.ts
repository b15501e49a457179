// The renderer's state: the task list (by id, plus the visible order), live progress per task, the
// settings and a little UI state. One store per bridge (component tests create their own).
import { createStore, type StoreApi } from 'zustand/vanilla';
import type { CronkeeperBridge, EventMap } from '../../../shared/contract';
import type { TASK_SORT_FIELDS } from '../../../shared/contract';
import type { Execution, ExecutionStatus, Settings, TaskListItem } from '../../../shared/types';
import { renderStats } from '../stats';
import { mergeTaskItems } from './task-list-merge';

export type TaskSortField = (typeof TASK_SORT_FIELDS)[number];
export type TaskStateFilter = 'enabled' | 'disabled' | 'paused' | 'active';

export interface TaskQueryState {
  search: string;
  latestStatus?: ExecutionStatus;
  state?: TaskStateFilter;
  sort: TaskSortField;
  order: 'asc' | 'desc';
}

export interface LiveProgress {
  executionId: number;
  percent: number | null;
  message: string | null;
  etaSeconds: number | null;
  currentItem: string | null;
  currentStep: number | null;
  totalSteps: number | null;
}

export type EditorState = { mode: 'closed' } | { mode: 'new' } | { mode: 'edit'; taskId: number };

export interface AppState {
  tasks: Record<number, TaskListItem>;
  taskOrder: number[];
  taskTotal: number;
  tasksLoaded: boolean;
  taskQuery: TaskQueryState;
  /** Progress of the running execution, per task id. */
  live: Record<number, LiveProgress>;
  settings: Settings | null;
  editor: EditorState;
  selectedTaskId: number | null;

  loadTasks(): Promise<void>;
  setTaskQuery(patch: Partial<TaskQueryState>): void;
  applyStarted(execution: Execution): void;
  applyFinished(execution: Execution): void;
  queueProgress(payload: EventMap['execution.progress']): void;
  /** Applies every queued progress event now (normally done once per animation frame). */
  flushProgress(): void;
  removeTask(taskId: number): void;
  openEditor(editor: EditorState): void;
  select(taskId: number | null): void;
  loadSettings(): Promise<void>;
  updateSettings(patch: Partial<Settings>): Promise<Settings>;
}

export type AppStore = StoreApi<AppState>;

const nextFrame: (fn: () => void) => void =
  typeof requestAnimationFrame === 'function'
    ? (fn) => requestAnimationFrame(() => fn())
    : (fn) => setTimeout(fn, 16);

/** The shortest interval between two applied progress batches. */
const PROGRESS_BATCH_MS = 100;

function listQuery(q: TaskQueryState) {
  return {
    search: q.search.trim() || undefined,
    latestStatus: q.latestStatus,
    enabled:
      q.state === 'enabled' || q.state === 'active' ? true : q.state === 'disabled' ? false : undefined,
    paused: q.state === 'paused' ? true : q.state === 'active' ? false : undefined,
    sort: q.sort,
    order: q.order,
    limit: 10_000,
  };
}

export function createAppStore(bridge: CronkeeperBridge): AppStore {
  const pending = new Map<number, LiveProgress>();
  let frameRequested = false;
  let lastFlushAt = 0;
  let loadSeq = 0;

  return createStore<AppState>()((set, get) => ({
    tasks: {},
    taskOrder: [],
    taskTotal: 0,
    tasksLoaded: false,
    taskQuery: { search: '', sort: 'name', order: 'asc' },
    live: {},
    settings: null,
    editor: { mode: 'closed' },
    selectedTaskId: null,

    async loadTasks() {
      const seq = ++loadSeq;
      const { items, total } = await bridge['tasks.list'](listQuery(get().taskQuery));
      if (seq !== loadSeq) return; // a newer query answered (or will answer) first
      const tasks = mergeTaskItems(get().tasks, items);
      const order = items.map((t) => t.id);
      const prevOrder = get().taskOrder;
      const sameOrder = prevOrder.length === order.length && prevOrder.every((id, i) => id === order[i]);
      set({ tasks, taskOrder: sameOrder ? prevOrder : order, taskTotal: total, tasksLoaded: true });
    },

    setTaskQuery(patch) {
      set({ taskQuery: { ...get().taskQuery, ...patch } });
      void get()
        .loadTasks()
        .catch(() => {});
    },

    applyStarted(execution) {
      const task = get().tasks[execution.taskId];
      const live = {
        ...get().live,
        [execution.taskId]: {
          executionId: execution.id,
          percent: null,
          message: null,
          etaSeconds: null,
          currentItem: null,
          currentStep: null,
          totalSteps: null,
        },
      };
      if (!task) return set({ live });
      set({
        live,
        tasks: {
          ...get().tasks,
          [task.id]: {
            ...task,
            latest: {
              id: execution.id,
              status: execution.status,
              startTime: execution.startTime,
              durationSeconds: null,
              progressPercent: null,
              message: null,
            },
          },
        },
      });
    },

    applyFinished(execution) {
      const state = get();
      const task = state.tasks[execution.taskId];
      const patch: Partial<AppState> = {};
      const current = state.live[execution.taskId];
      if (current && current.executionId === execution.id) {
        const live = { ...state.live };
        delete live[execution.taskId];
        patch.live = live;
        pending.delete(execution.taskId);
      }
      if (task && (!task.latest || task.latest.id <= execution.id)) {
        const result = execution.result ?? {};
        patch.tasks = {
          ...state.tasks,
          [task.id]: {
            ...task,
            latest: {
              id: execution.id,
              status: execution.status,
              startTime: execution.startTime,
              durationSeconds: execution.durationSeconds,
              progressPercent: typeof result.progress_percent === 'number' ? result.progress_percent : null,
              message:
                execution.errorMessage ??
                (typeof result.message === 'string' ? result.message : null) ??
                null,
            },
          },
        };
      }
      set(patch);
    },

    queueProgress(p) {
      const prev = pending.get(p.taskId) ?? get().live[p.taskId];
      // Parallel runs of one task: its row shows the newest, which an older run's reports must not replace.
      if (prev && p.executionId < prev.executionId) return;
      pending.set(p.taskId, {
        executionId: p.executionId,
        percent: p.progressPercent ?? (prev?.executionId === p.executionId ? prev.percent : null),
        message: p.message ?? (prev?.executionId === p.executionId ? prev.message : null),
        etaSeconds: p.etaSeconds,
        currentItem: p.currentItem,
        currentStep: p.currentStep,
        totalSteps: p.totalSteps,
      });
      if (frameRequested) return;
      frameRequested = true;
      // At most one batch per PROGRESS_BATCH_MS (the reporters' own 10 Hz), applied on a frame: 50 runs
      // reporting at random phases would otherwise make every frame restyle, lay out and repaint rows.
      const wait = lastFlushAt + PROGRESS_BATCH_MS - Date.now();
      if (wait <= 0) nextFrame(() => get().flushProgress());
      else setTimeout(() => nextFrame(() => get().flushProgress()), wait);
    },

    flushProgress() {
      frameRequested = false;
      lastFlushAt = Date.now();
      if (pending.size === 0) return;
      const live = { ...get().live };
      for (const [taskId, progress] of pending) live[taskId] = progress;
      pending.clear();
      set({ live });
      renderStats().progressBatches++;
    },

    removeTask(taskId) {
      const { tasks, taskOrder, live, selectedTaskId, taskTotal } = get();
      if (!tasks[taskId]) return;
      const nextTasks = { ...tasks };
      delete nextTasks[taskId];
      const nextLive = { ...live };
      delete nextLive[taskId];
      set({
        tasks: nextTasks,
        live: nextLive,
        taskOrder: taskOrder.filter((id) => id !== taskId),
        taskTotal: Math.max(0, taskTotal - 1),
        selectedTaskId: selectedTaskId === taskId ? null : selectedTaskId,
      });
    },

    openEditor(editor) {
      set({ editor });
    },

    select(taskId) {
      set({ selectedTaskId: taskId });
    },

    async loadSettings() {
      set({ settings: await bridge['settings.get']({}) });
    },

    async updateSettings(patch) {
      const settings = await bridge['settings.update'](patch);
      set({ settings });
      return settings;
    },
  }));
}

/**
 * Wires the core's push events into the store. Task list refetches are debounced: a burst of changes
 * (an import, many runs finishing) costs one request, and unchanged rows keep their objects.
 */
export function connectStoreToEvents(store: AppStore, bridge: CronkeeperBridge): () => void {
  let refreshTimer: ReturnType<typeof setTimeout> | null = null;
  const refreshSoon = (delay = 250) => {
    if (refreshTimer) clearTimeout(refreshTimer);
    refreshTimer = setTimeout(() => {
      refreshTimer = null;
      void store
        .getState()
        .loadTasks()
        .catch(() => {});
    }, delay);
  };
  const offs = [
    bridge.on('execution.started', ({ execution }) => {
      store.getState().applyStarted(execution);
      refreshSoon(1000);
    }),
    bridge.on('execution.progress', (payload) => store.getState().queueProgress(payload)),
    bridge.on('execution.finished', ({ execution }) => {
      store.getState().applyFinished(execution);
      refreshSoon(1000);
    }),
    // The scheduler re-plans (and says so) when another process, like the CLI, changed the tasks.
    bridge.on('scheduler.state', () => refreshSoon(500)),
    bridge.on('task.changed', ({ taskId, deleted }) => {
      if (deleted) store.getState().removeTask(taskId);
      refreshSoon();
    }),
  ];
  return () => {
    if (refreshTimer) clearTimeout(refreshTimer);
    for (const off of offs) off();
  };
}
