// Plain-text output: aligned tables, times and durations, and JSON. Times print in UTC ISO form without
// milliseconds (2026-11-28T10:00:00Z): unambiguous, sortable and easy to paste into other tools.
import { cliText } from './cli-lang';
import type { Execution, Task, TaskListItem } from '../../shared/types';

export function formatTime(ms: number | null | undefined): string {
  if (ms === null || ms === undefined) return '-';
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

export function formatDuration(seconds: number | null | undefined): string {
  if (seconds === null || seconds === undefined) return '-';
  if (seconds < 60) return `${Math.round(seconds * 10) / 10}s`;
  const total = Math.round(seconds);
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  return h > 0 ? `${h}h${String(m).padStart(2, '0')}m` : `${m}m${String(s).padStart(2, '0')}s`;
}

export function toJson(value: unknown): string {
  return JSON.stringify(value, null, 2);
}

function clip(text: string, width: number): string {
  const flat = text.replace(/\s+/g, ' ');
  return flat.length > width ? `${flat.slice(0, width - 1)}…` : flat;
}

export interface Column<T> {
  header: string;
  value: (row: T) => string;
  /** Longer cells are cut with an ellipsis. */
  max?: number;
}

/** Left-aligned columns separated by two spaces; the last column is not padded. */
export function table<T>(rows: readonly T[], columns: readonly Column<T>[]): string {
  const cells = rows.map((row) => columns.map((column) => clip(column.value(row), column.max ?? 60)));
  const widths = columns.map((column, i) =>
    Math.max(column.header.length, ...cells.map((line) => line[i].length)),
  );
  const render = (line: string[]) =>
    line
      .map((cell, i) => (i === line.length - 1 ? cell : cell.padEnd(widths[i])))
      .join('  ')
      .trimEnd();
  return [render(columns.map((column) => column.header)), ...cells.map(render)].join('\n');
}

/** "key  value" lines with the keys aligned. */
export function keyValues(pairs: readonly [string, string][]): string {
  const width = Math.max(...pairs.map(([key]) => key.length));
  return pairs.map(([key, value]) => `${key.padEnd(width)}  ${value}`).join('\n');
}

export function taskState(task: Task): string {
  if (!task.enabled) return 'disabled';
  return task.paused ? 'paused' : 'enabled';
}

export function taskTable(items: readonly TaskListItem[]): string {
  if (items.length === 0)
    return 'No tasks. Add one with: cronkeeper task add --name NAME --cron EXPR --command CMD';
  return table(items, [
    { header: 'ID', value: (t) => String(t.id) },
    { header: 'NAME', value: (t) => t.name, max: 30 },
    { header: 'SCHEDULE', value: (t) => t.cronExpression, max: 24 },
    { header: 'TZ', value: (t) => t.timezone || 'system', max: 20 },
    { header: 'STATE', value: taskState },
    { header: 'NEXT RUN', value: (t) => (t.enabled && !t.paused ? formatTime(t.nextRunAt) : '-') },
    {
      header: 'LAST RUN',
      value: (t) => (t.latest ? `${t.latest.status} ${formatTime(t.latest.startTime)}` : '-'),
    },
    // Only when some task has tags: a list without tags keeps its columns.
    ...(items.some((t) => t.tags?.length)
      ? [{ header: 'TAGS', value: (t: TaskListItem) => (t.tags ?? []).join(', '), max: 40 }]
      : []),
  ]);
}

export function taskDetails(task: Task, triggers: [string, string][] = []): string {
  const env = Object.entries(task.env);
  return keyValues([
    ['ID', String(task.id)],
    ['Name', task.name],
    ['Description', task.description || '-'],
    ['Command', task.command],
    ['Working dir', task.workingDir || '(home folder)'],
    ['Schedule', task.cronExpression || '(none: runs only on its triggers)'],
    ['Time zone', task.timezone || '(system)'],
    ['State', taskState(task)],
    ['Next run', task.enabled && !task.paused ? formatTime(task.nextRunAt) : '-'],
    ['Timeout', task.timeoutSeconds ? `${task.timeoutSeconds}s` : 'none'],
    ['Retries', `${task.maxRetries} (delay ${task.retryDelaySeconds}s)`],
    ['Overlap', task.overlapPolicy],
    ['Misfire', `${task.misfirePolicy} (grace ${task.misfireGraceSeconds}s)`],
    ['Notify', task.notifyOn],
    ['Output encoding', task.outputEncoding ?? 'auto'],
    ['Success codes', (task.successExitCodes ?? [0]).join(', ')],
    ['Tags', task.tags?.length ? task.tags.join(', ') : '-'],
    ['Environment', env.length ? env.map(([key, value]) => `${key}=${value}`).join(' ') : '-'],
    ...triggers,
    ['Created', formatTime(task.createdAt)],
    ['Updated', formatTime(task.updatedAt)],
  ]);
}

export function historyTable(items: readonly Execution[]): string {
  if (items.length === 0) return 'No executions.';
  return table(items, [
    { header: 'ID', value: (e) => String(e.id) },
    { header: 'STATUS', value: (e) => (e.pausedAt != null ? `${e.status} (paused)` : e.status) },
    { header: 'TASK', value: (e) => e.taskName ?? `#${e.taskId}`, max: 30 },
    { header: 'TRIGGER', value: (e) => e.trigger },
    { header: 'STARTED', value: (e) => formatTime(e.startTime) },
    { header: 'DURATION', value: (e) => formatDuration(e.durationSeconds) },
    { header: 'RETRY', value: (e) => String(e.retryCount) },
    { header: 'EXIT', value: (e) => (e.exitCode === null ? '-' : String(e.exitCode)) },
    { header: 'MESSAGE', value: (e) => (e.errorMessage ? cliText(e.errorMessage) : ''), max: 80 },
  ]);
}

/** One line for `task run --wait` and the serve log: "#12 backup success in 1.2s (exit 0)". */
export function executionSummary(execution: Execution, taskName?: string): string {
  const name = taskName ?? execution.taskName ?? `task ${execution.taskId}`;
  const parts = [`#${execution.id} ${name} ${execution.status}`];
  if (execution.durationSeconds !== null) parts.push(`in ${formatDuration(execution.durationSeconds)}`);
  // The error message usually names the exit code already ("Exited with code 3"); the bare code otherwise.
  if (execution.errorMessage) parts.push(`(${clip(cliText(execution.errorMessage), 200)})`);
  else if (execution.exitCode !== null && execution.status !== 'success')
    parts.push(`(exit ${execution.exitCode})`);
  return parts.join(' ');
}
