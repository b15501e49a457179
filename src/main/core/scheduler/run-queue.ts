// The run queue: what a due slot or a "run now" becomes. The overlap policy (skip, queue, replace, parallel,
// also against another scheduler's run in team mode), the concurrency limit, the slot claim (a slot never
// runs twice, even with two processes on one database: slot-claims.ts), queued rows started oldest first
// when there is room (pump), and retries of failed runs. The process itself is started by active-runs.ts.
import os from 'node:os';
import type { Trigger } from '../../../shared/types';
import type { Database } from '../db/database';
import { CronkeeperError, notFound } from '../errors';
import { requestCancel } from '../store/execution-requests';
import { linkRetry } from '../store/retry-links';
import { claimQueuedRows, endQueued, insertExecution, type NewExecution } from '../store/execution-writes';
import { queuedExecutions, triggerDetailText, type QueuedRow } from '../store/executions';
import { CANCEL_MESSAGES, type RunFinish } from '../runner/process-run';
import { retryDelayMs, shouldRetry } from './retry';
import { SlotClaims } from './slot-claims';
import { loadTask, type RunnableTask } from './task-rows';
import { liveRunOfTask, tasksWithLiveRuns } from './team';
import type { ActiveRuns } from './active-runs';
import { queuedEnv, retriedTrigger, type TriggeredRow } from './triggered-env';
import type { SlotHandler } from './planner';
import type { PauseAll } from './run-control';
import {
  isActive,
  remoteSkippedMessage,
  SKIPPED_MESSAGE,
  type Lifecycle,
  type Serial,
  type SettingsCache,
} from './shared';

export interface RunQueueDeps {
  db: Database;
  now: () => number;
  log: (line: string) => void;
  life: Lifecycle;
  serial: Serial;
  settings: SettingsCache;
  runs: ActiveRuns;
  pause: PauseAll;
  /** Team mode and host tags (team-coordinator.ts). */
  coordinator: {
    readonly team: boolean;
    runsHere(task: RunnableTask): boolean;
    liveSchedulerElsewhere(now: number): Promise<boolean>;
  };
  /** A planned task as last read (planner.ts), to save a read. */
  plannedTask: (taskId: number) => RunnableTask | undefined;
  /** Why a run of the task must not start now (a power condition: triggers/power-guard.ts), or null. */
  skipReason: (taskId: number) => string | null;
  /** A queued run about to start: true when a run condition records it skipped (queued-conditions.ts). */
  skipQueued: (row: QueuedRow) => Promise<boolean>;
  /** Re-arms the one timer (planner.ts): the next retry may be due sooner. */
  rearm: () => void;
  /** True when a tick (which pumps after its claims) runs within that many ms (planner.ts). */
  tickSoon: (withinMs: number) => boolean;
  emitState: () => void;
}

/**
 * A pump after run endings is left to the tick when the tick is due within this long (0: its wake has come,
 * or waits in the chain): the tick pumps after its claims anyway, and a pump in the chain (a read and a
 * claim, tens of ms on a loaded machine) made the tick's claims wait behind it. A longer lead, and a pump
 * that gave up after its read, lowered the runs started per second on a loaded machine.
 */
export const PUMP_YIELD_MS = 0;

export class RunQueue implements SlotHandler {
  /** Queued rows that keep waiting (as of the last pump, plus what was queued since). */
  queuedCount = 0;
  /** When the soonest waiting retry is due. */
  nextQueuedDueAt: number | null = null;
  /** Runs being claimed (counted against the concurrency limit before they are in ActiveRuns). */
  private reserved = 0;
  private pumpPending = false;
  /** The last pump after run endings left its work to a tick (schedulePump). */
  private yielded = false;
  private readonly claims: SlotClaims;

  constructor(private readonly deps: RunQueueDeps) {
    this.claims = new SlotClaims(deps.db);
  }

  async runNow(taskId: number, trigger: Trigger): Promise<{ executionId: number }> {
    const { db, life, coordinator } = this.deps;
    const task = await loadTask(db, taskId);
    if (!task) throw notFound('Task', taskId);
    if (life.stopping) throw new CronkeeperError('CONFLICT', 'Cronkeeper is shutting down');
    const now = this.deps.now();
    if (coordinator.team && (!life.scheduling || !coordinator.runsHere(task))) {
      // Team mode: a queued row is claimed by exactly one scheduler that may run the task.
      if (!coordinator.runsHere(task) || (await coordinator.liveSchedulerElsewhere(now))) {
        return { executionId: await this.insertQueued(task, trigger, null, now, 0) };
      }
      return { executionId: await this.startNew(task, trigger, null, 0) };
    }
    if (!life.scheduling) {
      // Not the scheduler: if a live one holds the data folder, hand the run to it.
      if (await coordinator.liveSchedulerElsewhere(now)) {
        const id = await this.insertQueued(task, trigger, null, now, 0);
        return { executionId: id };
      }
      return { executionId: await this.startNew(task, trigger, null, 0) };
    }
    return this.deps.serial.exclusive(async () => {
      if (!this.hasCapacity()) {
        const id = await this.insertQueued(task, trigger, null, now, 0);
        this.queuedCount++;
        this.deps.emitState();
        return { executionId: id };
      }
      return { executionId: await this.startNew(task, trigger, null, 0) };
    });
  }

  async fireSlot(task: RunnableTask, slot: number, trigger: Trigger): Promise<void> {
    const { db, runs } = this.deps;
    const condition = this.deps.skipReason(task.id);
    if (condition) {
      await this.recordSlot(task, slot, 'skipped', condition);
      return;
    }
    const now = this.deps.now();
    const runningOfTask = runs.ofTask(task.id);
    // Team mode: another scheduler's live run of the task counts as if it were ours (one query, only when we
    // run none of the task and the policy cares). SQLite has a single scheduler: no statement here.
    const remote =
      this.deps.coordinator.team && runningOfTask.length === 0 && task.overlapPolicy !== 'parallel'
        ? await liveRunOfTask(db, task.id, now, new Set(runs.runs.keys()))
        : null;
    const busy = runningOfTask.length > 0 || remote !== null;
    // Catch-up runs of one task run one after another (run-all may bring ten): they wait in the queue.
    if (trigger === 'catch-up' && busy && task.overlapPolicy !== 'parallel') {
      if ((await this.insertQueued(task, trigger, slot, now, 0)) > 0) this.queuedCount++;
      return;
    }
    if (busy) {
      const skipped = remote ? remoteSkippedMessage(remote.host) : SKIPPED_MESSAGE;
      if (task.overlapPolicy === 'skip') {
        await this.recordSlot(task, slot, 'skipped', skipped);
        return;
      }
      if (task.overlapPolicy === 'queue') {
        if (await this.hasWaitingSlot(task.id)) {
          await this.recordSlot(task, slot, 'skipped', skipped + ' and one run is already waiting');
        } else if ((await this.insertQueued(task, trigger, slot, now, 0)) > 0) {
          this.queuedCount++;
        }
        return;
      }
      if (task.overlapPolicy === 'replace') for (const run of runningOfTask) run.cancel('replace');
      // `replace` with the running one on another scheduler: ask that scheduler to cancel it (it does within
      // its heartbeat) and start the new run now rather than wait, so the two overlap for at most that long.
      if (task.overlapPolicy === 'replace' && remote) {
        await requestCancel(db, remote.id, 'replace');
        this.deps.log(
          `Scheduler: "${task.name}" (replace) is running on host ${remote.host ?? 'unknown'} ` +
            `(execution ${remote.id}); asked that scheduler to cancel it, and the new run starts now`,
        );
      }
    }
    if (!this.hasCapacity()) {
      if ((await this.insertQueued(task, trigger, slot, now, 0)) > 0) this.queuedCount++;
      return;
    }
    await this.startNew(task, trigger, slot, 0);
  }

  async recordSlot(
    task: RunnableTask,
    slot: number,
    status: 'skipped' | 'missed' | 'failed',
    message: string,
  ): Promise<void> {
    await this.claims.claim({
      taskId: task.id,
      status,
      trigger: 'schedule',
      scheduledAt: slot,
      startTime: slot,
      endTime: status === 'missed' ? slot : this.deps.now(),
      errorMessage: message,
      host: os.hostname(),
      createdAt: this.deps.now(),
    });
  }

  private async hasWaitingSlot(taskId: number): Promise<boolean> {
    const rows = await queuedExecutions(this.deps.db);
    return rows.some((r) => r.task_id === taskId && (r.trigger === 'schedule' || r.trigger === 'catch-up'));
  }

  /** Inserts a queued row; 0 when its slot (or its chain claim, triggered-runs.ts) was taken. */
  async insertQueued(
    task: RunnableTask,
    trigger: Trigger,
    slot: number | null,
    dueAt: number,
    retryCount: number,
    extra?: TriggeredRow,
  ): Promise<number> {
    const id = await this.insertRow({
      taskId: task.id,
      status: 'queued',
      trigger,
      scheduledAt: slot,
      startTime: dueAt,
      retryCount,
      createdAt: this.deps.now(),
      upstreamExecutionId: extra?.upstreamExecutionId ?? null,
      // A queued row keeps the environment it will start with (queuedEnv rebuilds it).
      triggerDetail: extra ? JSON.stringify({ ...extra.detail, env: extra.env }) : null,
    });
    return id ?? 0;
  }

  /** A slot's row goes through the batched claim; a run without a slot is inserted alone. */
  private insertRow(row: NewExecution): Promise<number | null> {
    return row.scheduledAt === null ? insertExecution(this.deps.db, row) : this.claims.claim(row);
  }

  hasCapacity(): boolean {
    return this.deps.runs.size + this.reserved < Math.max(1, this.deps.settings.value.concurrencyLimit);
  }

  /** Inserts (claims) a running execution and starts it; returns its id (0 when the slot was taken). */
  async startNew(
    task: RunnableTask,
    trigger: Trigger,
    slot: number | null,
    retryCount: number,
    extra?: TriggeredRow,
  ): Promise<number> {
    this.reserved++;
    try {
      const startTime = this.deps.now();
      const id = await this.insertRow({
        taskId: task.id,
        status: 'running',
        trigger,
        scheduledAt: slot,
        startTime,
        retryCount,
        host: os.hostname(),
        createdAt: startTime,
        upstreamExecutionId: extra?.upstreamExecutionId ?? null,
        // The environment is kept with the detail (shown without it), so that a retry starts with it too.
        triggerDetail: extra ? JSON.stringify({ ...extra.detail, env: extra.env }) : null,
      });
      if (id === null) return 0; // another scheduler claimed this slot (or this chain run)
      this.deps.runs.launch(task, id, trigger, slot, retryCount, startTime, startTime, extra?.env);
      return id;
    } finally {
      this.reserved--;
    }
  }

  /** A run ended: a retry is queued when its task (as it is now: it may have changed or gone) allows. */
  async retryIfDue(finish: RunFinish): Promise<void> {
    const cancelled = finish.cancelReason !== null;
    if (!shouldRetry(finish.status, finish.retryCount, finish.task.maxRetries, cancelled)) return;
    const task = await loadTask(this.deps.db, finish.task.id);
    if (!task) return;
    if (shouldRetry(finish.status, finish.retryCount, task.maxRetries, cancelled)) {
      const dueAt = this.deps.now() + retryDelayMs(task.retryDelaySeconds, finish.retryCount);
      // A triggered run's retry gets the same environment (the upstream's result, the changed files).
      const extra = retriedTrigger(await triggerDetailText(this.deps.db, finish.executionId));
      const retryId = await this.insertQueued(task, 'retry', null, dueAt, finish.retryCount + 1, extra);
      await linkRetry(this.deps.db, retryId, finish.executionId); // store/retry-links.ts
      this.deps.log(
        `Retry ${finish.retryCount + 1} of ${task.maxRetries} for "${task.name}" at ${new Date(dueAt).toISOString()}`,
      );
    }
  }

  /** A run ended: start what waits. Many endings at once share one pump. */
  schedulePump(): void {
    if (!isActive(this.deps.life) || this.pumpPending) return;
    this.pumpPending = true;
    this.deps.serial.background(async () => {
      this.pumpPending = false;
      // Never twice in a row: on an overloaded machine a tick is always due, and the backlog would then
      // start only from the ticks' own pumps.
      const mayYield = !this.yielded;
      this.yielded = mayYield && this.deps.tickSoon(PUMP_YIELD_MS);
      if (this.yielded) return;
      await this.pump();
      this.deps.rearm();
      this.deps.emitState();
    });
  }

  /**
   * Starts queued executions, oldest first, while the concurrency limit allows: runs that waited for a slot,
   * for their task's previous run (overlap `queue`), retries that are due, and manual runs queued by another
   * process (the CLI). The rows it may start are claimed by ONE statement (a pump after a burst of endings
   * starts dozens: one round trip each held the chain, and the next second's tick, for hundreds of ms).
   * Counts what keeps waiting, and when the next retry is due.
   */
  async pump(): Promise<void> {
    const { db, runs, coordinator, pause } = this.deps;
    if (!isActive(this.deps.life)) return;
    const rows = await queuedExecutions(db);
    const now = this.deps.now();
    let waiting = 0;
    let nextDue: number | null = null;
    let liveTasks: Set<number> | null = null;
    const picked: { row: (typeof rows)[number]; task: RunnableTask }[] = [];
    /** Tasks a run is picked for in this pump: a later row of the same task waits as if it ran already. */
    const pickedTasks = new Set<number>();
    try {
      for (const row of rows) {
        if (row.start_time > now) {
          waiting++;
          nextDue = nextDue === null ? row.start_time : Math.min(nextDue, row.start_time);
          continue;
        }
        if (!this.hasCapacity() || (pause.paused && row.trigger !== 'manual')) {
          waiting++;
          continue;
        }
        const task = this.deps.plannedTask(row.task_id) ?? (await loadTask(db, row.task_id));
        if (!task || !coordinator.runsHere(task)) continue;
        const waitsForRunning =
          row.trigger !== 'manual' &&
          (task.overlapPolicy === 'skip' ||
            task.overlapPolicy === 'queue' ||
            (row.trigger === 'catch-up' && task.overlapPolicy === 'replace'));
        let busy = waitsForRunning && (pickedTasks.has(row.task_id) || runs.ofTask(row.task_id).length > 0);
        if (waitsForRunning && !busy && coordinator.team) {
          // A run of the task on another scheduler holds this one back too (read once per pump).
          liveTasks ??= await tasksWithLiveRuns(db, now);
          busy = liveTasks.has(row.task_id);
        }
        if (busy) {
          waiting++;
          continue;
        }
        if (await this.deps.skipQueued(row)) continue; // its conditions (AC power) no longer hold
        this.reserved++;
        picked.push({ row, task });
        pickedTasks.add(row.task_id);
      }
      if (picked.length > 0) {
        const ids = picked.map((p) => p.row.id);
        const taken = await claimQueuedRows(db, ids, now, os.hostname());
        for (const { row, task } of picked) {
          if (!taken.has(row.id)) continue; // another scheduler took it, or it was cancelled meanwhile
          const env = queuedEnv(row.trigger_detail);
          runs.launch(task, row.id, row.trigger, row.scheduled_at, row.retry_count, now, row.created_at, env);
        }
      }
    } finally {
      this.reserved -= picked.length;
    }
    this.queuedCount = waiting;
    this.nextQueuedDueAt = nextDue;
  }

  /** Queued runs that can no longer start are recorded cancelled (a retry due later is kept). */
  async cancelQueuedOnShutdown(): Promise<void> {
    const now = this.deps.now();
    for (const row of await queuedExecutions(this.deps.db)) {
      if (row.trigger === 'retry' && row.start_time > now) continue;
      await endQueued(this.deps.db, row.id, 'cancelled', now, CANCEL_MESSAGES.shutdown);
    }
  }
}
