// The runner. ONE timer for all tasks: an in-memory plan (task -> next slot) and a wake at the earliest slot
// (at most 60 s away, so clock jumps and sleep are noticed). A scheduled slot is claimed by inserting its
// execution with the unique (task_id, scheduled_at): a slot never runs twice, even with two processes on
// one database. Overlap, misfire, retry and concurrency policies are applied here; the process itself is
// run by ProcessRun (through the executor). On SQLite only the holder of the data-folder lease schedules;
// on a shared PostgreSQL database (team mode) every scheduler does, and team.ts keeps runs alive or reaps them.
import os from 'node:os';
import type { TestRunResult, UpcomingTimeline } from '../../../shared/contract';
import type { SchedulerState, Settings, Trigger } from '../../../shared/types';
import type { Database } from '../db/database';
import { CronkeeperError, notFound } from '../errors';
import type { CoreEvents } from '../events';
import { missedSlotsSince, planMisfires } from '../schedule/misfire';
import { nextRunAfter } from '../schedule/schedule-math';
import { buildTimeline } from '../schedule/timeline';
import type { ExecutionService } from '../services/execution-service';
import { defaultSettings, type SettingsService } from '../services/settings-service';
import type { TaskService } from '../services/task-service';
import { DataVersionWatch } from './data-version-watch';
import { DbHealth, dropIdleConnections, errorLine, isDatabaseError, probeSqlite } from './db-health';
import {
  claimQueued,
  endQueued,
  getExecution,
  getStatus,
  insertExecution,
  previousFinalStatus,
  type NewExecution,
  queuedExecutions,
  requestCancel,
} from './execution-store';
import { Housekeeping } from './housekeeping';
import { isLive, LEASE_HEARTBEAT_MS, readLease, SchedulerLease } from './lease';
import { recordMissedSlots } from './missed-slots';
import { CANCEL_MESSAGES, ProcessRun, type CancelReason, type RunFinish } from './process-run';
import { canPauseProcesses } from './process-tree';
import { recordUnrecordedRuns, recoverOrphans } from './recovery';
import { retryDelayMs, shouldRetry } from './retry';
import { linkRetry } from '../store/retry-links';
import {
  announceTaskChanges,
  loadSchedulableTasks,
  loadTask,
  taskVersions,
  writeSlotTimes,
  type RunnableTask,
  type SlotTimes,
} from './task-rows';
import {
  anyLiveScheduler,
  leaveTeam,
  liveRunOfTask,
  reapDeadRuns,
  removeDeadSchedulers,
  tasksWithLiveRuns,
  TEAM_HEARTBEAT_MS,
  TEAM_STALE_MS,
  teamHeartbeat,
} from './team';
import {
  applyRunRequests,
  cancelElsewhere,
  PAUSE_UNSUPPORTED,
  RunRowsKeeper,
  setPausedElsewhere,
} from './remote-requests';
import { SlotClaims } from './slot-claims';
import { testRun, type TestRunInput } from './test-run';
import { WakeTimer } from './timer';
import { upcomingRuns } from './upcoming';

export { MISSED_MESSAGE } from './missed-slots';

export interface SchedulerDeps {
  db: Database;
  dataDir: string;
  events: CoreEvents;
  tasks: TaskService;
  executions: ExecutionService;
  settings: SettingsService;
  now: () => number;
  log: (line: string) => void;
  /** false: a one-shot core (the CLI): start() takes no lease and schedules nothing. Default true. */
  schedule?: boolean;
  /** Team mode: the tags of the pinned tasks this scheduler runs (default: the host name). */
  hostTags?: string[];
  /**
   * Team mode: re-measures the server's time if the local clock stepped since the last measure. Awaited
   * before each tick and each reaper pass, so that neither acts on a clock an NTP step just moved.
   */
  resyncClock?: () => Promise<void>;
  /** Called when a wake or clock jump is handled (the system time zone is re-read: system-zone.ts). */
  onClockJump?: () => void;
}

export const SKIPPED_MESSAGE = 'Skipped: the previous run of this task was still going';
/** A skipped slot whose task was running on another scheduler (team mode). */
export const remoteSkippedMessage = (host: string | null) =>
  `${SKIPPED_MESSAGE} on host ${host ?? 'unknown'}`;
/** How late a slot may fire during normal operation and still count as on time (not a misfire). */
export const ON_TIME_MS = 5_000;
/** run-all catches up at most this many slots. */
export const MAX_RUN_ALL = 10;
/** A run whose end could not be recorded (the database was down) is recorded interrupted with this. */
export const UNRECORDED_MESSAGE =
  'Interrupted: this run ended while the database was unavailable, so its outcome could not be recorded';

interface Planned {
  task: RunnableTask;
  /** The newest slot handled (run, queued, skipped or missed); slots after it are still to come. */
  lastSlotAt: number;
  nextAt: number | null;
}

type TickMode = 'tick' | 'recover';

export class Scheduler {
  private readonly plan = new Map<number, Planned>();
  private readonly active = new Map<number, ProcessRun>();
  private readonly finishing = new Set<Promise<void>>();
  private readonly dirty = new Map<number, SlotTimes>();
  private readonly lease: SchedulerLease;
  private readonly timer: WakeTimer;
  private readonly watch: DataVersionWatch;
  private heartbeatHandle: NodeJS.Timeout | null = null;
  private heartbeatRun: Promise<void> = Promise.resolve();
  /** Lease-less runs (the CLI) keep their rows' heartbeat_at fresh so that a scheduler leaves them alone. */
  private readonly rowsKeeper: RunRowsKeeper;
  /** updated_at of every task, to tell the UI which tasks another process changed. */
  private knownTaskVersions: Map<number, number> | null = null;
  private chain: Promise<unknown> = Promise.resolve();
  private scheduling = false;
  private suspended = false;
  private stopping = false;
  private reserved = 0;
  private pumpPending = false;
  private queuedCount = 0;
  private nextQueuedDueAt: number | null = null;
  private pausedAll = false;
  private pausedUntil: number | null = null;
  private settingsCache: Settings = defaultSettings();
  private readonly housekeeping: Housekeeping;
  private readonly health: DbHealth;
  /** Runs that ended while the database was down: recorded `interrupted` once it answers again. */
  private readonly unrecorded = new Map<number, CancelReason | null>();
  /** Team mode: after an outage nobody's heartbeats were written; no reaping until they could be again. */
  private reapNotBefore = 0;
  /** Set by the outage recovery so that its own tick runs while the state still says degraded. */
  private recovering = false;
  private haltReason: ((reason: string) => void) | null = null;
  /** Settles with the reason when scheduling stops without stop() (another scheduler took the folder). */
  readonly halted = new Promise<string>((resolve) => (this.haltReason = resolve));
  private lastStateJson = '';
  private readonly claims: SlotClaims;
  /** Each task's latest final status, read once from the database and then kept current here. */
  private readonly lastFinalStatus = new Map<number, string | null>();
  /** A shared PostgreSQL database: no lease, every scheduler claims slots (see team.ts). */
  private readonly team: boolean;
  private readonly hostTags: ReadonlySet<string>;

  constructor(readonly deps: SchedulerDeps) {
    this.team = deps.db.dialect.name === 'postgres';
    this.hostTags = new Set(deps.hostTags?.length ? deps.hostTags : [os.hostname()]);
    this.lease = new SchedulerLease(deps.db, deps.now);
    this.claims = new SlotClaims(deps.db);
    this.rowsKeeper = new RunRowsKeeper({
      db: deps.db,
      active: this.active,
      now: deps.now,
      heartbeatMs: this.team ? TEAM_HEARTBEAT_MS : LEASE_HEARTBEAT_MS,
      scheduling: () => this.scheduling,
      applyRequests: () => this.applyRunRequests(),
    });
    this.timer = new WakeTimer(
      (jumped) => this.background(() => this.onWake(jumped)),
      deps.now,
      deps.resyncClock,
    );
    this.watch = new DataVersionWatch(
      deps.db,
      () => this.exclusive(() => this.onExternalChange()),
      (err) => this.noteError(err, 'Scheduler: data watch failed'),
    );
    this.housekeeping = new Housekeeping({
      db: deps.db,
      dataDir: deps.dataDir,
      log: deps.log,
      settings: () => this.settingsCache,
      track: (work) => {
        const tracked = work.finally(() => this.finishing.delete(tracked));
        this.finishing.add(tracked);
      },
    });
    this.health = new DbHealth({
      now: deps.now,
      log: deps.log,
      recover: () => this.exclusive(() => this.recoverFromOutage()),
      // Team mode reads (no heartbeat on purpose); SQLite writes the lease row (reads work on a full disk).
      probe: () =>
        this.team
          ? this.deps.db.sequelize.query('SELECT 1')
          : probeSqlite(deps.dataDir, () => this.lease.heartbeat()),
      onChange: () => this.emitState(),
    });
  }

  /** Takes the data-folder lease, recovers a crashed run's leftovers, applies misfires, then the timer. */
  async start(): Promise<void> {
    if (this.scheduling || this.deps.schedule === false) return;
    this.stopping = false;
    this.health.open();
    if (this.team) await teamHeartbeat(this.deps.db, this.lease.holder, [], this.deps.now());
    else await this.lease.acquire();
    this.scheduling = true;
    await this.refreshSettings();
    // Team mode: other schedulers' runs and queued rows are theirs or anyone's; only dead runs are reaped.
    if (this.team) await this.reap();
    else await recoverOrphans(this.deps.db, this.deps.now(), { log: this.deps.log });
    this.timer.start();
    await this.exclusive(async () => {
      await this.replanAll('recover');
      await this.tick('recover');
    });
    this.knownTaskVersions = await taskVersions(this.deps.db);
    await this.watch.start();
    this.heartbeatHandle = setInterval(
      () => {
        this.heartbeatRun = this.heartbeat();
      },
      this.team ? TEAM_HEARTBEAT_MS : LEASE_HEARTBEAT_MS,
    );
    this.heartbeatHandle.unref?.();
    this.deps.log('Scheduler started');
  }

  /** Stops timers; running executions get `graceMs` then are cancelled and recorded `cancelled`. */
  async stop(graceMs = 10_000): Promise<void> {
    this.stopping = true;
    this.health.close();
    this.timer.stop();
    this.watch.stop();
    if (this.heartbeatHandle) clearInterval(this.heartbeatHandle);
    this.heartbeatHandle = null;
    this.rowsKeeper.stop();
    await this.heartbeatRun;
    await this.chain.catch(() => {});
    // A paused run would only sit out the grace period: it is cancelled at once.
    for (const run of this.active.values()) if (run.pausedAt !== null) run.cancel('shutdown');
    const runs = [...this.active.values()];
    if (runs.length > 0) {
      let graceTimer: NodeJS.Timeout | undefined;
      await Promise.race([
        Promise.all(runs.map((r) => r.done.catch(() => {}))),
        new Promise((resolve) => (graceTimer = setTimeout(resolve, graceMs))),
      ]);
      clearTimeout(graceTimer);
      for (const run of this.active.values()) run.cancel('shutdown');
      await Promise.all([...this.active.values()].map((r) => r.done.catch(() => {})));
    }
    await Promise.all([...this.finishing]);
    if (this.scheduling && this.team) {
      // Queued runs stay queued: another scheduler of the team (or our next start) runs them.
      await this.flushSlotTimes();
      await leaveTeam(this.deps.db, this.lease.holder);
    } else if (this.scheduling) {
      await this.cancelQueuedOnShutdown();
      await this.flushSlotTimes();
      await this.lease.release();
    }
    this.scheduling = false;
  }

  /** After sleep/wake: re-plan and apply misfire policies. */
  resume(): void {
    this.suspended = false;
    if (!this.scheduling || this.stopping) return;
    this.timer.start();
    this.background(() => this.onWake(true));
  }

  /** Before sleep: no timer while the machine is suspended. */
  suspend(): void {
    this.suspended = true;
    this.timer.stop();
  }

  /** A task was created, edited, paused, enabled or deleted: re-plan it. */
  async taskChanged(taskId: number): Promise<void> {
    if (!this.scheduling || this.stopping) return;
    await this.exclusive(async () => {
      const task = await loadTask(this.deps.db, taskId);
      this.planTask(taskId, task, 'change');
      await this.tick('tick');
    });
  }

  async runNow(taskId: number, trigger: Trigger = 'manual'): Promise<{ executionId: number }> {
    const task = await loadTask(this.deps.db, taskId);
    if (!task) throw notFound('Task', taskId);
    if (this.stopping) throw new CronkeeperError('CONFLICT', 'Cronkeeper is shutting down');
    const now = this.deps.now();
    if (this.team && (!this.scheduling || !this.runsHere(task))) {
      // Team mode: a queued row is claimed by exactly one scheduler that may run the task.
      if (!this.runsHere(task) || (await anyLiveScheduler(this.deps.db, now))) {
        return { executionId: await this.insertQueued(task, trigger, null, now, 0) };
      }
      return { executionId: await this.startNew(task, trigger, null, 0) };
    }
    if (!this.scheduling) {
      // Not the scheduler: if a live one holds the data folder, hand the run to it.
      const lease = await readLease(this.deps.db);
      if (lease && lease.holder !== this.lease.holder && isLive(lease, now)) {
        const id = await this.insertQueued(task, trigger, null, now, 0);
        return { executionId: id };
      }
      return { executionId: await this.startNew(task, trigger, null, 0) };
    }
    return this.exclusive(async () => {
      if (!this.hasCapacity()) {
        const id = await this.insertQueued(task, trigger, null, now, 0);
        this.queuedCount++;
        this.emitState();
        return { executionId: id };
      }
      return { executionId: await this.startNew(task, trigger, null, 0) };
    });
  }

  async cancel(executionId: number): Promise<{ cancelled: boolean }> {
    const run = this.active.get(executionId);
    if (run) {
      run.cancel('user');
      await run.done.catch(() => {}); // a failure to record is logged by launch()
      return { cancelled: true };
    }
    const row = await getStatus(this.deps.db, executionId);
    if (!row) throw notFound('Execution', executionId);
    if (row.status === 'running') return cancelElsewhere(this.deps.db, executionId, this.deps.now);
    if (row.status !== 'queued') return { cancelled: false };
    const ok = await endQueued(this.deps.db, executionId, 'cancelled', this.deps.now(), CANCEL_MESSAGES.user);
    if (ok) await this.emitQueuedEnded(executionId);
    return { cancelled: ok };
  }

  /**
   * Pauses or resumes a running execution. Ours: at once. Another process's (another machine's, `serve`'s,
   * the CLI's): a request in its row, which that process acts on within its poll (2 s at most); this waits a
   * little for the row to show it. False when the execution is not running or is already so.
   */
  async setPaused(executionId: number, paused: boolean): Promise<boolean> {
    const run = this.active.get(executionId);
    if (run) {
      if (!canPauseProcesses) throw PAUSE_UNSUPPORTED;
      return run.setPaused(paused);
    }
    if (!(await getStatus(this.deps.db, executionId))) throw notFound('Execution', executionId);
    return setPausedElsewhere(this.deps.db, executionId, paused, this.deps.now);
  }

  /** Our runs that other processes asked to stop (executions.cancel, a remote `replace`), pause or resume. */
  private applyRunRequests(): Promise<void> {
    return applyRunRequests(this.deps.db, this.active, this.deps.log);
  }

  /** Cancels a task's running and queued executions (before it is deleted). */
  async cancelTask(taskId: number): Promise<void> {
    const runs = [...this.active.values()].filter((r) => r.taskId === taskId);
    for (const run of runs) run.cancel('user');
    for (const row of await queuedExecutions(this.deps.db)) {
      if (row.task_id === taskId) await this.cancel(row.id).catch(() => {});
    }
    await Promise.all(runs.map((r) => r.done.catch(() => {})));
  }

  /** Runs a command once, into a temp log, without recording it in the history. */
  async testRun(input: TestRunInput): Promise<TestRunResult> {
    return testRun(input, this.settingsCache.logSizeCapBytes);
  }

  state(): SchedulerState {
    let nextRunAt: number | null = null;
    let nextTaskId: number | null = null;
    for (const [taskId, p] of this.plan) {
      if (p.nextAt !== null && (nextRunAt === null || p.nextAt < nextRunAt)) {
        nextRunAt = p.nextAt;
        nextTaskId = taskId;
      }
    }
    return {
      running: this.active.size,
      queued: this.queuedCount,
      nextRunAt,
      nextTaskId,
      pausedUntil: this.pausedUntil,
      pausedAll: this.pausedAll,
      ...this.health.status(),
    };
  }

  async pauseAll(minutes?: number): Promise<SchedulerState> {
    this.pausedAll = true;
    this.pausedUntil = minutes ? this.deps.now() + minutes * 60_000 : null;
    this.rearm();
    this.emitState();
    return this.state();
  }

  async resumeAll(): Promise<SchedulerState> {
    this.pausedAll = false;
    this.pausedUntil = null;
    if (this.scheduling) await this.exclusive(() => this.tick('tick'));
    this.emitState();
    return this.state();
  }

  /** The upcoming runs in [now, now + horizonMs], for the dashboard timeline. */
  upcoming(horizonMs: number): { taskId: number; taskName: string; at: number }[] {
    return upcomingRuns(this.plan.values(), this.deps.now(), horizonMs);
  }

  /** The dashboard's timeline: one row per task with the soonest runs (see schedule/timeline.ts). */
  timeline(horizonMs: number): UpcomingTimeline {
    return buildTimeline(this.plan.values(), this.deps.now(), horizonMs);
  }

  /** The settings changed (concurrency limit, retention, log cap): take them into account. */
  async settingsChanged(): Promise<void> {
    await this.refreshSettings();
    if (this.scheduling && !this.stopping) await this.exclusive(() => this.pump());
  }

  // ---- planning ------------------------------------------------------------------------------------------

  /** Serializes planning, firing and pumping: one at a time, in call order. */
  private exclusive<T>(fn: () => Promise<T>): Promise<T> {
    const result = this.chain.then(fn, fn);
    this.chain = result.catch((err) => this.noteError(err, 'Scheduler error'));
    return result;
  }

  /**
   * A database error makes the scheduler degraded (db-health.ts retries, then re-plans); anything else is
   * logged and the scheduler goes on (every tick re-arms its timer whatever happened).
   */
  private noteError(err: unknown, what: string): void {
    if (isDatabaseError(err) && this.scheduling && !this.stopping) {
      this.timer.stop();
      this.health.failed(err);
      return;
    }
    if (!this.health.degraded) this.deps.log(`${what}: ${String(err)}`);
  }

  /**
   * A retry of db-health.ts: the database may answer again. Team mode: re-check our claims first (runs another
   * scheduler reaped while we could not heartbeat are stopped here). SQLite: make sure the data-folder lease
   * is still ours. Then record what ended meanwhile, re-plan and tick: slots that passed follow their task's
   * misfire policy with the outage as their reason.
   */
  private async recoverFromOutage(): Promise<void> {
    if (!this.scheduling || this.stopping || !this.health.degraded) return;
    this.health.beginAttempt();
    if (this.team) {
      await dropIdleConnections(this.deps.db.sequelize);
      await this.checkTeamClaims();
      this.reapNotBefore = this.deps.now() + TEAM_STALE_MS + TEAM_HEARTBEAT_MS;
    } else if (!(await this.lease.heartbeat()) && !(await this.lease.tryAcquire())) {
      this.halt('another scheduler took over this data folder while the database was unavailable');
      return;
    }
    await this.recordUnrecorded();
    await this.refreshSettings();
    this.recovering = true;
    try {
      await this.replanAll('recover');
      this.timer.start();
      await this.tick('tick');
    } finally {
      this.recovering = false;
    }
    this.health.recovered();
    this.rearm();
    this.emitState();
  }

  /** Runs whose end could not be written: `interrupted` (their outcome is lost), retried per policy. */
  private async recordUnrecorded(): Promise<void> {
    const entries = [...this.unrecorded].filter(([id]) => !this.active.has(id));
    this.unrecorded.clear();
    const ids = await recordUnrecordedRuns(this.deps.db, entries, this.deps.now(), UNRECORDED_MESSAGE);
    for (const id of ids) await this.emitFinishedFromRow(id);
  }

  /** Scheduling stops for good (not through stop()): the process running us decides what to do. */
  private halt(reason: string): void {
    this.deps.log(`Scheduler stopped: ${reason}`);
    this.scheduling = false;
    this.health.close();
    this.timer.stop();
    this.watch.stop();
    this.haltReason?.(reason);
  }

  /** Like exclusive, for callers that do not wait: the error is logged (by the chain), never unhandled. */
  private background(fn: () => Promise<void>): void {
    this.exclusive(fn).catch(() => {});
  }

  /** A run ended: start what waits. Many endings at once share one pump. */
  private schedulePump(): void {
    if (!this.scheduling || this.stopping || this.pumpPending) return;
    this.pumpPending = true;
    this.background(async () => {
      this.pumpPending = false;
      await this.pump();
      this.rearm();
      this.emitState();
    });
  }

  /**
   * Puts one task in the plan (or takes it out). `recover` (start, resume): keep its last slot so that missed
   * slots are found. `change`: a task new to the plan (created, resumed, enabled) starts from now, and a
   * changed schedule does not catch up slots of the old one.
   */
  private planTask(taskId: number, task: RunnableTask | null, mode: 'recover' | 'change'): void {
    const now = this.deps.now();
    if (!task || !task.schedulable || !this.runsHere(task)) {
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
      this.dirty.set(taskId, { lastSlotAt, nextRunAt: nextAt !== null && nextAt < now ? now : nextAt });
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

  private async onWake(clockJumped: boolean): Promise<void> {
    if (!this.scheduling || this.stopping) return;
    if (clockJumped) {
      this.deps.log('Scheduler: clock jump or wake detected, re-planning');
      this.deps.onClockJump?.();
      const now = this.deps.now();
      for (const p of this.plan.values()) {
        if (p.lastSlotAt > now + ON_TIME_MS) {
          p.lastSlotAt = now;
          p.nextAt = nextRunAfter(p.task.cronExpression, p.task.timezone, now);
          this.dirty.set(p.task.id, { lastSlotAt: now, nextRunAt: p.nextAt });
        }
      }
    }
    await this.tick(clockJumped ? 'recover' : 'tick');
  }

  private async onExternalChange(): Promise<void> {
    if (!this.scheduling || this.stopping) return;
    await this.applyRunRequests();
    await this.refreshSettings();
    const versions = await taskVersions(this.deps.db);
    announceTaskChanges(this.knownTaskVersions, versions, this.deps.events);
    this.knownTaskVersions = versions;
    await this.replanAll('change');
    await this.tick('tick');
  }

  /** Fires every due slot, writes the plan's times, starts what the queue allows, re-arms the timer. */
  private async tick(mode: TickMode): Promise<void> {
    if (!this.scheduling || this.stopping) return;
    if (this.health.degraded && !this.recovering) return; // db-health.ts retries, then ticks
    try {
      await this.deps
        .resyncClock?.()
        .catch((err) => this.deps.log(`Team: clock resync failed: ${String(err)}`));
      const now = this.deps.now();
      if (this.pausedUntil !== null && now >= this.pausedUntil) {
        this.pausedAll = false;
        this.pausedUntil = null;
      }
      const due = [...this.plan.values()].filter((p) => p.nextAt !== null && p.nextAt <= now);
      // One task's failure does not stop the others; a database error is raised once all have tried.
      const fired = await Promise.allSettled(due.map((p) => this.fireDue(p, now, mode)));
      const dbError = fired.find((r) => r.status === 'rejected');
      if (dbError) throw (dbError as PromiseRejectedResult).reason;
      await this.flushSlotTimes();
      await this.pump();
      this.housekeeping.maybeRun(now);
    } finally {
      // Whatever happened, the timer is armed again (while degraded, db-health.ts's retry is the wake).
      this.rearm();
      this.emitState();
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
        this.dirty.set(p.task.id, { lastSlotAt: before.lastSlotAt, nextRunAt: before.nextAt });
        throw err;
      }
      const message = `Failed: Cronkeeper could not run this slot: ${errorLine(err)}`;
      this.deps.log(`Scheduler: task "${p.task.name}" could not be fired: ${errorLine(err)}`);
      await this.recordSlot(p.task, p.lastSlotAt, 'failed', message).catch((e) => {
        if (isDatabaseError(e)) throw e;
      });
    }
  }

  private async fireSlots(p: Planned, now: number, mode: TickMode): Promise<void> {
    const { task } = p;
    const { slots } = missedSlotsSince(task.cronExpression, task.timezone, p.lastSlotAt, now);
    p.lastSlotAt = slots.length > 0 ? slots[slots.length - 1] : now;
    p.nextAt = nextRunAfter(task.cronExpression, task.timezone, Math.max(now, p.lastSlotAt));
    this.dirty.set(task.id, { lastSlotAt: p.lastSlotAt, nextRunAt: p.nextAt });
    if (this.pausedAll) return; // paused by the user: slots pass unrecorded
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
        outageOf: (slot) => this.health.outageOf(slot, ON_TIME_MS),
        record: (slot, message) => this.recordSlot(task, slot, 'missed', message),
        log: this.deps.log,
      });
      for (const { slot, trigger } of plan.run) await this.fireSlot(task, slot, trigger);
    }
    for (const slot of onTime) await this.fireSlot(task, slot, 'schedule');
  }

  /** One slot to run: overlap policy, then the concurrency limit, then the claim. */
  private async fireSlot(task: RunnableTask, slot: number, trigger: Trigger): Promise<void> {
    const now = this.deps.now();
    const runningOfTask = [...this.active.values()].filter((r) => r.taskId === task.id);
    // Team mode: another scheduler's live run of the task counts as if it were ours (one query, only when we
    // run none of the task and the policy cares). SQLite has a single scheduler: no statement here.
    const remote =
      this.team && runningOfTask.length === 0 && task.overlapPolicy !== 'parallel'
        ? await liveRunOfTask(this.deps.db, task.id, now, new Set(this.active.keys()))
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
        await requestCancel(this.deps.db, remote.id, 'replace');
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

  /** Records a slot that did not run (skipped, missed); a slot someone else already holds is left alone. */
  private async recordSlot(
    task: RunnableTask,
    slot: number,
    status: 'skipped' | 'missed' | 'failed',
    message: string,
  ) {
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

  private async insertQueued(
    task: RunnableTask,
    trigger: Trigger,
    slot: number | null,
    dueAt: number,
    retryCount: number,
  ): Promise<number> {
    const id = await this.insertRow({
      taskId: task.id,
      status: 'queued',
      trigger,
      scheduledAt: slot,
      startTime: dueAt,
      retryCount,
      createdAt: this.deps.now(),
    });
    return id ?? 0;
  }

  /** A slot's row goes through the batched claim; a manual or retry run (no slot) is inserted alone. */
  private insertRow(row: NewExecution): Promise<number | null> {
    return row.scheduledAt === null ? insertExecution(this.deps.db, row) : this.claims.claim(row);
  }

  private hasCapacity(): boolean {
    return this.active.size + this.reserved < Math.max(1, this.settingsCache.concurrencyLimit);
  }

  /** Inserts (claims) a running execution and starts it; returns its id (0 when the slot was taken). */
  private async startNew(task: RunnableTask, trigger: Trigger, slot: number | null, retryCount: number) {
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
      });
      if (id === null) return 0; // another scheduler claimed this slot
      this.launch(task, id, trigger, slot, retryCount, startTime, startTime);
      return id;
    } finally {
      this.reserved--;
    }
  }

  private launch(
    task: RunnableTask,
    executionId: number,
    trigger: Trigger,
    scheduledAt: number | null,
    retryCount: number,
    startTime: number,
    createdAt: number,
  ): void {
    const run = new ProcessRun(
      {
        db: this.deps.db,
        dataDir: this.deps.dataDir,
        events: this.deps.events,
        now: this.deps.now,
        log: this.deps.log,
        logCapBytes: this.settingsCache.logSizeCapBytes,
        heartbeat: !this.scheduling || this.team,
        previousStatus: (taskId, id) => this.previousStatus(taskId, id),
      },
      { executionId, task, trigger, scheduledAt, retryCount, startTime, createdAt },
    );
    this.active.set(executionId, run);
    if (!this.scheduling) this.rowsKeeper.start();
    this.emitState();
    const finished = run.done
      .then((finish) => this.onRunFinished(finish))
      .catch((err) => {
        this.deps.log(`Scheduler: recording execution ${executionId} failed: ${String(err)}`);
        if (!isDatabaseError(err)) return;
        // Recorded `interrupted` once the database answers (recordUnrecorded), not left `running` forever.
        this.unrecorded.set(executionId, run.cancelReason);
        this.noteError(err, 'Scheduler error');
      })
      .finally(() => {
        this.active.delete(executionId);
        this.finishing.delete(finished);
        this.emitState();
        this.schedulePump();
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
    this.active.delete(finish.executionId);
    this.housekeeping.runFinished();
    this.lastFinalStatus.set(finish.task.id, finish.status);
    if (!shouldRetry(finish.status, finish.retryCount, finish.task.maxRetries, finish.cancelReason !== null))
      return;
    // The task may have changed (or gone) while it ran: decide on its current settings.
    const task = await loadTask(this.deps.db, finish.task.id);
    if (!task) return;
    if (shouldRetry(finish.status, finish.retryCount, task.maxRetries, finish.cancelReason !== null)) {
      const dueAt = this.deps.now() + retryDelayMs(task.retryDelaySeconds, finish.retryCount);
      const retryId = await this.insertQueued(task, 'retry', null, dueAt, finish.retryCount + 1);
      await linkRetry(this.deps.db, retryId, finish.executionId); // store/retry-links.ts
      this.deps.log(
        `Retry ${finish.retryCount + 1} of ${task.maxRetries} for "${task.name}" at ${new Date(dueAt).toISOString()}`,
      );
    }
  }

  /**
   * Starts queued executions, oldest first, while the concurrency limit allows: runs that waited for a slot,
   * for their task's previous run (overlap `queue`), retries that are due, and manual runs queued by another
   * process (the CLI). Counts what keeps waiting, and when the next retry is due.
   */
  private async pump(): Promise<void> {
    if (!this.scheduling || this.stopping) return;
    const rows = await queuedExecutions(this.deps.db);
    const now = this.deps.now();
    let waiting = 0;
    let nextDue: number | null = null;
    let liveTasks: Set<number> | null = null;
    for (const row of rows) {
      if (row.start_time > now) {
        waiting++;
        nextDue = nextDue === null ? row.start_time : Math.min(nextDue, row.start_time);
        continue;
      }
      if (!this.hasCapacity() || (this.pausedAll && row.trigger !== 'manual')) {
        waiting++;
        continue;
      }
      const task = this.plan.get(row.task_id)?.task ?? (await loadTask(this.deps.db, row.task_id));
      if (!task || !this.runsHere(task)) continue;
      const waitsForRunning =
        row.trigger !== 'manual' &&
        (task.overlapPolicy === 'skip' ||
          task.overlapPolicy === 'queue' ||
          (row.trigger === 'catch-up' && task.overlapPolicy === 'replace'));
      let busy = waitsForRunning && [...this.active.values()].some((r) => r.taskId === row.task_id);
      if (waitsForRunning && !busy && this.team) {
        // A run of the task on another scheduler holds this one back too (read once per pump).
        liveTasks ??= await tasksWithLiveRuns(this.deps.db, now);
        busy = liveTasks.has(row.task_id);
      }
      if (busy) {
        waiting++;
        continue;
      }
      this.reserved++;
      try {
        if (await claimQueued(this.deps.db, row.id, now, os.hostname())) {
          this.launch(task, row.id, row.trigger, row.scheduled_at, row.retry_count, now, row.created_at);
        }
      } finally {
        this.reserved--;
      }
    }
    this.queuedCount = waiting;
    this.nextQueuedDueAt = nextDue;
  }

  private rearm(): void {
    if (!this.scheduling || this.stopping || this.suspended || this.health.degraded) return;
    let at: number | null = this.nextQueuedDueAt;
    for (const p of this.plan.values()) {
      if (p.nextAt !== null && (at === null || p.nextAt < at)) at = p.nextAt;
    }
    if (this.pausedUntil !== null && (at === null || this.pausedUntil < at)) at = this.pausedUntil;
    this.timer.armFor(at);
  }

  private async flushSlotTimes(): Promise<void> {
    if (this.dirty.size === 0) return;
    const batch = new Map(this.dirty);
    this.dirty.clear();
    await writeSlotTimes(this.deps.db, batch);
  }

  // ---- housekeeping --------------------------------------------------------------------------------------

  /** Whether this scheduler may run the task: unpinned, or pinned to one of our host tags. */
  private runsHere(task: RunnableTask): boolean {
    return task.hostTag === null || this.hostTags.has(task.hostTag);
  }

  /** Team mode: interrupts the runs of dead schedulers (with their retries), then lets the pump see them. */
  private async reap(): Promise<void> {
    // Just after an outage nobody could heartbeat: give every scheduler the time to do so again.
    if (this.deps.now() < this.reapNotBefore) return;
    await removeDeadSchedulers(this.deps.db, this.deps.now());
    const reaped = await reapDeadRuns(this.deps.db, this.deps.now(), {
      exclude: new Set(this.active.keys()),
      log: this.deps.log,
    });
    for (const run of reaped) await this.emitFinishedFromRow(run.id);
    if (reaped.some((r) => r.retryId !== null) && this.scheduling) {
      this.background(async () => {
        await this.pump();
        this.rearm();
        this.emitState();
      });
    }
  }

  /**
   * Team mode: our presence row and our runs' heartbeats; runs another scheduler reaped while we stalled (or
   * could not reach the database) are stopped here, since their retry may already run elsewhere (the row
   * keeps the reaper's `interrupted`, see finishExecution).
   */
  private async checkTeamClaims(): Promise<void> {
    const ids = [...this.active.keys()];
    const lost = await teamHeartbeat(this.deps.db, this.lease.holder, ids, this.deps.now());
    for (const id of lost) {
      this.deps.log(`Team: execution ${id} was marked interrupted by another scheduler; stopping it here`);
      this.active.get(id)?.cancel('shutdown');
    }
  }

  private async heartbeat(): Promise<void> {
    // Degraded: no heartbeat on purpose, so that other schedulers may take our runs over (team mode).
    if (!this.scheduling || this.stopping || this.health.degraded) return;
    if (this.team) {
      try {
        // A failed resync skips this pass: no reaping on a clock that may be an hour off.
        await this.deps.resyncClock?.();
        await this.checkTeamClaims();
        await this.applyRunRequests();
        await this.reap();
      } catch (err) {
        this.noteError(err, 'Scheduler: team heartbeat failed');
      }
      return;
    }
    try {
      if (!(await this.lease.heartbeat())) {
        // We stalled long enough for the lease to go stale; take it back unless another scheduler has it.
        if (this.stopping) return;
        if (!(await this.lease.tryAcquire())) {
          this.halt('another scheduler took over this data folder');
          return;
        }
      }
      // Runs of processes without the lease (`cronkeeper task run`) whose process died.
      const recovered = await recoverOrphans(this.deps.db, this.deps.now(), {
        exclude: new Set(this.active.keys()),
        onlyStaleRuns: true,
        log: this.deps.log,
      });
      if (recovered.retries.length > 0) this.schedulePump();
    } catch (err) {
      this.noteError(err, 'Scheduler: heartbeat failed');
    }
  }

  private async refreshSettings(): Promise<void> {
    try {
      this.settingsCache = await this.deps.settings.get();
    } catch (err) {
      this.deps.log(`Scheduler: could not read settings, using defaults: ${String(err)}`);
    }
  }

  /** Queued runs that can no longer start are recorded cancelled (a retry due later is kept). */
  private async cancelQueuedOnShutdown(): Promise<void> {
    const now = this.deps.now();
    for (const row of await queuedExecutions(this.deps.db)) {
      if (row.trigger === 'retry' && row.start_time > now) continue;
      await endQueued(this.deps.db, row.id, 'cancelled', now, CANCEL_MESSAGES.shutdown);
    }
  }

  /** execution.finished for a run that ended without this process running it (queued, or reaped). */
  private async emitFinishedFromRow(executionId: number): Promise<boolean> {
    const execution = await getExecution(this.deps.db, executionId);
    if (!execution) return false;
    // The row carries the task's name (EXECUTION_COLUMNS).
    this.deps.events.emit('execution.finished', {
      execution,
      taskName: execution.taskName ?? '',
      previousStatus: null,
    });
    return true;
  }

  private async emitQueuedEnded(executionId: number): Promise<void> {
    if (!(await this.emitFinishedFromRow(executionId))) return;
    if (this.queuedCount > 0) this.queuedCount--;
    this.emitState();
  }

  private emitState(): void {
    const state = this.state();
    const json = JSON.stringify(state);
    if (json === this.lastStateJson) return;
    this.lastStateJson = json;
    this.deps.events.emit('scheduler.state', state);
  }
}
