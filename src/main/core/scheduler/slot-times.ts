// The one writer of the tasks' next_run_at and last_slot_at, owned by the planner (planner.ts): the slot
// times the plan changed, written in a few statements at each tick (flush), and the next run of a task just
// saved (storeSaved). Both go through task-rows.ts's writeSlotTimes, which no other code calls.
import type { Database } from '../db/database';
import { nextRunAfter } from '../timing/schedule-math';
import { loadSchedulableTasks, loadTask, writeSlotTimes, type SlotTimes } from './task-rows';

export class SlotTimesStore {
  /** Changed in the plan and not yet written. */
  private readonly dirty = new Map<number, SlotTimes>();

  constructor(
    private readonly db: Database,
    private readonly now: () => number,
  ) {}

  set(taskId: number, times: SlotTimes): void {
    this.dirty.set(taskId, times);
  }

  /** Writes the slot times changed since the last flush. */
  async flush(): Promise<void> {
    if (this.dirty.size === 0) return;
    const batch = new Map(this.dirty);
    this.dirty.clear();
    await writeSlotTimes(this.db, batch);
  }

  /**
   * Tasks just saved (created, edited, enabled, paused, imported): their next_run_at as from now, null when
   * disabled or paused. What the lists show until the planner plans them (taskChanged, right after, when
   * this process schedules; the scheduling process otherwise). Pinned tasks and other processes' tasks too.
   */
  async storeSaved(taskIds: number[]): Promise<void> {
    if (taskIds.length === 0) return;
    const { db } = this;
    const tasks = taskIds.length === 1 ? [await loadTask(db, taskIds[0])] : await loadSchedulableTasks(db);
    const byId = new Map(tasks.filter((t) => t !== null).map((t) => [t.id, t]));
    const now = this.now();
    // Computed once per schedule and zone (an import brings many tasks with few of them).
    const nextRuns = new Map<string, number | null>();
    const times = new Map<number, SlotTimes>();
    for (const id of taskIds) {
      const task = byId.get(id);
      if (!task?.schedulable) {
        times.set(id, { nextRunAt: null });
        continue;
      }
      const key = `${task.cronExpression}\u0000${task.timezone}`;
      if (!nextRuns.has(key)) nextRuns.set(key, nextRunAfter(task.cronExpression, task.timezone, now));
      times.set(id, { nextRunAt: nextRuns.get(key) ?? null });
    }
    await writeSlotTimes(db, times);
  }
}
