// What the runner uses of the tasks table: the loads and slot writes are store/tasks.ts's statements (and
// RunnableTask is the one task mapping's runner view, store/task-row.ts); noticing tasks another process
// changed is the runner's own logic, here.
import type { CoreEvents } from '../events';

export type { RunnableTask } from '../store/task-row';
export { loadSchedulableTasks, loadTask, taskVersions, writeSlotTimes, type SlotTimes } from '../store/tasks';

/** Tells listeners (the UI) about tasks another process created, edited or deleted since `known`. */
export function announceTaskChanges(
  known: Map<number, number> | null,
  versions: Map<number, number>,
  events: CoreEvents,
): void {
  if (!known) return;
  for (const [id, updatedAt] of versions) {
    if (known.get(id) !== updatedAt) events.emit('task.changed', { taskId: id, deleted: false });
  }
  for (const id of known.keys()) {
    if (!versions.has(id)) events.emit('task.changed', { taskId: id, deleted: true });
  }
}
