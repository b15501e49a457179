// The scheduler's side of the trigger parts (triggers/trigger-host.ts): a chain, start-up or file trigger
// asks for a run, and it goes through the task's overlap policy and the concurrency limit like any run, in
// the scheduler's one chain. A chain run is claimed with its upstream execution's id (the partial unique
// index on task_id, upstream_execution_id): a second claim, from this process or another, starts nothing.
// A power condition (onlyOnAc on battery) records the run `skipped` with the reason. In team mode a task
// pinned to another host is queued for a scheduler carrying its tag (a start-up run is not: every
// scheduler runs its own start-up tasks).
import os from 'node:os';
import type { Database } from '../db/database';
import { hasChainRun } from '../store/chain-gaps';
import { requestCancel } from '../store/execution-requests';
import { insertExecution } from '../store/execution-writes';
import { queuedExecutions } from '../store/executions';
import type { TriggeredStart, TriggerHost } from '../triggers/trigger-host';
import { loadTask, type RunnableTask } from './task-rows';
import { liveRunOfTask } from './team';
import type { ActiveRuns } from './active-runs';
import type { RunQueue } from './run-queue';
import { remoteSkippedMessage, SKIPPED_MESSAGE, type Lifecycle, type Serial } from './shared';
import type { TriggeredRow } from './triggered-env';

export interface TriggeredRunsDeps {
  db: Database;
  now: () => number;
  log: (line: string) => void;
  life: Lifecycle;
  serial: Serial;
  runs: ActiveRuns;
  queue: RunQueue;
  coordinator: { readonly team: boolean; runsHere(task: RunnableTask): boolean };
  skipReason: (taskId: number) => string | null;
  emitState: () => void;
}

export class TriggeredRuns implements TriggerHost {
  constructor(private readonly deps: TriggeredRunsDeps) {}

  async runTriggered(taskId: number, start: TriggeredStart): Promise<number | null> {
    const { db, life, coordinator } = this.deps;
    if (life.stopping) return null;
    const task = await loadTask(db, taskId);
    // A disabled or paused task is not started by its triggers (its watcher and links stay).
    if (!task || !task.enabled || task.paused) return null;
    const row: TriggeredRow = {
      upstreamExecutionId: start.upstreamExecutionId ?? null,
      detail: start.detail,
      env: start.env,
    };
    if (coordinator.team && !coordinator.runsHere(task)) {
      if (start.trigger === 'startup') return null;
      const id = await this.deps.queue.insertQueued(task, start.trigger, null, this.deps.now(), 0, row);
      return id > 0 ? id : null;
    }
    return this.deps.serial.exclusive(() => this.admit(task, start, row));
  }

  async cancelRun(executionId: number, reason: string): Promise<void> {
    this.deps.runs.runs.get(executionId)?.cancel('condition', reason);
  }

  runningExecutions(): { executionId: number; taskId: number }[] {
    return [...this.deps.runs.runs.values()].map((r) => ({ executionId: r.executionId, taskId: r.taskId }));
  }

  private async admit(task: RunnableTask, start: TriggeredStart, row: TriggeredRow): Promise<number | null> {
    const { db, runs, queue } = this.deps;
    const now = this.deps.now();
    // A chain run already claimed (the live path and the chain sweep, or two machines, both asked): nothing
    // to do, and above all no overlap policy to apply (`replace` would cancel the very run that has it).
    const upstream = row.upstreamExecutionId;
    if (upstream !== null && (await hasChainRun(db, task.id, upstream))) return null;
    const condition = this.deps.skipReason(task.id);
    if (condition) return this.recordSkipped(task, start, row, condition);
    const running = runs.ofTask(task.id);
    const remote =
      this.deps.coordinator.team && running.length === 0 && task.overlapPolicy !== 'parallel'
        ? await liveRunOfTask(db, task.id, now, new Set(runs.runs.keys()))
        : null;
    if (running.length > 0 || remote) {
      const skipped = remote ? remoteSkippedMessage(remote.host) : SKIPPED_MESSAGE;
      if (task.overlapPolicy === 'skip') return this.recordSkipped(task, start, row, skipped);
      if (task.overlapPolicy === 'queue') {
        const waiting = (await queuedExecutions(db)).some(
          (q) => q.task_id === task.id && q.trigger === start.trigger,
        );
        if (waiting) {
          return this.recordSkipped(task, start, row, `${skipped} and one run is already waiting`);
        }
        return this.queued(task, start, row, now);
      }
      if (task.overlapPolicy === 'replace') {
        for (const run of running) run.cancel('replace');
        if (remote) await requestCancel(db, remote.id, 'replace');
      }
    }
    if (!queue.hasCapacity()) return this.queued(task, start, row, now);
    const id = await queue.startNew(task, start.trigger, null, 0, row);
    return id > 0 ? id : null;
  }

  private async queued(task: RunnableTask, start: TriggeredStart, row: TriggeredRow, now: number) {
    const id = await this.deps.queue.insertQueued(task, start.trigger, null, now, 0, row);
    if (id === 0) return null;
    this.deps.queue.queuedCount++;
    this.deps.emitState();
    return id;
  }

  /** The run is recorded `skipped` with the reason (and, for a chain, this claims its upstream run). */
  private async recordSkipped(
    task: RunnableTask,
    start: TriggeredStart,
    row: TriggeredRow,
    reason: string,
  ): Promise<null> {
    const now = this.deps.now();
    await insertExecution(this.deps.db, {
      taskId: task.id,
      status: 'skipped',
      trigger: start.trigger,
      scheduledAt: null,
      startTime: now,
      endTime: now,
      errorMessage: reason,
      host: os.hostname(),
      createdAt: now,
      upstreamExecutionId: row.upstreamExecutionId,
      triggerDetail: JSON.stringify(row.detail),
    });
    this.deps.log(`Trigger (${start.trigger}): "${task.name}" skipped: ${reason}`);
    return null;
  }
}
