// The planner: the in-memory plan (task -> the newest slot handled and the next one), the ONE wake timer
// (WakeTimer, at most 60 s per wait so clock jumps and sleep are noticed), and the misfire decisions for
// slots that passed. It re-plans on a change of a task, on wake and on another process's change (the data
// watch). It is the ONLY writer of the tasks' next_run_at and last_slot_at (through slot-times.ts), also
// for a task just saved. What a due slot becomes (run, queued,
// skipped) is the run queue's decision (run-queue.ts).
import type { UpcomingTimeline } from '../../../shared/contract';
import type { Trigger } from '../../../shared/types';
import type { Database } from '../db/database';
import type { CoreEvents } from '../events';
import { missedSlotsSince, planMisfires } from '../timing/misfire';
import { nextRunAfter } from '../timing/schedule-math';
import { buildTimeline } from '../timing/timeline';
import { DataVersionWatch } from './data-version-watch';
import { errorLine, isDatabaseError } from './db-health';
import { recordMissedSlots } from './missed-slots';
import {
  announceTaskChanges,
  loadSchedulableTasks,
  loadTask,
  taskVersions,
  type RunnableTask,
} from './task-rows';
import { WakeTimer } from './timer';
import { holdSpawns, spawnsUntil } from './spawn-pacer';
import { upcomingRuns } from './upcoming';
import type { PauseAll } from './run-control';
import { SlotTimesStore } from './slot-times';
import { isActive, MAX_RUN_ALL, ON_TIME_MS, type Lifecycle, type Serial } from './shared';

interface Planned {
  task: RunnableTask;
  /** The newest slot handled (run, queued, skipped or missed); slots after it are still to come. */
  lastSlotAt: number;
  nextAt: number | null;
}

type TickMode = 'tick' | 'recover';

/** What the planner hands a due slot to (the run queue). */
export interface SlotHandler {
  /** One slot to run: overlap policy, then the concurrency limit, then the claim. */
  fireSlot(task: RunnableTask, slot: number, trigger: Trigger): Promise<void>;
  /** Records a slot that did not run; a slot someone else already holds is left alone. */
  recordSlot(
    task: RunnableTask,
    slot: number,
    status: 'skipped' | 'missed' | 'failed',
    message: string,
  ): Promise<void>;
}

export interface PlannerDeps {
  db: Database;
  events: CoreEvents;
  now: () => number;
  log: (line: string) => void;
  resyncClock?: () => Promise<void>;
  onClockJump?: () => void;
  life: Lifecycle;
  serial: Serial;
  health: {
    readonly degraded: boolean;
    outageOf(slot: number, onTimeMs: number): { from: number; to: number } | null;
  };
  pause: PauseAll;
  runsHere: (task: RunnableTask) => boolean;
  slots: SlotHandler;
  /** Starts what the queue allows (run-queue.ts). */
  pump: () => Promise<void>;
  /** When the next queued run (a retry) is due, to wake for it. */
  queuedDueAt: () => number | null;
  /** After each tick's work (housekeeping). */
  afterTick: (now: number) => void;
  /** Another process changed something: its run requests and settings, before re-planning. */
  beforeExternalReplan: () => Promise<void>;
  noteError: (err: unknown, what: string) => void;
  emitState: () => void;
}

export class Planner {
  private readonly plan = new Map<number, Planned>();
  /** Slot times changed in the plan and not yet written (flush), and the one writer of them. */
  private readonly times: SlotTimesStore;
  private readonly timer: WakeTimer;
  private readonly watch: DataVersionWatch;
  /** updated_at of every task, to tell the UI which tasks another process changed. */
  private knownTaskVersions: Map<number, number> | null = null;
  /** Set by the outage recovery so that its own tick runs while the state still says degraded. */
  private recovering = false;
  /** The wake waiting in the chain (queueWake), until its tick begins. */
  private pendingWake: { jumped: boolean } | null = null;

  constructor(private readonly deps: PlannerDeps) {
    this.times = new SlotTimesStore(deps.db, deps.now);
    this.timer = new WakeTimer((jumped) => this.queueWake(jumped), deps.now, deps.resyncClock);
    this.watch = new DataVersionWatch(
      deps.db,
      () => deps.serial.exclusive(() => this.onExternalChange()),
      (err) => deps.noteError(err, 'Scheduler: data watch failed'),
    );
  }

  /**
   * A wake (the timer's, or resume's) queued in the chain. While one waits there, later wakes merge into it:
   * a pump's rearm of a timer already due fires again at once, and each such wake used to queue one more
   * tick (and its pump) behind the first.
   */
  queueWake(jumped: boolean): void {
    if (this.pendingWake) {
      this.pendingWake.jumped ||= jumped;
      return;
    }
    const wake = { jumped };
    this.pendingWake = wake;
    this.deps.serial.background(() => {
      this.pendingWake = null;
      return this.onWake(wake.jumped);
    });
  }

  /**
   * True when a tick that pumps runs within `withinMs`: a wake waits in the chain, or the timer fires that
   * soon. A pump after run endings then leaves its work to that tick's own pump (run-queue.ts), so that the
   * tick's claims do not wait behind it.
   */
  tickSoon(withinMs: number): boolean {
    const { life, health } = this.deps;
    if (!isActive(life) || life.suspended || health.degraded) return false;
    if (this.pendingWake) return true;
    const at = this.timer.armedFor;
    return at !== null && at - this.deps.now() <= withinMs;
  }

  /** Start of scheduling: plan every task, handle what was missed, then watch other processes' changes. */
  async start(): Promise<void> {
    this.timer.start();
    await this.deps.serial.exclusive(async () => {
      await this.replanAll('recover');
      await this.tick('recover');
    });
    this.knownTaskVersions = await taskVersions(this.deps.db);
    await this.watch.start();
  }

  /** Stops the timer and the watch (stop, halt). */
  stop(): void {
    this.timer.stop();
    spawnsUntil(null);
    this.watch.stop();
  }

  startTimer(): void {
    this.timer.start();
  }

  stopTimer(): void {
    this.timer.stop();
    spawnsUntil(null);
  }

  /** The soonest planned run, for the state. */
  soonest(): { nextRunAt: number | null; nextTaskId: number | null } {
    let nextRunAt: number | null = null;
    let nextTaskId: number | null = null;
    for (const [taskId, p] of this.plan) {
      if (p.nextAt !== null && (nextRunAt === null || p.nextAt < nextRunAt)) {
        nextRunAt = p.nextAt;
        nextTaskId = taskId;
      }
    }
    return { nextRunAt, nextTaskId };
  }

  /** A planned task as last read (saves a read when its queued run starts). */
  plannedTask(taskId: number): RunnableTask | undefined {
    return this.plan.get(taskId)?.task;
  }

  upcoming(horizonMs: number): { taskId: number; taskName: string; at: number }[] {
    return upcomingRuns(this.plan.values(), this.deps.now(), horizonMs);
  }

  timeline(horizonMs: number): UpcomingTimeline {
    return buildTimeline(this.plan.values(), this.deps.now(), horizonMs);
  }

  /** A task was created, edited, paused, enabled or deleted: re-plan it (call inside the chain). */
  async taskChanged(taskId: number): Promise<void> {
    const task = await loadTask(this.deps.db, taskId);
    this.planTask(taskId, task, 'change');
    await this.tick('tick');
  }

  /** taskChanged for many tasks (bulk actions): each is re-planned (or dropped), then one tick. */
  async tasksChanged(taskIds: readonly number[]): Promise<void> {
    for (const id of taskIds) this.planTask(id, await loadTask(this.deps.db, id), 'change');
    await this.tick('tick');
  }

  /** After an outage: re-plan from the database and tick while the state still says degraded. */
  async replanAfterOutage(): Promise<void> {
    this.recovering = true;
    try {
      await this.replanAll('recover');
      this.timer.start();
      await this.tick('tick');
    } finally {
      this.recovering = false;
    }
  }

  /**
   * Puts one task in the plan (or takes it out). `recover` (start, resume): keep its last slot so that missed
   * slots are found. `change`: a task new to the plan (created, resumed, enabled) starts from now, and a
   * changed schedule does not catch up slots of the old one.
   */
  private planTask(taskId: number, task: RunnableTask | null, mode: 'recover' | 'change'): void {
    const now = this.deps.now();
    if (!task || !task.schedulable || !this.deps.runsHere(task)) {
      this.plan.delete(taskId);
      return;
    }
    const existing = this.plan.get(taskId);
    let lastSlotAt: number;
    if (mode === 'recover') {
      lastSlotAt = existing?.lastSlotAt ?? task.lastSlotAt ?? now;
    } else if (!existing) {
      lastSlotAt = Math.max(task.lastSlotAt ?? 0, now);
    } else {
      const scheduleChanged =
        existing.task.cronExpression !== task.cronExpression || existing.task.timezone !== task.timezone;
      lastSlotAt = scheduleChanged ? Math.max(existing.lastSlotAt, now) : existing.lastSlotAt;
    }
    // A wall clock set back: slots "handled" in the future would block the schedule until then.
    if (lastSlotAt > now + ON_TIME_MS) lastSlotAt = now;
    const nextAt = nextRunAfter(task.cronExpression, task.timezone, lastSlotAt);
    this.plan.set(taskId, { task, lastSlotAt, nextAt });
    if (task.lastSlotAt !== lastSlotAt || task.nextRunAt !== nextAt) {
      this.times.set(taskId, { lastSlotAt, nextRunAt: nextAt !== null && nextAt < now ? now : nextAt });
    }
  }

  private async replanAll(mode: 'recover' | 'change'): Promise<void> {
    const tasks = await loadSchedulableTasks(this.deps.db);
    const seen = new Set<number>();
    for (const task of tasks) {
      seen.add(task.id);
      this.planTask(task.id, task, mode);
    }
    for (const id of [...this.plan.keys()]) if (!seen.has(id)) this.plan.delete(id);
  }

  /** A timer wake; after sleep/wake or a clock jump, slots "handled" in the future are re-planned first. */
  async onWake(clockJumped: boolean): Promise<void> {
    if (!isActive(this.deps.life)) return;
    if (clockJumped) {
      this.deps.log('Scheduler: clock jump or wake detected, re-planning');
      this.deps.onClockJump?.();
      const now = this.deps.now();
      for (const p of this.plan.values()) {
        if (p.lastSlotAt > now + ON_TIME_MS) {
          p.lastSlotAt = now;
          p.nextAt = nextRunAfter(p.task.cronExpression, p.task.timezone, now);
          this.times.set(p.task.id, { lastSlotAt: now, nextRunAt: p.nextAt });
        }
      }
    }
    await this.tick(clockJumped ? 'recover' : 'tick');
  }

  private async onExternalChange(): Promise<void> {
    if (!isActive(this.deps.life)) return;
    await this.deps.beforeExternalReplan();
    const versions = await taskVersions(this.deps.db);
    announceTaskChanges(this.knownTaskVersions, versions, this.deps.events);
    this.knownTaskVersions = versions;
    await this.replanAll('change');
    await this.tick('tick');
  }

  /** Fires every due slot, writes the plan's times, starts what the queue allows, re-arms the timer. */
  async tick(mode: TickMode): Promise<void> {
    const { deps } = this;
    // No spawn while this tick claims its due slots (spawn-pacer.ts): the claims go first. (Not from the
    // wake on: the chain may be busy with a pump then, and holding spawns that long cut the throughput.)
    const spawnsMayGo = holdSpawns();
    if (!isActive(deps.life) || (deps.health.degraded && !this.recovering)) {
      spawnsMayGo(); // inactive; or degraded, when db-health.ts retries, then ticks
      return;
    }
    try {
      await deps.resyncClock?.().catch((err) => deps.log(`Team: clock resync failed: ${String(err)}`));
      const now = deps.now();
      deps.pause.expire(now);
      const due = [...this.plan.values()].filter((p) => p.nextAt !== null && p.nextAt <= now);
      // One task's failure does not stop the others; a database error is raised once all have tried.
      const fired = await Promise.allSettled(due.map((p) => this.fireDue(p, now, mode)));
      spawnsMayGo(); // every due slot is claimed: the runs may start
      const dbError = fired.find((r) => r.status === 'rejected');
      if (dbError) throw (dbError as PromiseRejectedResult).reason;
      await this.flush();
      await deps.pump();
      deps.afterTick(now);
    } finally {
      spawnsMayGo();
      // Whatever happened, the timer is armed again (while degraded, db-health.ts's retry is the wake).
      this.rearm();
      deps.emitState();
    }
  }

  /**
   * fireSlots, guarded: a database error puts the task's plan back where it was (its slots are handled again,
   * as late ones, after the outage) and is raised; any other error is recorded against this task alone.
   */
  private async fireDue(p: Planned, now: number, mode: TickMode): Promise<void> {
    const before = { lastSlotAt: p.lastSlotAt, nextAt: p.nextAt };
    try {
      await this.fireSlots(p, now, mode);
    } catch (err) {
      if (isDatabaseError(err)) {
        Object.assign(p, before);
        this.times.set(p.task.id, { lastSlotAt: before.lastSlotAt, nextRunAt: before.nextAt });
        throw err;
      }
      const message = `Failed: Cronkeeper could not run this slot: ${errorLine(err)}`;
      this.deps.log(`Scheduler: task "${p.task.name}" could not be fired: ${errorLine(err)}`);
      await this.deps.slots.recordSlot(p.task, p.lastSlotAt, 'failed', message).catch((e) => {
        if (isDatabaseError(e)) throw e;
      });
    }
  }

  /** Advances the task past `now`; on-time slots run, late ones follow the task's misfire policy. */
  private async fireSlots(p: Planned, now: number, mode: TickMode): Promise<void> {
    const { task } = p;
    const { slots: handler } = this.deps;
    const { slots } = missedSlotsSince(task.cronExpression, task.timezone, p.lastSlotAt, now);
    p.lastSlotAt = slots.length > 0 ? slots[slots.length - 1] : now;
    p.nextAt = nextRunAfter(task.cronExpression, task.timezone, Math.max(now, p.lastSlotAt));
    this.times.set(task.id, { lastSlotAt: p.lastSlotAt, nextRunAt: p.nextAt });
    if (this.deps.pause.paused) return; // paused by the user: slots pass unrecorded
    const onTime = mode === 'tick' ? slots.filter((s) => now - s <= ON_TIME_MS) : [];
    const late = slots.filter((s) => !onTime.includes(s));
    if (late.length > 0) {
      const plan = planMisfires({
        policy: task.misfirePolicy,
        missedSlots: late,
        nowMs: now,
        graceSeconds: task.misfireGraceSeconds,
        maxRunAll: MAX_RUN_ALL,
      });
      await recordMissedSlots(task.name, plan.missed, {
        outageOf: (slot) => this.deps.health.outageOf(slot, ON_TIME_MS),
        record: (slot, message) => handler.recordSlot(task, slot, 'missed', message),
        log: this.deps.log,
      });
      for (const { slot, trigger } of plan.run) await handler.fireSlot(task, slot, trigger);
    }
    for (const slot of onTime) await handler.fireSlot(task, slot, 'schedule');
  }

  /** Arms the one timer for the soonest of: a planned slot, a queued run's due time, the end of a pause. */
  rearm(): void {
    const { life, health, pause } = this.deps;
    if (!isActive(life) || life.suspended || health.degraded) return;
    let at: number | null = this.deps.queuedDueAt();
    for (const p of this.plan.values()) {
      if (p.nextAt !== null && (at === null || p.nextAt < at)) at = p.nextAt;
    }
    if (pause.until !== null && (at === null || pause.until < at)) at = pause.until;
    this.timer.armFor(at);
    spawnsUntil(this.timer.armedFor);
  }

  /** Writes the slot times changed since the last flush, in a few statements. */
  flush(): Promise<void> {
    return this.times.flush();
  }

  /** Tasks just saved: their next run as from now (slot-times.ts). */
  storeSaved(taskIds: number[]): Promise<void> {
    return this.times.storeSaved(taskIds);
  }
}
