// What the trigger parts need from the scheduler, and nothing more: start a run that a trigger asked for
// (through the task's overlap policy and the concurrency limit, like any run), cancel a run with a reason,
// and know which runs are going. Keeping it this narrow lets each trigger be its own small part.
import type { TaskTriggers } from '../../../shared/triggers';

export type EventTrigger = 'chain' | 'startup' | 'file';

export interface TriggeredStart {
  trigger: EventTrigger;
  /** Chain runs: the upstream run. One downstream run per upstream run (a unique claim in the database). */
  upstreamExecutionId?: number;
  /** Extra environment for the run (the upstream's id and result, the changed files). */
  env: Record<string, string>;
  /** What started it, kept on the run's record (trigger_detail). */
  detail: Record<string, unknown>;
}

export interface TriggerHost {
  /** The run's id; null when nothing started (the claim was taken, the policy skipped it, not our task). */
  runTriggered(taskId: number, start: TriggeredStart): Promise<number | null>;
  /** Cancels a running execution, with the reason recorded on it. */
  cancelRun(executionId: number, reason: string): Promise<void>;
  /** The executions running in this process, with their task. */
  runningExecutions(): { executionId: number; taskId: number }[];
}

/** Loads what the trigger parts need of tasks: their triggers (and the task's name and retry limit). */
export interface TriggerTasks {
  triggersOf(taskIds: number[]): Promise<Map<number, TaskTriggers>>;
  taskInfo(taskId: number): Promise<{ name: string; maxRetries: number; enabled: boolean } | null>;
}
