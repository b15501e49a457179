// What the tray shows, computed from plain data so that it is testable without Electron: the icon, the
// tooltip and the menu (as data with action descriptors; tray.ts turns actions into click handlers).
//
// Icon rule: "failed" while the LATEST final run of any task failed or timed out (it clears when that
// task's next run succeeds; it survives restarts because it is read from the database), else "running"
// while anything runs or is queued, else "idle". Failure wins over running: it is the state that needs
// the user, and the running count is in the tooltip.
import type { SchedulerState } from '../../shared/types';
import type { ShellText } from './shell-text';

export type TrayIconKind = 'idle' | 'running' | 'failed';

export interface TrayTask {
  id: number;
  name: string;
}

export interface TrayFailure {
  executionId: number;
  taskName: string;
  at: number;
}

export interface TrayModelInput {
  state: SchedulerState;
  /** Tasks for "Run now", most recently run first. */
  recentTasks: TrayTask[];
  /** Latest failed executions, newest first. */
  failures: TrayFailure[];
  /** True when the latest final run of at least one task failed or timed out. */
  anyLatestFailed: boolean;
  /** Name of state.nextTaskId, when known. */
  nextTaskName: string | null;
  now: number;
  /** Formats an epoch-ms time for the user (locale and zone are the shell's business). */
  formatTime: (at: number) => string;
  /** The words, in the user's language. */
  text: ShellText;
}

export type TrayAction =
  | { type: 'open' }
  | { type: 'runTask'; taskId: number }
  | { type: 'pauseAll'; minutes?: number }
  | { type: 'resumeAll' }
  | { type: 'openExecution'; executionId: number }
  | { type: 'openLogFolder' }
  | { type: 'quit' };

export interface TrayMenuItem {
  label?: string;
  type?: 'separator' | 'normal' | 'submenu';
  enabled?: boolean;
  action?: TrayAction;
  submenu?: TrayMenuItem[];
}

export const MAX_RECENT_TASKS = 10;
export const MAX_FAILURES = 5;
/** Windows truncates tray tooltips at 127 characters. */
export const MAX_TOOLTIP = 127;

export function trayIcon(input: Pick<TrayModelInput, 'state' | 'anyLatestFailed'>): TrayIconKind {
  if (input.anyLatestFailed || input.state.health === 'degraded') return 'failed';
  if (input.state.running + input.state.queued > 0) return 'running';
  return 'idle';
}

export function isPaused(state: SchedulerState, now: number): boolean {
  return state.pausedAll || (state.pausedUntil !== null && state.pausedUntil > now);
}

export function trayTooltip(input: TrayModelInput): string {
  const { text } = input;
  const parts = ['Cronkeeper', text.running(input.state.running)];
  if (input.state.health === 'degraded') {
    // The state that needs the user most: scheduling is suspended until the database answers.
    parts.push(text.degraded(input.formatTime(input.state.degradedSince ?? input.now)));
  } else if (isPaused(input.state, input.now)) {
    parts.push(
      input.state.pausedUntil ? text.pausedUntil(input.formatTime(input.state.pausedUntil)) : text.paused,
    );
  } else if (input.state.nextRunAt !== null) {
    const task =
      input.nextTaskName ??
      (input.state.nextTaskId !== null ? text.taskNumber(input.state.nextTaskId) : text.aTask);
    parts.push(text.next(task, input.formatTime(input.state.nextRunAt)));
  } else {
    parts.push(text.nothingScheduled);
  }
  const tooltip = parts.join(' — ');
  return tooltip.length <= MAX_TOOLTIP ? tooltip : `${tooltip.slice(0, MAX_TOOLTIP - 1)}…`;
}

const shorten = (text: string, max = 48) => (text.length <= max ? text : `${text.slice(0, max - 1)}…`);

export function trayMenu(input: TrayModelInput): TrayMenuItem[] {
  const paused = isPaused(input.state, input.now);
  const tasks = input.recentTasks.slice(0, MAX_RECENT_TASKS);
  const failures = input.failures.slice(0, MAX_FAILURES);
  const { text } = input;
  return [
    { label: text.open, action: { type: 'open' } },
    { type: 'separator' },
    {
      label: text.runNow,
      type: 'submenu',
      submenu: tasks.length
        ? tasks.map((task) => ({ label: shorten(task.name), action: { type: 'runTask', taskId: task.id } }))
        : [{ label: text.noTasks, enabled: false }],
    },
    paused
      ? {
          label: input.state.pausedUntil
            ? text.resumeAllPausedUntil(input.formatTime(input.state.pausedUntil))
            : text.resumeAll,
          action: { type: 'resumeAll' },
        }
      : { label: text.pauseAll, action: { type: 'pauseAll' } },
    { label: text.pauseOneHour, enabled: !paused, action: { type: 'pauseAll', minutes: 60 } },
    { type: 'separator' },
    {
      label: text.latestFailures,
      type: 'submenu',
      submenu: failures.length
        ? failures.map((failure) => ({
            label: `${shorten(failure.taskName, 40)} — ${input.formatTime(failure.at)}`,
            action: { type: 'openExecution', executionId: failure.executionId },
          }))
        : [{ label: text.noFailures, enabled: false }],
    },
    { type: 'separator' },
    { label: text.openLogFolder, action: { type: 'openLogFolder' } },
    { label: text.quit, action: { type: 'quit' } },
  ];
}
