// Run control: cancel and pause, of our own runs at once and of another process's runs through a request in
// their row (remote-requests.ts), plus the requests other processes made for our runs. Also the user's
// "pause all scheduling" (with its optional end) that the planner and the run queue read.
import type { Database } from '../db/database';
import { notFound } from '../errors';
import type { CoreEvents } from '../events';
import { endQueued } from '../store/execution-writes';
import { getStatus, queuedExecutions } from '../store/executions';
import { LEASE_HEARTBEAT_MS } from './lease';
import { CANCEL_MESSAGES, type ProcessRun } from '../runner/process-run';
import { canPauseProcesses } from '../runner/process-tree';
import {
  applyRunRequests,
  cancelElsewhere,
  PAUSE_UNSUPPORTED,
  RunRowsKeeper,
  setPausedElsewhere,
} from './remote-requests';
import { TEAM_HEARTBEAT_MS } from './team';
import { emitFinishedFromRow } from './shared';

/** "Pause all": slots pass unrecorded and only manual runs start, until resumed or `until`. */
export class PauseAll {
  paused = false;
  until: number | null = null;

  set(until: number | null): void {
    this.paused = true;
    this.until = until;
  }

  clear(): void {
    this.paused = false;
    this.until = null;
  }

  /** A timed pause whose end has come is over. */
  expire(now: number): void {
    if (this.until !== null && now >= this.until) this.clear();
  }
}

export interface RunControlDeps {
  db: Database;
  events: CoreEvents;
  now: () => number;
  log: (line: string) => void;
  /** Our runs, by execution id. */
  runs: ReadonlyMap<number, ProcessRun>;
  team: boolean;
  scheduling: () => boolean;
  /** A queued execution was ended here: one less waits. */
  queueShrank: () => void;
}

export class RunControl {
  readonly pause = new PauseAll();
  /** Lease-less runs (the CLI) keep their rows' heartbeat_at fresh so that a scheduler leaves them alone. */
  private readonly rowsKeeper: RunRowsKeeper;

  constructor(private readonly deps: RunControlDeps) {
    this.rowsKeeper = new RunRowsKeeper({
      db: deps.db,
      active: deps.runs,
      now: deps.now,
      heartbeatMs: deps.team ? TEAM_HEARTBEAT_MS : LEASE_HEARTBEAT_MS,
      scheduling: deps.scheduling,
      applyRequests: () => this.applyRunRequests(),
    });
  }

  /** A run started in a process that does not schedule: keep its row alive and watch its requests. */
  keepRowsAlive(): void {
    this.rowsKeeper.start();
  }

  stop(): void {
    this.rowsKeeper.stop();
  }

  async cancel(executionId: number): Promise<{ cancelled: boolean }> {
    const { db, now } = this.deps;
    const run = this.deps.runs.get(executionId);
    if (run) {
      run.cancel('user');
      await run.done.catch(() => {}); // a failure to record is logged by ActiveRuns.launch()
      return { cancelled: true };
    }
    const row = await getStatus(db, executionId);
    if (!row) throw notFound('Execution', executionId);
    if (row.status === 'running') return cancelElsewhere(db, executionId, now);
    if (row.status !== 'queued') return { cancelled: false };
    const ok = await endQueued(db, executionId, 'cancelled', now(), CANCEL_MESSAGES.user);
    if (ok && (await emitFinishedFromRow(db, this.deps.events, executionId))) this.deps.queueShrank();
    return { cancelled: ok };
  }

  /**
   * Pauses or resumes a running execution. Ours: at once. Another process's (another machine's, `serve`'s,
   * the CLI's): a request in its row, which that process acts on within its poll (2 s at most); this waits a
   * little for the row to show it. False when the execution is not running or is already so.
   */
  async setPaused(executionId: number, paused: boolean): Promise<boolean> {
    const run = this.deps.runs.get(executionId);
    if (run) {
      if (!canPauseProcesses) throw PAUSE_UNSUPPORTED;
      return run.setPaused(paused);
    }
    if (!(await getStatus(this.deps.db, executionId))) throw notFound('Execution', executionId);
    return setPausedElsewhere(this.deps.db, executionId, paused, this.deps.now);
  }

  /** Cancels a task's running and queued executions (before it is deleted). */
  async cancelTask(taskId: number): Promise<void> {
    await this.cancelTasks([taskId]);
  }

  /** The tasks' runs are cancelled and their queued runs dropped (one queued-runs read for many tasks). */
  async cancelTasks(taskIds: readonly number[]): Promise<void> {
    const wanted = new Set(taskIds);
    const runs = [...this.deps.runs.values()].filter((r) => wanted.has(r.taskId));
    for (const run of runs) run.cancel('user');
    for (const row of await queuedExecutions(this.deps.db)) {
      if (wanted.has(row.task_id)) await this.cancel(row.id).catch(() => {});
    }
    await Promise.all(runs.map((r) => r.done.catch(() => {})));
  }

  /** Our runs that other processes asked to stop (executions.cancel, a remote `replace`), pause or resume. */
  applyRunRequests(): Promise<void> {
    return applyRunRequests(this.deps.db, this.deps.runs, this.deps.log);
  }
}
