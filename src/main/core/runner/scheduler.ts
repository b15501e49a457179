// STUB (owned by the engine work): the runner. ONE timer for all tasks; claims slots through the unique
// (task_id, scheduled_at); applies overlap, misfire, timeout, retry and concurrency policies; owns the
// running processes (through runner/executor.ts).
import type { TestRunResult } from '../../../shared/contract';
import type { SchedulerState, Trigger } from '../../../shared/types';
import type { Database } from '../db/database';
import type { CoreEvents } from '../events';
import type { ExecutionService } from '../services/execution-service';
import type { SettingsService } from '../services/settings-service';
import type { TaskService } from '../services/task-service';

export interface SchedulerDeps {
  db: Database;
  dataDir: string;
  events: CoreEvents;
  tasks: TaskService;
  executions: ExecutionService;
  settings: SettingsService;
  now: () => number;
  log: (line: string) => void;
}

export class Scheduler {
  constructor(readonly deps: SchedulerDeps) {}
  /** Recovery of a crashed run's leftovers, then the timer. */
  async start(): Promise<void> {}
  /** Stops timers; running executions get `graceMs` then are cancelled and recorded `cancelled`. */
  async stop(_graceMs = 10_000): Promise<void> {}
  /** After sleep/wake or a clock jump: re-plan and apply misfire policies. */
  resume(): void {}
  suspend(): void {}
  /** A task was created, edited, paused, enabled or deleted: re-plan it. */
  async taskChanged(_taskId: number): Promise<void> {}
  async runNow(_taskId: number, _trigger: Trigger = 'manual'): Promise<{ executionId: number }> {
    throw new Error('not implemented');
  }
  async cancel(_executionId: number): Promise<{ cancelled: boolean }> {
    throw new Error('not implemented');
  }
  /** Cancels a task's running executions (before it is deleted). */
  async cancelTask(_taskId: number): Promise<void> {}
  async testRun(_input: {
    command: string;
    workingDir?: string;
    env?: Record<string, string>;
    timeoutSeconds?: number;
  }): Promise<TestRunResult> {
    throw new Error('not implemented');
  }
  state(): SchedulerState {
    return { running: 0, queued: 0, nextRunAt: null, nextTaskId: null, pausedUntil: null, pausedAll: false };
  }
  async pauseAll(_minutes?: number): Promise<SchedulerState> {
    return this.state();
  }
  async resumeAll(): Promise<SchedulerState> {
    return this.state();
  }
  /** The upcoming runs in [now, now + horizonMs], for the dashboard timeline. */
  upcoming(_horizonMs: number): { taskId: number; taskName: string; at: number }[] {
    return [];
  }
}
