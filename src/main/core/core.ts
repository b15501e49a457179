// The core's single entry point. createCore opens the database (migrating it), builds the services and
// the scheduler, and returns the contract's handlers plus a typed event stream. The Electron shell, the
// browser host and the CLI are all adapters over this object.
import os from 'node:os';
import type { Handlers } from '../../shared/contract';
import { AppLog, isRunLine, levelOfLine } from './app-log';
import { describeDatabase, readDatabaseSetting, writeDatabaseSetting } from './database-setting';
import { logDayRuleNotice } from './day-rule-notice';
import { openCoreDatabase, type Database } from './db/database';
import { CoreEvents } from './events';
import { logsDir } from './paths';
import { Scheduler } from './scheduler/index';
import { retriesOf } from './store/retry-links';
import { downstreamRuns } from './store/triggers';
import { loadPosixSpawn } from './runner/posix-spawn';
import { TestRunRegistry } from './runner/test-run-live';
import { previewSchedule } from './timing/preview';
import { systemTimezone } from './timing/schedule-math';
import { ExecutionService } from './services/execution-service';
import { ImportService } from './import/import-preview';
import { SettingsService } from './services/settings-service';
import { TaskService } from './services/task-service';
import { TeamEvents } from './scheduler/team-events';
import { ServerClock } from './db/server-clock';
import { takeDataDirNote } from './paths';
import { readLoginEnvironment, setLoginEnvironmentEnabled, useLoginEnvironment } from './runner/login-env';
import { ZoneWatcher } from './timing/system-zone';
import { tagCounts } from './store/task-tags';
import { runBulkAction } from './services/task-bulk';
import { CoreTriggers } from './triggers/core-triggers';
import type { KeepAwake } from './triggers/keep-awake';
import type { PowerSource } from './triggers/power-source';
import { RunHelperPool } from './runner/spawner/pool';
import type { HelperLauncher } from './runner/spawner/transport';

export interface CoreOptions {
  /** The data folder: the SQLite file (unless databaseUrl is set) and the run logs. */
  dataDir: string;
  /**
   * Team mode: a postgres:// URL. Tasks and history live there, shared by every machine's scheduler; each
   * slot and each manual run is claimed by exactly one of them. Default: the data folder's database.json.
   */
  databaseUrl?: string;
  /** The host tags this scheduler runs pinned tasks for (default: the host name). Unpinned tasks run anywhere. */
  hostTags?: string[];
  /** The clock (tests pass a fixed one to the services; the runner uses it for timestamps). */
  now?: () => number;
  /** One line per notable event (run start and finish, recovery); `serve` prints them. */
  log?: (line: string) => void;
  /** The native folder picker, supplied by the Electron shell; other transports have none. */
  pickFolder?: (defaultPath?: string) => Promise<string | null>;
  /**
   * The application log (logs/cronkeeper.log in the data folder). Default: one is opened for a scheduling
   * core (the app, `serve`); a one-shot CLI core has none. Every `log` line but run start/finish goes there.
   */
  appLog?: AppLog | null;
  /** Called with every SQL statement (tests count them). */
  onQuery?: (sql: string) => void;
  /**
   * false for a one-shot command (the CLI): start() takes no data-folder lease and schedules nothing, so it
   * works while `serve` or the app runs; runNow then hands the run to the live scheduler. Default true.
   */
  schedule?: boolean;
  /**
   * The app (started from the Dock, a launcher or at login) reads the user's login-shell environment at
   * start and gives it to every run (login-env.ts). `serve` and the CLI, started from a terminal, keep
   * their own. Default false.
   */
  loginEnvironment?: boolean;
  /**
   * Where the power state comes from, for the power conditions (issue #16). The shell passes Electron's
   * powerMonitor (shell/power-conditions.ts); default: the OS's (power-source.ts). Closed by stop().
   */
  power?: PowerSource;
  /** How a run keeps the computer awake: the shell's powerSaveBlocker; default the OS's tool (`serve`). */
  keepAwake?: KeepAwake;
  /**
   * Starts the run helper, the small process that starts a scheduling core's runs (runner/spawner/): the
   * shell's Electron utility process, or forkHelper() for `serve` and the benches. Default: none, runs
   * start in this process (the one-shot CLI, most tests). Not used on Windows: Node's spawn does not fork there,
   * and the Job Object and Ctrl-Break handling (windows-job.ts) was built and tested for runs started here.
   */
  runHelper?: HelperLauncher;
}

export interface Core {
  dataDir: string;
  db: Database;
  events: CoreEvents;
  handlers: Handlers;
  tasks: TaskService;
  executions: ExecutionService;
  settings: SettingsService;
  scheduler: Scheduler;
  /** Chains, start-up and file triggers, power conditions, webhooks; null for a one-shot CLI core. */
  triggers: CoreTriggers | null;
  /** The application log, or null for a one-shot CLI core. */
  appLog: AppLog | null;
  /** The run helper's client when runs start in a helper (CoreOptions.runHelper), else null. */
  runHelper: RunHelperPool | null;
  /** Recovers what a crash left behind, then starts the scheduler's timer. */
  start(): Promise<void>;
  /** Graceful stop: timers stop, running executions get `graceMs` then are cancelled. Closes the database. */
  stop(graceMs?: number): Promise<void>;
}

export async function createCore(options: CoreOptions): Promise<Core> {
  const localNow = options.now ?? Date.now;
  // Asked at once, so that the login shell starts while the database opens (at most 3 s in all).
  const loginEnvironment = options.loginEnvironment ? readLoginEnvironment() : null;
  const appLog =
    options.appLog !== undefined
      ? options.appLog
      : options.schedule === false
        ? null
        : new AppLog(options.dataDir);
  const print = options.log ?? (() => {});
  const log = (line: string) => {
    if (appLog && !isRunLine(line)) appLog.write(levelOfLine(line), line);
    print(line);
  };
  // An explicit URL wins; otherwise the data folder's own database setting (database.json), if any.
  const databaseUrl = options.databaseUrl ?? readDatabaseSetting(options.dataDir);
  const db = await openCoreDatabase(options.dataDir, options.onQuery, databaseUrl);
  // Team mode: every machine keeps the database server's time (see server-clock.ts).
  const serverClock = db.dialect.teamMode ? new ServerClock(db, localNow, log) : null;
  if (serverClock) {
    await serverClock.sync();
    serverClock.start();
  }
  const now = serverClock ? serverClock.now : localNow;
  const events = new CoreEvents();
  const testRuns = new TestRunRegistry(events);
  // The system time zone is re-read on wake and clock jumps, and hourly (system-zone.ts).
  const zoneWatcher = new ZoneWatcher(log);
  const tasks = new TaskService(db, { now });
  const executions = new ExecutionService(db, { now, logsDir: logsDir(options.dataDir) });
  const settings = new SettingsService(db);
  const imports = new ImportService(db, {
    now,
    defaultZone: async () => (await settings.get()).defaultTimezone,
  });
  const runHelper =
    options.runHelper && options.schedule !== false && process.platform !== 'win32'
      ? new RunHelperPool(options.runHelper, log, Math.min(2, os.availableParallelism()))
      : null;
  const scheduler = new Scheduler({
    db,
    dataDir: options.dataDir,
    events,
    settings,
    now,
    log,
    schedule: options.schedule ?? true,
    hostTags: options.hostTags,
    resyncClock: serverClock ? () => serverClock.resyncIfStepped() : undefined,
    onClockJump: () => zoneWatcher.check('wake or clock jump'),
    runConditions: { skipReason: (taskId): string | null => triggers?.skipReason(taskId) ?? null },
    runsInterrupted: (ids) => triggers?.runsInterrupted(ids),
    startProcess: runHelper ? (opts) => runHelper.start(opts) : undefined,
  });
  // The trigger parts (issue #16): for a scheduling core only.
  const triggers: CoreTriggers | null =
    options.schedule === false
      ? null
      : new CoreTriggers({
          db,
          events,
          host: scheduler.triggerHost,
          dataDir: options.dataDir,
          settings,
          log,
          now,
          power: options.power,
          keepAwake: options.keepAwake,
        });
  // Every saved or deleted task (here, in bulk, by import, or by another machine) re-reads its triggers.
  events.on('task.changed', ({ taskId }) => {
    triggers?.taskChanged(taskId).catch((err: unknown) => log(`Triggers of task ${taskId}: ${String(err)}`));
  });

  // Team mode: events cross machines (NOTIFY out now, LISTEN once the scheduler starts).
  const team =
    db.dialect.teamMode && databaseUrl
      ? new TeamEvents(db, databaseUrl, events, {
          taskChanged: (id) => scheduler.taskChanged(id),
          log,
          now,
        })
      : null;

  // A saved task's next_run_at is written by the scheduler's planner (its one writer), then it is re-planned.
  const changed = async (taskId: number, deleted = false, saved = !deleted) => {
    if (saved) await scheduler.tasksSaved([taskId]);
    if (!deleted) await scheduler.taskChanged(taskId);
    events.emit('task.changed', { taskId, deleted });
  };

  const handlers: Handlers = {
    'tasks.list': (q) => tasks.list(q),
    'tasks.get': ({ id }) => tasks.get(id),
    'tasks.create': async (input) => {
      const task = await tasks.create(input);
      await changed(task.id);
      return tasks.get(task.id);
    },
    'tasks.update': async ({ id, patch }) => {
      await tasks.update(id, patch);
      await changed(id);
      return tasks.get(id);
    },
    'tasks.delete': async ({ id }) => {
      await tasks.get(id); // NOT_FOUND before anything is cancelled
      await scheduler.cancelTask(id);
      const result = await tasks.delete(id);
      await scheduler.taskChanged(id);
      await changed(id, true);
      return result;
    },
    'tasks.executionCount': async ({ id }) => ({ count: await tasks.executionCount(id) }),
    'tasks.duplicate': async ({ id }) => {
      const task = await tasks.duplicate(id);
      await changed(task.id);
      return task;
    },
    'tasks.setEnabled': async ({ id, enabled }) => {
      await tasks.update(id, { enabled });
      await changed(id);
      return tasks.get(id);
    },
    'tasks.setPaused': async ({ id, paused }) => {
      await tasks.update(id, { paused });
      await changed(id);
      return tasks.get(id);
    },
    'tasks.bulk': ({ ids, action }) => runBulkAction({ db, scheduler, events, now }, ids, action),
    'tasks.tags': async () => ({ tags: await tagCounts(db) }),
    'tasks.runNow': ({ id }) => scheduler.runNow(id, 'manual'),
    'tasks.testRun': async ({ runId, ...input }) => {
      // Every test run is registered (one without an id under an internal one) so that stop() ends it.
      const id = runId ?? testRuns.internalId();
      testRuns.claim(id);
      try {
        const sink = runId === undefined ? undefined : testRuns.sinkFor(runId);
        const live = { sink, started: (cancel: () => void) => testRuns.setCancel(id, cancel) };
        return await scheduler.testRun({ ...input, live });
      } finally {
        testRuns.release(id);
      }
    },
    'tasks.testRunCancel': async ({ runId }) => ({ cancelled: testRuns.cancel(runId) }),
    'tasks.export': async ({ includeSecrets }) => ({ json: await tasks.exportJson({ includeSecrets }) }),
    'tasks.import': async ({ json }) => {
      const result = await tasks.importJson(json);
      const ids = (await tasks.list({ limit: 10_000 })).items
        .filter((task) => result.names.includes(task.name))
        .map((task) => task.id);
      await scheduler.tasksSaved(ids); // in a few statements, not one per task
      for (const id of ids) await changed(id, false, false);
      return result;
    },
    'tasks.importPreview': (source) => imports.preview(source),
    'tasks.importApply': async (source) => {
      const result = await imports.apply(source);
      const names = new Set(result.names);
      for (const task of (await tasks.list({ limit: 10_000 })).items) {
        if (names.has(task.name)) await changed(task.id);
      }
      return result;
    },
    'executions.list': (q) => executions.history(q),
    'executions.get': async ({ id }) => {
      const execution = await executions.get(id);
      const retries = await retriesOf(db, id);
      const downstream = await downstreamRuns(db, id); // the chain runs it started (issue #16)
      return { ...execution, ...(retries.length > 0 ? { retries } : {}), downstream };
    },
    'executions.cancel': ({ id }) => scheduler.cancel(id),
    'executions.pause': async ({ id }) => ({ paused: await scheduler.setPaused(id, true) }),
    'executions.resume': async ({ id }) => ({ resumed: await scheduler.setPaused(id, false) }),
    'executions.rerun': async ({ id }) => {
      const execution = await executions.get(id);
      return scheduler.runNow(execution.taskId, 'manual');
    },
    'executions.log': ({ id, before, maxBytes, search }) => executions.log(id, { before, maxBytes, search }),
    'stats.get': (q) => executions.stats(q),
    'stats.dashboard': () =>
      executions.dashboard(scheduler.upcoming(24 * 3600 * 1000), scheduler.timeline(24 * 3600 * 1000)),
    'schedule.preview': async ({ cronExpression, timezone, count }) =>
      previewSchedule(cronExpression, timezone || systemTimezone(), count ?? 10, now()),
    'scheduler.state': async () => scheduler.state(),
    'scheduler.pauseAll': ({ minutes }) => scheduler.pauseAll(minutes),
    'scheduler.resumeAll': () => scheduler.resumeAll(),
    'settings.get': () => settings.get(),
    'settings.update': async (patch) => {
      const updated = await settings.update(patch);
      setLoginEnvironmentEnabled(updated.useLoginShellEnvironment);
      await scheduler.settingsChanged();
      await triggers?.settingsChanged();
      return updated;
    },
    // The database is chosen at start; a new setting is saved for the next start, never switched live.
    'database.get': async () =>
      describeDatabase(options.dataDir, databaseUrl, options.databaseUrl !== undefined),
    'database.set': async ({ url }) => {
      writeDatabaseSetting(options.dataDir, url);
      return describeDatabase(options.dataDir, databaseUrl, options.databaseUrl !== undefined);
    },
    'dialog.pickFolder': async ({ defaultPath }) => ({
      path: options.pickFolder ? await options.pickFolder(defaultPath) : null,
    }),
    'app.ready': async () => ({ ok: true }),
    // A plain core (the browser host, serve) cannot open folders; the desktop shell overrides both.
    'app.info': async () => ({ logFolder: logsDir(options.dataDir), canOpenFolders: false, limits: [] }),
    'app.openLogFolder': async () => ({ opened: false, path: logsDir(options.dataDir) }),
  };

  let stopped = false;
  return {
    dataDir: options.dataDir,
    db,
    events,
    handlers,
    tasks,
    executions,
    settings,
    scheduler,
    triggers,
    appLog,
    runHelper,
    async start() {
      const where = describeDatabase(options.dataDir, databaseUrl, false);
      appLog?.info(
        `Starting: ${where.engine} at ${where.location}, data folder ${options.dataDir}, pid ${process.pid}`,
      );
      // A notice that cannot be read or marked must not keep the scheduler from starting.
      if (appLog)
        await logDayRuleNotice(db, appLog).catch((err: unknown) =>
          appLog.warn(`Could not write the day-rule notice: ${(err as Error).message}`),
        );
      const moved = takeDataDirNote();
      if (moved) log(moved);
      if (loginEnvironment) await useLoginEnvironment(settings, log, loginEnvironment);
      if (options.schedule !== false) zoneWatcher.start();
      runHelper?.warm(); // booting while recovery runs, before the first due run needs it
      if (!runHelper && options.schedule !== false) {
        const how = loadPosixSpawn() ? 'posix_spawn' : "Node's spawn";
        log(`Scheduler: commands start in this process, with ${how}`);
      }
      await scheduler.start();
      await triggers?.start();
      await team?.listen();
    },
    async stop(graceMs = 10_000) {
      if (stopped) return;
      stopped = true;
      serverClock?.stop();
      zoneWatcher.stop();
      testRuns.cancelAll(); // a test run is not worth waiting for, nor left running
      await triggers?.stop();
      await scheduler.stop(graceMs);
      runHelper?.close(); // after the scheduler: every run it watched has ended
      await team?.close();
      await db.close();
      appLog?.info('Stopped');
    },
  };
}
