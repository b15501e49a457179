// How the scheduler's parts are connected (index.ts is the facade that owns them). Each part gets small,
// explicit views of the others: callbacks and narrow interfaces, never the facade or a shared state object.
// The parts refer to each other through closures that run only after this wiring is done.
import { DbHealth } from './db-health';
import { Housekeeping } from './housekeeping';
import { ActiveRuns } from './active-runs';
import type { SchedulerDeps } from './index';
import { Planner } from './planner';
import { skipQueuedByCondition } from './queued-conditions';
import { RunControl } from './run-control';
import { RunQueue } from './run-queue';
import { SettingsCache, type Lifecycle, type Serial } from './shared';
import { TeamCoordinator } from './team-coordinator';
import { TriggeredRuns } from './triggered-runs';

export interface SchedulerParts {
  settings: SettingsCache;
  health: DbHealth;
  housekeeping: Housekeeping;
  runs: ActiveRuns;
  control: RunControl;
  coordinator: TeamCoordinator;
  queue: RunQueue;
  planner: Planner;
  triggered: TriggeredRuns;
}

/** What the facade gives its parts: its lifecycle, its chain, and what only it does. */
export interface FacadeHooks {
  life: Lifecycle;
  serial: Serial;
  emitState: () => void;
  /** A database error: degraded; anything else: logged. */
  noteError: (err: unknown, what: string) => void;
  /** Scheduling stops for good (another scheduler took the data folder). */
  halt: (reason: string) => void;
  /** db-health.ts's retry: the database may answer again. */
  recoverFromOutage: () => Promise<void>;
}

export function wireParts(deps: SchedulerDeps, hooks: FacadeHooks): SchedulerParts {
  const p = {} as SchedulerParts;
  const { db, now, log, events } = deps;
  const { life, serial } = hooks;
  const emitState = () => hooks.emitState();
  const noteError = (err: unknown, what: string) => hooks.noteError(err, what);
  const skipReason = (taskId: number) => deps.runConditions?.skipReason(taskId) ?? null;
  p.settings = new SettingsCache(deps.settings, log);
  p.health = new DbHealth({
    now,
    log,
    recover: () => serial.exclusive(() => hooks.recoverFromOutage()),
    probe: () => p.coordinator.probe(),
    onChange: emitState,
  });
  p.runs = new ActiveRuns({
    db,
    dataDir: deps.dataDir,
    events,
    now,
    log,
    logCapBytes: () => p.settings.value.logSizeCapBytes,
    startProcess: deps.startProcess,
    rowHeartbeat: () => !life.scheduling || p.coordinator.team,
    launched: () => {
      if (!life.scheduling) p.control.keepRowsAlive();
      emitState();
    },
    finished: async (finish) => {
      p.housekeeping.runFinished();
      await p.queue.retryIfDue(finish);
    },
    ended: () => {
      emitState();
      p.queue.schedulePump();
    },
    noteError,
  });
  p.housekeeping = new Housekeeping({
    db,
    dataDir: deps.dataDir,
    log,
    settings: () => p.settings.value,
    track: (work) => p.runs.track(work),
  });
  p.coordinator = new TeamCoordinator({
    db,
    dataDir: deps.dataDir,
    events,
    now,
    log,
    hostTags: deps.hostTags,
    resyncClock: deps.resyncClock,
    life,
    degraded: () => p.health.degraded,
    runs: p.runs.runs,
    applyRunRequests: () => p.control.applyRunRequests(),
    noteError,
    halt: (reason) => hooks.halt(reason),
    schedulePump: () => p.queue.schedulePump(),
    interrupted: (ids) => {
      if (ids.length > 0) deps.runsInterrupted?.(ids);
    },
    refill: () =>
      serial.background(async () => {
        await p.queue.pump();
        p.planner.rearm();
        emitState();
      }),
  });
  p.control = new RunControl({
    db,
    events,
    now,
    log,
    runs: p.runs.runs,
    team: p.coordinator.team,
    scheduling: () => life.scheduling,
    queueShrank: () => {
      if (p.queue.queuedCount > 0) p.queue.queuedCount--;
      emitState();
    },
  });
  p.queue = new RunQueue({
    db,
    now,
    log,
    life,
    serial,
    settings: p.settings,
    runs: p.runs,
    pause: p.control.pause,
    coordinator: p.coordinator,
    plannedTask: (id) => p.planner.plannedTask(id),
    skipReason,
    skipQueued: (row) => skipQueuedByCondition({ db, events, now, log, skipReason }, row),
    rearm: () => p.planner.rearm(),
    tickSoon: (withinMs) => p.planner.tickSoon(withinMs),
    emitState,
  });
  p.planner = new Planner({
    db,
    events,
    now,
    log,
    resyncClock: deps.resyncClock,
    onClockJump: deps.onClockJump,
    life,
    serial,
    health: p.health,
    pause: p.control.pause,
    runsHere: (task) => p.coordinator.runsHere(task),
    slots: p.queue,
    pump: () => p.queue.pump(),
    queuedDueAt: () => p.queue.nextQueuedDueAt,
    afterTick: (at) => p.housekeeping.maybeRun(at),
    beforeExternalReplan: async () => {
      await p.control.applyRunRequests();
      await p.settings.refresh();
    },
    noteError,
    emitState,
  });
  p.triggered = new TriggeredRuns({
    db,
    now,
    log,
    life,
    serial,
    runs: p.runs,
    queue: p.queue,
    coordinator: p.coordinator,
    skipReason,
    emitState,
  });
  return p;
}
