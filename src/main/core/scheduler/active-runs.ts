// The runs this process has in flight: it starts each ProcessRun, keeps it until it has ended and its end
// is recorded, remembers each task's latest final status (for the finished event), and keeps the runs whose
// end could not be written (the database was down) until they can be recorded `interrupted`. stop() waits
// here for them. It decides nothing: what runs and when is the run queue's job (run-queue.ts).
import type { Trigger } from '../../../shared/types';
import type { Database } from '../db/database';
import type { CoreEvents } from '../events';
import { isDatabaseError } from './db-health';
import { previousFinalStatus } from '../store/executions';
import { ProcessRun, type CancelReason, type RunContext, type RunFinish } from '../runner/process-run';
import { recordUnrecordedRuns } from './recovery';
import type { RunnableTask } from './task-rows';
import { emitFinishedFromRow, UNRECORDED_MESSAGE } from './shared';

export interface ActiveRunsDeps {
  db: Database;
  dataDir: string;
  events: CoreEvents;
  now: () => number;
  log: (line: string) => void;
  logCapBytes: () => number;
  /** Where commands are started: the run helper (spawner/client.ts); default this process. */
  startProcess?: RunContext['startProcess'];
  /** Whether a run keeps its own row's heartbeat fresh (lease-less runs, and every run in team mode). */
  rowHeartbeat: () => boolean;
  /** A run was added (state changed). */
  launched: () => void;
  /** A run ended and its end is recorded: the retry decision (run-queue.ts). */
  finished: (finish: RunFinish) => Promise<void>;
  /** A run is gone, recorded or not: the state changed and its place may be taken. */
  ended: () => void;
  /** A database error while recording: the facade turns degraded. */
  noteError: (err: unknown, what: string) => void;
}

export class ActiveRuns {
  /** By execution id. */
  readonly runs = new Map<number, ProcessRun>();
  private readonly finishing = new Set<Promise<void>>();
  /** Runs that ended while the database was down: recorded `interrupted` once it answers again. */
  private readonly unrecorded = new Map<number, CancelReason | null>();
  /** Each task's latest final status, read once from the database and then kept current here. */
  private readonly lastFinalStatus = new Map<number, string | null>();

  constructor(private readonly deps: ActiveRunsDeps) {}

  get size(): number {
    return this.runs.size;
  }

  ofTask(taskId: number): ProcessRun[] {
    return [...this.runs.values()].filter((r) => r.taskId === taskId);
  }

  /** Keeps background work's promise so that stop() waits for it too (housekeeping). */
  track(work: Promise<void>): void {
    const tracked = work.finally(() => this.finishing.delete(tracked));
    this.finishing.add(tracked);
  }

  launch(
    task: RunnableTask,
    executionId: number,
    trigger: Trigger,
    scheduledAt: number | null,
    retryCount: number,
    startTime: number,
    createdAt: number,
    extraEnv?: Record<string, string>,
  ): void {
    const { deps } = this;
    const run = new ProcessRun(
      {
        db: deps.db,
        dataDir: deps.dataDir,
        events: deps.events,
        now: deps.now,
        log: deps.log,
        logCapBytes: deps.logCapBytes(),
        heartbeat: deps.rowHeartbeat(),
        previousStatus: (taskId, id) => this.previousStatus(taskId, id),
        startProcess: deps.startProcess,
      },
      { executionId, task, trigger, scheduledAt, retryCount, startTime, createdAt, extraEnv },
    );
    this.runs.set(executionId, run);
    deps.launched();
    const finished = run.done
      .then((finish) => this.onRunFinished(finish))
      .catch((err) => {
        deps.log(`Scheduler: recording execution ${executionId} failed: ${String(err)}`);
        if (!isDatabaseError(err)) return;
        // Recorded `interrupted` once the database answers (recordUnrecorded), not left `running` forever.
        this.unrecorded.set(executionId, run.cancelReason);
        deps.noteError(err, 'Scheduler error');
      })
      .finally(() => {
        this.runs.delete(executionId);
        this.finishing.delete(finished);
        deps.ended();
      });
    this.finishing.add(finished);
  }

  private async previousStatus(taskId: number, executionId: number): Promise<string | null> {
    const previous = this.lastFinalStatus.has(taskId)
      ? (this.lastFinalStatus.get(taskId) ?? null)
      : await previousFinalStatus(this.deps.db, taskId, executionId);
    return previous;
  }

  private async onRunFinished(finish: RunFinish): Promise<void> {
    this.runs.delete(finish.executionId);
    this.lastFinalStatus.set(finish.task.id, finish.status);
    await this.deps.finished(finish);
  }

  /** Runs whose end could not be written: `interrupted` (their outcome is lost), retried per policy. */
  async recordUnrecorded(): Promise<number[]> {
    const entries = [...this.unrecorded].filter(([id]) => !this.runs.has(id));
    this.unrecorded.clear();
    const ids = await recordUnrecordedRuns(this.deps.db, entries, this.deps.now(), UNRECORDED_MESSAGE);
    for (const id of ids) await emitFinishedFromRow(this.deps.db, this.deps.events, id);
    return ids;
  }

  /** Shutdown: runs get `graceMs`, then are cancelled; resolves when every run and tracked work is done. */
  async stopAll(graceMs: number): Promise<void> {
    // A paused run would only sit out the grace period: it is cancelled at once.
    for (const run of this.runs.values()) if (run.pausedAt !== null) run.cancel('shutdown');
    const runs = [...this.runs.values()];
    if (runs.length > 0) {
      let graceTimer: NodeJS.Timeout | undefined;
      await Promise.race([
        Promise.all(runs.map((r) => r.done.catch(() => {}))),
        new Promise((resolve) => (graceTimer = setTimeout(resolve, graceMs))),
      ]);
      clearTimeout(graceTimer);
      for (const run of this.runs.values()) run.cancel('shutdown');
      await Promise.all([...this.runs.values()].map((r) => r.done.catch(() => {})));
    }
    await Promise.all([...this.finishing]);
  }
}
