// One execution's life once its row is claimed as `running`: start the process (through the executor), feed
// progress through the throttle (events at most 10/s, database at most 1/s), collect `::result` patches, and
// write the final row. The scheduler decides WHEN to run; this decides nothing, it only runs and records.
import path from 'node:path';
import type { Execution, ExecutionStatus, Progress, Trigger } from '../../../shared/types';
import type { Database } from '../db/database';
import type { CoreEvents } from '../events';
import {
  addResultNote,
  executionResult,
  progressToResult,
  serializeResult,
  type ResultObject,
} from '../result-json';
import { updateProgress } from '../store/execution-progress';
import { finishExecution, setPausedAt, setProcessInfo } from '../store/execution-writes';
import {
  failedOutcome,
  startProcess,
  type ProcessOutcome,
  type ProgressUpdate,
  type RunningProcess,
  type StartOptions,
} from './executor';
import { allowMemoryFallback, releaseMemoryFallback, type MemoryLog } from './log-writer';
import { readOutputTail } from './output-tail';
import { ProgressThrottle } from './progress-throttle';
import { inSpawnTurn } from '../scheduler/spawn-pacer';
import type { RunnableTask } from '../scheduler/task-rows';

export type CancelReason = 'user' | 'replace' | 'shutdown' | 'condition';

export const CANCEL_MESSAGES: Record<CancelReason, string> = {
  user: 'Cancelled by the user',
  condition: 'Cancelled: a run condition of this task no longer holds',
  replace: 'Cancelled: replaced by a newer run of this task (overlap policy "replace")',
  shutdown: 'Cancelled: Cronkeeper was shutting down',
};

export interface RunContext {
  db: Database;
  dataDir: string;
  events: CoreEvents;
  now: () => number;
  log: (line: string) => void;
  logCapBytes: number;
  /** Set for runs by a process without the lease, so that the lease holder leaves the row alone. */
  heartbeat: boolean;
  /** The task's previous final status (for change-of-state notifications). */
  previousStatus: (taskId: number, executionId: number) => Promise<string | null>;
  /**
   * Starts the command in the run helper (spawner/pool.ts). Without it, or when it answers null (no helper
   * could be kept running), the command starts in this process, paced.
   */
  startProcess?: (opts: StartOptions) => Promise<RunningProcess> | null;
}

export interface RunRequest {
  executionId: number;
  task: RunnableTask;
  trigger: Trigger;
  scheduledAt: number | null;
  retryCount: number;
  startTime: number;
  createdAt: number;
  /** Triggered runs (issue #16): the upstream's id and result, the changed files. */
  extraEnv?: Record<string, string>;
}

export interface RunFinish {
  executionId: number;
  task: RunnableTask;
  status: ExecutionStatus;
  retryCount: number;
  cancelReason: CancelReason | null;
  execution: Execution;
}

/** The end of the output kept in the result of a run without a log file. */
const OUTPUT_TAIL_BYTES = 4096;

export function logPathFor(dataDir: string, taskId: number, executionId: number): string {
  return path.join(dataDir, 'logs', String(taskId), `${executionId}.log`);
}

/** The executor's report as the run keeps it: the same names, the percent within 0-100 to 0.1. */
export function toProgress(u: ProgressUpdate): Progress {
  // Field by field (no spread and delete): a job may report a hundred thousand times a second.
  const p: Progress = {};
  const percent = u.progressPercent;
  if (percent !== undefined && Number.isFinite(percent)) {
    p.progressPercent = Math.round(Math.min(100, Math.max(0, percent)) * 10) / 10;
  }
  if (u.currentStep !== undefined) p.currentStep = u.currentStep;
  if (u.totalSteps !== undefined) p.totalSteps = u.totalSteps;
  if (u.currentItem !== undefined) p.currentItem = u.currentItem;
  if (u.message !== undefined) p.message = u.message;
  return p;
}

/** Remaining seconds, assuming the rest goes as fast as what is done so far. */
export function etaSeconds(percent: number | null, elapsedMs: number): number | null {
  if (percent === null || percent <= 0 || percent >= 100) return null;
  return Math.round(((elapsedMs / 1000) * (100 - percent)) / percent);
}

/** `::result` patches: counters overwrite, `summary` objects merge one level deep. */
function mergePatch(into: ResultObject, patch: ResultObject): void {
  for (const [key, value] of Object.entries(patch)) {
    const current = into[key];
    // Every note of what was dropped counts, not only the last one.
    if (key === 'result_note' && typeof current === 'string' && typeof value === 'string') {
      addResultNote(into, value);
      continue;
    }
    const bothObjects =
      key === 'summary' && typeof current === 'object' && current && typeof value === 'object' && value;
    into[key] = bothObjects ? { ...(current as ResultObject), ...(value as ResultObject) } : value;
  }
}

export class ProcessRun {
  readonly executionId: number;
  readonly taskId: number;
  cancelReason: CancelReason | null = null;
  /** The message recorded for a `condition` cancel (why the condition stopped the run). */
  private cancelMessage: string | null = null;
  readonly done: Promise<RunFinish>;
  private cancelProcess: (() => void) | null = null;
  private handle: RunningProcess | null = null;
  /** Since when the run is paused (its process tree stopped), or null. */
  pausedAt: number | null = null;
  /** The process has ended: nothing left to pause. */
  private ended = false;
  private pid: number | null = null;
  private logPath: string | null = null;
  /** Where the output goes when the log file cannot be created: the run goes on without a file. */
  private memoryLog: MemoryLog | null = null;

  constructor(
    private readonly ctx: RunContext,
    private readonly request: RunRequest,
  ) {
    this.executionId = request.executionId;
    this.taskId = request.task.id;
    this.done = this.run();
  }

  cancel(reason: CancelReason, message: string | null = null): void {
    if (this.cancelReason) return;
    this.cancelReason = reason;
    this.cancelMessage = message;
    this.cancelProcess?.();
  }

  /**
   * Pauses (stops the process tree) or resumes the run, records it in the row and tells the listeners. False
   * when there is nothing to change: already so, not started yet, being cancelled, or ended.
   */
  async setPaused(paused: boolean): Promise<boolean> {
    const handle = this.handle;
    if (!handle || handle.pid === undefined || this.cancelReason || this.ended) return false;
    if ((this.pausedAt !== null) === paused) return false;
    handle.setPaused(paused);
    this.pausedAt = paused ? this.ctx.now() : null;
    await setPausedAt(this.ctx.db, this.executionId, this.pausedAt);
    this.ctx.events.emit('execution.pauseChanged', {
      execution: this.snapshot({ status: 'running', pausedAt: this.pausedAt }),
    });
    this.ctx.log(
      `${paused ? 'Paused' : 'Resumed'} execution ${this.executionId} of "${this.request.task.name}"`,
    );
    return true;
  }

  private async run(): Promise<RunFinish> {
    const { ctx, request } = this;
    const { task } = request;
    const logPath = logPathFor(ctx.dataDir, task.id, request.executionId);
    let progress: Progress = {};
    const patches: ResultObject = {};
    // The throttle carries the latest merged progress; the event sends it by its names, the store maps it.
    const throttle = new ProgressThrottle({
      emit: () =>
        ctx.events.emit('execution.progress', {
          executionId: request.executionId,
          taskId: task.id,
          progressPercent: progress.progressPercent ?? null,
          message: progress.message ?? null,
          currentStep: progress.currentStep ?? null,
          totalSteps: progress.totalSteps ?? null,
          currentItem: progress.currentItem ?? null,
          etaSeconds: etaSeconds(progress.progressPercent ?? null, ctx.now() - request.startTime),
        }),
      persist: async () => {
        await updateProgress(ctx.db, request.executionId, progress);
      },
      emitIntervalMs: 100,
      persistIntervalMs: 1000,
      onError: (err) => ctx.log(`Progress of execution ${request.executionId} not saved: ${String(err)}`),
    });
    let outcome: ProcessOutcome;
    this.memoryLog = allowMemoryFallback(logPath);
    try {
      // Started by the run helper, or here in a paced turn of the event loop (spawn-pacer.ts). The log folder
      // is made by the writer when it is missing; a failure there keeps the output in memory instead.
      const startOptions: StartOptions = {
        command: task.command,
        cwd: task.workingDir,
        env: {
          ...task.env,
          ...request.extraEnv,
          CRONKEEPER_TASK_ID: String(task.id),
          CRONKEEPER_EXECUTION_ID: String(request.executionId),
          CRONKEEPER_SCHEDULED_AT:
            request.scheduledAt === null ? '' : new Date(request.scheduledAt).toISOString(),
        },
        logPath,
        logCapBytes: ctx.logCapBytes,
        timeoutMs: Math.max(0, task.timeoutSeconds) * 1000,
        onProgress: (update: ProgressUpdate) => {
          progress = { ...progress, ...toProgress(update) };
          throttle.push(update);
        },
        onResult: (patch: ResultObject) => mergePatch(patches, patch),
        encoding: task.outputEncoding,
        successExitCodes: task.successExitCodes,
      };
      const handle =
        (await ctx.startProcess?.(startOptions)) ?? (await inSpawnTurn(() => startProcess(startOptions)));
      this.cancelProcess = () => void handle.cancel();
      this.handle = handle;
      if (this.cancelReason) handle.cancel();
      releaseMemoryFallback(logPath); // the writer was made by startProcess (here or in the helper)
      // pid is undefined when the spawn failed; `done` then reports why. The log file is created on the
      // first output; if it cannot be, the final record says so and drops the path (record()).
      await setProcessInfo(ctx.db, request.executionId, {
        pid: handle.pid ?? null,
        pidStartedAt: handle.pidStartedAt ?? null,
        logPath,
        heartbeatAt: ctx.heartbeat ? ctx.now() : null,
      });
      this.pid = handle.pid ?? null;
      this.logPath = logPath;
      ctx.events.emit('execution.started', { execution: this.snapshot({ status: 'running' }) });
      ctx.log(`Started "${task.name}" (execution ${request.executionId}, ${request.trigger})`);
      outcome = await handle.done;
      this.ended = true;
    } catch (err) {
      releaseMemoryFallback(logPath);
      outcome = failedOutcome(
        `Could not start the command: ${err instanceof Error ? err.message : String(err)}`,
        request.startTime,
        ctx.now(),
      );
    }
    try {
      await throttle.flush();
    } catch {
      // the final row below carries the last progress anyway
    }
    throttle.dispose();
    this.ended = true;
    this.pausedAt = null;
    return this.record(outcome, progress, patches);
  }

  /** The execution as the row now reads, built in memory (no read-back query on the hot path). */
  private snapshot(fields: Partial<Execution> & { status: ExecutionStatus }): Execution {
    const { request } = this;
    return {
      id: request.executionId,
      taskId: request.task.id,
      taskName: request.task.name,
      trigger: request.trigger,
      scheduledAt: request.scheduledAt,
      startTime: request.startTime,
      endTime: null,
      durationSeconds: null,
      exitCode: null,
      errorMessage: null,
      retryCount: request.retryCount,
      pid: this.pid,
      logPath: this.logPath,
      createdAt: request.createdAt,
      result: {},
      progress: {},
      ...fields,
    };
  }

  private async record(
    outcome: ProcessOutcome,
    progress: Progress,
    patches: ResultObject,
  ): Promise<RunFinish> {
    const { ctx, request } = this;
    const { task } = request;
    const endTime = ctx.now();
    const status: ExecutionStatus = this.cancelReason ? 'cancelled' : outcome.status;
    const logError = this.memoryLog?.reason ?? null;
    const logNote = logError === null ? null : `The log file could not be written (${logError})`;
    if (logError !== null) {
      ctx.log(`Execution ${request.executionId}: the log file could not be written (${logError})`);
      this.logPath = null; // the row's path is dropped by finishExecution below
    }
    const ended = this.cancelReason
      ? (this.cancelMessage ?? CANCEL_MESSAGES[this.cancelReason])
      : status === 'success'
        ? null
        : (outcome.errorMessage ?? `The command ended with status ${status}`);
    const errorMessage = logNote === null ? ended : ended === null ? logNote : `${ended}. ${logNote}`;
    const durationSeconds = Math.max(0, (endTime - request.startTime) / 1000);
    const success = status === 'success';
    const result: ResultObject = {
      ...progressToResult(progress),
      ...patches,
      success,
      exit_code: outcome.exitCode,
      message: errorMessage ?? progress.message ?? (patches.message as string | undefined) ?? 'Completed',
      command: task.command,
      work_dir: task.workingDir,
      duration_seconds: durationSeconds,
    };
    if (logError !== null) {
      result.log_error = logError;
      result.output_tail = this.memoryLog?.tail(OUTPUT_TAIL_BYTES) ?? '';
    }
    // Nothing on stderr: the log is stdout alone, and its last lines say why the run failed.
    const stdout =
      !success && !outcome.stderrTail.trim()
        ? this.memoryLog?.reason
          ? this.memoryLog.tail(OUTPUT_TAIL_BYTES)
          : readOutputTail(this.logPath)
        : null;
    const resultJson = serializeResult(result, { stderr: outcome.stderrTail, stdout, success });
    // Read before the final write: once the row reads final, nothing here waits on the database again, so
    // the scheduler forgets the run in the same turn (no moment where the row is final but the run active).
    const previousStatus = await ctx.previousStatus(task.id, request.executionId);
    await finishExecution(ctx.db, request.executionId, {
      status,
      endTime,
      durationSeconds,
      exitCode: outcome.exitCode,
      resultJson,
      errorMessage,
      logLost: logError !== null,
    });
    const execution = this.snapshot({
      status,
      endTime,
      durationSeconds,
      exitCode: outcome.exitCode,
      errorMessage,
      ...executionResult(resultJson),
    });
    ctx.events.emit('execution.finished', { execution, taskName: task.name, previousStatus });
    ctx.log(`Finished "${task.name}" (execution ${request.executionId}): ${status}`);
    return {
      executionId: request.executionId,
      task,
      status,
      retryCount: request.retryCount,
      cancelReason: this.cancelReason,
      execution,
    };
  }
}
