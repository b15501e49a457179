// The scheduler: a facade over its parts (connected in wiring.ts) with one public API for core.ts. ONE
// timer for all tasks: the planner (planner.ts) keeps the plan (task -> next slot) and wakes at the earliest
// slot; the run queue (run-queue.ts) turns due slots into runs under the overlap, concurrency and retry
// policies; the active runs (active-runs.ts) start and track the processes; run control (run-control.ts)
// cancels and pauses, also across processes; the team coordinator (team-coordinator.ts) holds the SQLite
// data-folder lease or, on a shared PostgreSQL database (team mode), heartbeats and reaps; housekeeping.ts
// keeps the history within the retention. The facade owns the lifecycle (start, stop, suspend, a halt),
// the one chain that serializes planning, firing and pumping, and the database-health state.
import type { TestRunResult, UpcomingTimeline } from '../../../shared/contract';
import type { SchedulerState, Settings, Trigger } from '../../../shared/types';
import type { Database } from '../db/database';
import type { CoreEvents } from '../events';
import { isDatabaseError, type DbHealth } from './db-health';
import type { Housekeeping } from './housekeeping';
import { testRun, type TestRunInput } from '../runner/test-run';
import type { RunningProcess, StartOptions } from '../runner/executor';
import type { ActiveRuns } from './active-runs';
import type { Planner } from './planner';
import type { RunControl } from './run-control';
import type { RunQueue } from './run-queue';
import { isActive, type Serial, type SettingsCache } from './shared';
import type { TeamCoordinator } from './team-coordinator';
import type { TriggerHost } from '../triggers/trigger-host';
import { wireParts } from './wiring';

export { MISSED_MESSAGE } from './missed-slots';
export { MAX_RUN_ALL, ON_TIME_MS, remoteSkippedMessage, SKIPPED_MESSAGE, UNRECORDED_MESSAGE } from './shared';

export interface SchedulerDeps {
  db: Database;
  dataDir: string;
  events: CoreEvents;
  /** The stored settings (the settings service): the runner reads them, never the services' other parts. */
  settings: { get(): Promise<Settings> };
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
  /** The run conditions (triggers/coordinator.ts, set once it exists): why a run must not start now. */
  runConditions?: { skipReason(taskId: number): string | null };
  /**
   * Runs this scheduler's recovery marked `interrupted` after a crash (at start, a dead `task run` process,
   * a dead scheduler of the team) or after a database outage (runs that ended while it was down), once
   * their record is written: the trigger parts send their webhook.
   */
  runsInterrupted?: (executionIds: number[]) => void;
  /** Starts a run's command in the run helper (runner/spawner/pool.ts); null or absent: in this process. */
  startProcess?: (opts: StartOptions) => Promise<RunningProcess> | null;
}

export class Scheduler implements Serial {
  private readonly life = { scheduling: false, stopping: false, suspended: false };
  private chain: Promise<unknown> = Promise.resolve();
  private lastStateJson = '';
  private haltReason: ((reason: string) => void) | null = null;
  /** Settles with the reason when scheduling stops without stop() (another scheduler took the folder). */
  readonly halted = new Promise<string>((resolve) => (this.haltReason = resolve));
  private readonly settings: SettingsCache;
  private readonly health: DbHealth;
  private readonly housekeeping: Housekeeping;
  private readonly runs: ActiveRuns;
  private readonly control: RunControl;
  private readonly coordinator: TeamCoordinator;
  private readonly queue: RunQueue;
  private readonly planner: Planner;
  /** What the trigger parts use to start and cancel runs (triggered-runs.ts). */
  readonly triggerHost: TriggerHost;

  constructor(readonly deps: SchedulerDeps) {
    ({
      settings: this.settings,
      health: this.health,
      housekeeping: this.housekeeping,
      runs: this.runs,
      control: this.control,
      coordinator: this.coordinator,
      queue: this.queue,
      planner: this.planner,
      triggered: this.triggerHost,
    } = wireParts(deps, {
      life: this.life,
      serial: this,
      emitState: () => this.emitState(),
      noteError: (err, what) => this.noteError(err, what),
      halt: (reason) => this.halt(reason),
      recoverFromOutage: () => this.recoverFromOutage(),
    }));
  }

  /** Takes the data-folder lease, recovers a crashed run's leftovers, applies misfires, then the timer. */
  async start(): Promise<void> {
    if (this.life.scheduling || this.deps.schedule === false) return;
    this.life.stopping = false;
    this.health.open();
    await this.coordinator.join();
    this.life.scheduling = true;
    await this.settings.refresh();
    await this.coordinator.recoverAtStart();
    await this.planner.start();
    this.coordinator.startHeartbeat();
    this.deps.log('Scheduler started');
  }

  /** Stops timers; running executions get `graceMs` then are cancelled and recorded `cancelled`. */
  async stop(graceMs = 10_000): Promise<void> {
    this.life.stopping = true;
    this.health.close();
    this.planner.stop();
    this.control.stop();
    await this.coordinator.stopHeartbeat();
    await this.chain.catch(() => {});
    await this.runs.stopAll(graceMs);
    if (this.life.scheduling) {
      // Team mode: queued runs stay queued, another scheduler of the team (or our next start) runs them.
      if (!this.coordinator.team) await this.queue.cancelQueuedOnShutdown();
      await this.planner.flush();
      await this.coordinator.leave();
    }
    this.life.scheduling = false;
  }

  /** After sleep/wake: re-plan and apply misfire policies. */
  resume(): void {
    this.life.suspended = false;
    if (!isActive(this.life)) return;
    this.planner.startTimer();
    this.planner.queueWake(true);
  }

  /** Before sleep: no timer while the machine is suspended. */
  suspend(): void {
    this.life.suspended = true;
    this.planner.stopTimer();
  }

  /** A task was created, edited, paused, enabled or deleted: re-plan it. */
  async taskChanged(taskId: number): Promise<void> {
    if (!isActive(this.life)) return;
    await this.exclusive(() => this.planner.taskChanged(taskId));
  }

  /** Bulk actions (task-bulk.ts): taskChanged for many tasks under one lock and one tick. */
  async tasksChanged(taskIds: readonly number[]): Promise<void> {
    if (!isActive(this.life)) return;
    await this.exclusive(() => this.planner.tasksChanged(taskIds));
  }

  /**
   * Tasks were saved (created, edited, enabled, paused, imported): the planner stores their next run (the
   * task service does not write next_run_at). Call before taskChanged.
   */
  async tasksSaved(taskIds: number[]): Promise<void> {
    if (isActive(this.life)) await this.exclusive(() => this.planner.storeSaved(taskIds));
    else await this.planner.storeSaved(taskIds);
  }

  runNow(taskId: number, trigger: Trigger = 'manual'): Promise<{ executionId: number }> {
    return this.queue.runNow(taskId, trigger);
  }

  cancel(executionId: number): Promise<{ cancelled: boolean }> {
    return this.control.cancel(executionId);
  }

  /** Pauses or resumes a running execution, ours or another process's (run-control.ts). */
  setPaused(executionId: number, paused: boolean): Promise<boolean> {
    return this.control.setPaused(executionId, paused);
  }

  /** Cancels a task's running and queued executions (before it is deleted). */
  /** Bulk delete: cancelTask for many tasks. */
  cancelTasks(taskIds: readonly number[]): Promise<void> {
    return this.control.cancelTasks(taskIds);
  }

  cancelTask(taskId: number): Promise<void> {
    return this.control.cancelTask(taskId);
  }

  /** Runs a command once, into a temp log, without recording it in the history. */
  async testRun(input: TestRunInput): Promise<TestRunResult> {
    return testRun(input, this.settings.value.logSizeCapBytes);
  }

  state(): SchedulerState {
    const { pause } = this.control;
    return {
      running: this.runs.size,
      queued: this.queue.queuedCount,
      ...this.planner.soonest(),
      pausedUntil: pause.until,
      pausedAll: pause.paused,
      ...this.health.status(),
    };
  }

  async pauseAll(minutes?: number): Promise<SchedulerState> {
    this.control.pause.set(minutes ? this.deps.now() + minutes * 60_000 : null);
    this.planner.rearm();
    this.emitState();
    return this.state();
  }

  async resumeAll(): Promise<SchedulerState> {
    this.control.pause.clear();
    if (this.life.scheduling) await this.exclusive(() => this.planner.tick('tick'));
    this.emitState();
    return this.state();
  }

  /** The upcoming runs in [now, now + horizonMs], for the dashboard timeline. */
  upcoming(horizonMs: number): { taskId: number; taskName: string; at: number }[] {
    return this.planner.upcoming(horizonMs);
  }

  /** The dashboard's timeline: one row per task with the soonest runs (see timing/timeline.ts). */
  timeline(horizonMs: number): UpcomingTimeline {
    return this.planner.timeline(horizonMs);
  }

  /** The settings changed (concurrency limit, retention, log cap): take them into account. */
  async settingsChanged(): Promise<void> {
    await this.settings.refresh();
    if (isActive(this.life)) await this.exclusive(() => this.queue.pump());
  }

  /** Serializes planning, firing and pumping: one at a time, in call order. */
  exclusive<T>(fn: () => Promise<T>): Promise<T> {
    const result = this.chain.then(fn, fn);
    this.chain = result.catch((err) => this.noteError(err, 'Scheduler error'));
    return result;
  }

  /** Like exclusive, for callers that do not wait: the error is logged (by the chain), never unhandled. */
  background(fn: () => Promise<void>): void {
    this.exclusive(fn).catch(() => {});
  }

  /**
   * A database error makes the scheduler degraded (db-health.ts retries, then re-plans); anything else is
   * logged and the scheduler goes on (every tick re-arms its timer whatever happened).
   */
  private noteError(err: unknown, what: string): void {
    if (isDatabaseError(err) && isActive(this.life)) {
      this.planner.stopTimer();
      this.health.failed(err);
      return;
    }
    if (!this.health.degraded) this.deps.log(`${what}: ${String(err)}`);
  }

  /**
   * A retry of db-health.ts: the database may answer again. The coordinator re-checks that we may schedule
   * (team claims, or the SQLite lease); then what ended meanwhile is recorded, and the planner re-plans and
   * ticks: slots that passed follow their task's misfire policy with the outage as their reason.
   */
  private async recoverFromOutage(): Promise<void> {
    if (!isActive(this.life) || !this.health.degraded) return;
    this.health.beginAttempt();
    if (!(await this.coordinator.reclaimAfterOutage())) {
      this.halt('another scheduler took over this data folder while the database was unavailable');
      return;
    }
    // Runs that ended during the outage are now recorded `interrupted`: their webhook, as after a crash.
    const interrupted = await this.runs.recordUnrecorded();
    if (interrupted.length > 0) this.deps.runsInterrupted?.(interrupted);
    await this.settings.refresh();
    await this.planner.replanAfterOutage();
    this.health.recovered();
    this.planner.rearm();
    this.emitState();
  }

  /** Scheduling stops for good (not through stop()): the process running us decides what to do. */
  private halt(reason: string): void {
    this.deps.log(`Scheduler stopped: ${reason}`);
    this.life.scheduling = false;
    this.health.close();
    this.planner.stop();
    this.haltReason?.(reason);
  }

  private emitState(): void {
    const state = this.state();
    const json = JSON.stringify(state);
    if (json === this.lastStateJson) return;
    this.lastStateJson = json;
    this.deps.events.emit('scheduler.state', state);
  }
}
