// The renderer's state: the task list (by id, plus the visible order), live progress (and pause) per task,
// the settings and a little UI state. One store per bridge (component tests create their own).
import { createStore, type StoreApi } from 'zustand/vanilla';
import type { CronkeeperBridge, EventMap } from '../../../shared/contract';
import type { TASK_SORT_FIELDS } from '../../../shared/contract';
import {
  FINAL_STATUSES,
  type Execution,
  type ExecutionStatus,
  type Settings,
  type TaskListItem,
} from '../../../shared/types';
import { failureLine } from '../../../shared/failure-text';
import { renderStats } from '../stats';
import { mergeTaskItems } from './task-list-merge';

export type TaskSortField = (typeof TASK_SORT_FIELDS)[number];
export type TaskStateFilter = 'enabled' | 'disabled' | 'paused' | 'active';

export interface TaskQueryState {
  search: string;
  latestStatus?: ExecutionStatus;
  state?: TaskStateFilter;
  /** Only tasks with this tag. */
  tag?: string;
  sort: TaskSortField;
  order: 'asc' | 'desc';
}

/** A run's progress as the event carries it: the same names as the parser's and the event's. */
export interface LiveProgress {
  executionId: number;
  progressPercent: number | null;
  message: string | null;
  etaSeconds: number | null;
  currentItem: string | null;
  currentStep: number | null;
  totalSteps: number | null;
  /** Since when the run is paused (execution.pauseChanged), or null. */
  pausedAt: number | null;
}

/** A live entry for a run nothing has been heard of yet but that it runs. */
function freshLive(executionId: number): LiveProgress {
  return {
    executionId,
    progressPercent: null,
    message: null,
    etaSeconds: null,
    currentItem: null,
    currentStep: null,
    totalSteps: null,
    pausedAt: null,
  };
}

export type EditorState = { mode: 'closed' } | { mode: 'new' } | { mode: 'edit'; taskId: number };

export interface AppState {
  tasks: Record<number, TaskListItem>;
  taskOrder: number[];
  taskTotal: number;
  tasksLoaded: boolean;
  taskQuery: TaskQueryState;
  /** Progress and pause of the running execution, per task id. */
  live: Record<number, LiveProgress>;
  settings: Settings | null;
  editor: EditorState;
  selectedTaskId: number | null;
  /** The tasks checked for a bulk action (bulk-select.ts), by id; always among the visible ones. */
  checked: Record<number, true>;
  /** Where a shift-click range starts: the last row checked or unchecked alone. */
  checkAnchor: number | null;

  loadTasks(): Promise<void>;
  setTaskQuery(patch: Partial<TaskQueryState>): void;
  applyStarted(execution: Execution): void;
  applyFinished(execution: Execution): void;
  applyPauseChanged(execution: Execution): void;
  queueProgress(payload: EventMap['execution.progress']): void;
  /** Applies every queued progress event now (normally done once per animation frame). */
  flushProgress(): void;
  removeTask(taskId: number): void;
  openEditor(editor: EditorState): void;
  select(taskId: number | null): void;
  /** Checks or unchecks one row; with `range`, every row from the anchor to it (a shift-click). */
  toggleChecked(taskId: number, range?: boolean): void;
  /** Checks every visible row, or (all: false) none. */
  checkAll(all: boolean): void;
  loadSettings(): Promise<void>;
  updateSettings(patch: Partial<Settings>): Promise<Settings>;
}

export type AppStore = StoreApi<AppState>;

/** The checked ids that are still in the list (the same object when none left). */
function keepVisible(
  checked: Record<number, true>,
  tasks: Record<number, TaskListItem>,
): Record<number, true> {
  const ids = Object.keys(checked).map(Number);
  if (ids.every((id) => tasks[id])) return checked;
  const kept: Record<number, true> = {};
  for (const id of ids) if (tasks[id]) kept[id] = true;
  return kept;
}

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
    tag: q.tag || undefined,
    enabled: q.state === 'disabled' ? false : q.state ? true : undefined,
    // 'enabled' (an older choice) reads as 'active'; 'paused' is a paused task that is enabled, as its tag says.
    paused: q.state === 'paused' ? true : q.state === 'active' || q.state === 'enabled' ? false : undefined,
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

  // Runs asked about already, so that each costs one request at most.
  const pauseAsked = new Set<number>();
  /**
   * A window opened while runs were going has heard none of their events, and a task's latest run does
   * not say whether it is paused: for runs it knows nothing of, it asks once which running runs are.
   */
  async function learnPauses(items: TaskListItem[], get: () => AppState): Promise<void> {
    const live = get().live;
    const unknown = items.filter(
      (t) =>
        t.latest?.status === 'running' &&
        live[t.id]?.executionId !== t.latest.id &&
        !pauseAsked.has(t.latest.id),
    );
    if (unknown.length === 0) return;
    for (const t of unknown) pauseAsked.add(t.latest!.id);
    const { items: running } = await bridge['executions.list']({ status: ['running'], limit: 1000 });
    for (const e of running) if (e.pausedAt != null) get().applyPauseChanged(e);
  }

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
    checked: {},
    checkAnchor: null,

    async loadTasks() {
      const seq = ++loadSeq;
      const { items, total } = await bridge['tasks.list'](listQuery(get().taskQuery));
      if (seq !== loadSeq) return; // a newer query answered (or will answer) first
      const tasks = mergeTaskItems(get().tasks, items);
      const order = items.map((t) => t.id);
      const prevOrder = get().taskOrder;
      const sameOrder = prevOrder.length === order.length && prevOrder.every((id, i) => id === order[i]);
      set({
        tasks,
        taskOrder: sameOrder ? prevOrder : order,
        taskTotal: total,
        tasksLoaded: true,
        // A bulk action acts on what is checked and visible: rows filtered out or deleted leave the selection.
        checked: keepVisible(get().checked, tasks),
      });
      void learnPauses(items, get).catch(() => {});
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
        [execution.taskId]: { ...freshLive(execution.id), pausedAt: execution.pausedAt ?? null },
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
        patch.tasks = {
          ...state.tasks,
          [task.id]: {
            ...task,
            latest: {
              id: execution.id,
              status: execution.status,
              startTime: execution.startTime,
              durationSeconds: execution.durationSeconds,
              progressPercent: execution.progress.progressPercent ?? null,
              message:
                (execution.errorMessage ? failureLine(execution) : null) ??
                execution.progress.message ??
                null,
            },
          },
        };
      }
      set(patch);
    },

    applyPauseChanged(execution) {
      const { live, tasks } = get();
      const taskId = execution.taskId;
      const queued = pending.get(taskId);
      const current = queued ?? live[taskId];
      // Parallel runs of one task: its row shows the newest, whose state an older run's pause is not.
      if (current && execution.id < current.executionId) return;
      // A pause that raced the run's end can be told after its finish: the run is over, nothing to show.
      const latest = tasks[taskId]?.latest;
      if (current?.executionId !== execution.id && latest?.id === execution.id) {
        if (FINAL_STATUSES.includes(latest.status)) return;
      }
      const pausedAt = execution.pausedAt ?? null;
      // The queued batch was built before this: it would put the old state back when applied.
      if (queued) {
        if (queued.executionId === execution.id) pending.set(taskId, { ...queued, pausedAt });
        else pending.delete(taskId);
      }
      const shown = live[taskId]?.executionId === execution.id ? live[taskId] : freshLive(execution.id);
      set({ live: { ...live, [taskId]: { ...shown, pausedAt } } });
    },

    queueProgress(p) {
      const prev = pending.get(p.taskId) ?? get().live[p.taskId];
      // Parallel runs of one task: its row shows the newest, which an older run's reports must not replace.
      if (prev && p.executionId < prev.executionId) return;
      pending.set(p.taskId, {
        executionId: p.executionId,
        progressPercent:
          p.progressPercent ?? (prev?.executionId === p.executionId ? prev.progressPercent : null),
        message: p.message ?? (prev?.executionId === p.executionId ? prev.message : null),
        etaSeconds: p.etaSeconds,
        currentItem: p.currentItem,
        currentStep: p.currentStep,
        totalSteps: p.totalSteps,
        pausedAt: prev?.executionId === p.executionId ? prev.pausedAt : null,
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
        checked: keepVisible(get().checked, nextTasks),
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

    toggleChecked(taskId, range = false) {
      const { checked, checkAnchor, taskOrder } = get();
      const on = !checked[taskId];
      const from = checkAnchor === null ? -1 : taskOrder.indexOf(checkAnchor);
      const to = taskOrder.indexOf(taskId);
      const ids =
        range && from >= 0 && to >= 0
          ? taskOrder.slice(Math.min(from, to), Math.max(from, to) + 1)
          : [taskId];
      const next = { ...checked };
      for (const id of ids) {
        if (on) next[id] = true;
        else delete next[id];
      }
      set({ checked: next, checkAnchor: range ? checkAnchor : taskId });
    },

    checkAll(all) {
      const checked: Record<number, true> = {};
      if (all) for (const id of get().taskOrder) checked[id] = true;
      set({ checked, checkAnchor: null });
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
    // Pausing changes nothing in the task list itself (the run stays 'running'): no refetch.
    bridge.on('execution.pauseChanged', ({ execution }) => store.getState().applyPauseChanged(execution)),
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
