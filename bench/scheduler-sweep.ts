// The scheduler bench's sweep (`npm run bench -- scheduler`, part a): 25, 50, 100 and 200 tasks firing every
// second, each level for BENCH_SCHED_SECONDS (30 s) through createCore with real `true` processes. Per level:
// demand, runs started per second, timer -> claimed lateness, claimed -> process-started lateness (p50, p99),
// timer -> process-started lateness (also for the runs started at once and for those that waited for a
// place under the concurrency limit, apart), and missed, skipped, duplicated and unrecorded slots.
//
// The engine records scheduled_at, created_at (= start_time for a run: the moment it asked for the claim)
// and pid_started_at (the child's start time from /proc on Linux: boot time, which /proc gives to the whole
// second, plus 10 ms clock ticks). The bench corrects pid_started_at's constant boot-time error by reading
// its own process's start the same way and comparing with performance.timeOrigin; what is left is the
// 10 ms tick. The execution.started event (after spawn returned, in this process) is shown beside it as
// the upper bound. The engine does not record
// when the claim committed, so the bench adds a measurement hook the engine does not have: an AFTER INSERT
// trigger on task_executions writing SQLite's own clock (ms) into a side table, i.e. the moment the claiming
// INSERT ran. Nothing under src/main/core/runner is changed for it.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { QueryTypes } from 'sequelize';
import { createCore } from '../src/main/core/core';
import { LINUX_CLK_TCK, processStartTime, procStatFields } from '../src/main/core/runner/process-tree';
import type { TaskInput } from '../src/shared/types';
import { findBuiltHelper, forkHelper, type HelperLauncher } from '../src/main/core/runner/spawner/transport';

/** How runs are started: by the run helper, as the app and `serve` start them, or in the engine's process. */
export type SpawnMode = 'helper' | 'in-process';

/** The built run helper (npm run bench builds first), else its source through tsx. */
export function helperLauncher(): HelperLauncher {
  const root = path.resolve(__dirname, '..');
  return forkHelper(
    findBuiltHelper(path.join(root, 'out', 'main')) ??
      path.join(root, 'src', 'main', 'core', 'runner', 'spawner', 'helper-main.ts'),
  );
}

export const LEVELS = [25, 50, 100, 200];
/** Slots this close to the stop are left out: their runs may still be starting when the core stops. */
const TAIL_MARGIN_MS = 3000;
const RAN = new Set(['success', 'failed', 'running', 'timed_out', 'cancelled']);

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export function percentile(values: number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
}

/** A process's resident memory (Linux /proc; elsewhere `ps`), in bytes, or null. */
export function residentBytes(pid: number): number | null {
  try {
    const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = /VmRSS:\s+(\d+)/.exec(status);
    return kb ? Number(kb[1]) * 1024 : null;
  } catch {
    return null;
  }
}

/** The resident memory of these processes together (unstarted ones, undefined, count 0), in bytes. */
export function residentBytesOf(pids: (number | undefined)[]): number {
  return pids.reduce<number>((sum, pid) => sum + ((pid && residentBytes(pid)) || 0), 0);
}

/**
 * CPU time a process has used itself, and what its children that it waited for used (Linux /proc: utime
 * and stime, cutime and cstime, in clock ticks), in ms; null elsewhere or when it is gone.
 */
export function cpuTimes(pid: number): { own: number; children: number } | null {
  const field = procStatFields(pid);
  if (!field) return null;
  const ms = (n: number) => (Number(field(n)) * 1000) / LINUX_CLK_TCK;
  return { own: ms(14) + ms(15), children: ms(16) + ms(17) };
}

/** A task running `true` every second, in parallel with itself (the benches' unit of load). */
export function everySecondTask(i: number, prefix = 'sweep'): TaskInput {
  return {
    name: `${prefix} ${i}`,
    description: '',
    command: 'true',
    workingDir: '',
    env: {},
    cronExpression: '* * * * * *',
    timezone: 'UTC',
    enabled: true,
    paused: false,
    timeoutSeconds: 60,
    maxRetries: 0,
    retryDelaySeconds: 60,
    overlapPolicy: 'parallel',
    misfirePolicy: 'skip',
    misfireGraceSeconds: 60,
    notifyOn: 'never',
  };
}

/**
 * What processStartTime gets wrong by, constant for a run: this process's start read the same way minus its
 * real start. 0 where processStartTime is not the /proc reading (the spawn time stands in there).
 */
function procStartOffsetMs(): number {
  if (process.platform !== 'linux') return 0;
  const fromProc = processStartTime(process.pid);
  return fromProc === null ? 0 : fromProc - performance.timeOrigin;
}

export interface LevelResult {
  tasks: number;
  seconds: number;
  slots: number;
  ran: number;
  startedPerSecond: number;
  claimP50: number;
  claimP99: number;
  /** created_at - scheduled_at: timer to the claim being asked for (before the INSERT is queued/batched). */
  askP50: number;
  askP99: number;
  spawnP50: number;
  spawnP99: number;
  /** pid_started_at - scheduled_at: the whole way from the timer to the process. */
  startP50: number;
  startP99: number;
  /**
   * The same for the runs that waited in the queue for a free place under the concurrency limit (64: at
   * 100 tasks a second, 36 a second wait), and for those started at once. A queued run's start_time is
   * when the pump claimed it, later than its row's created_at.
   */
  queuedRuns: number;
  queuedStartP99: number;
  directStartP99: number;
  /** execution.started event (after spawn returned, in this process) - claim. */
  eventP50: number;
  eventP99: number;
  /** This process's CPU time (user + system) during the level, per run: what the engine spends per run,
   * the spawn's fork included. Less sensitive to a loaded machine than the lateness figures. */
  cpuPerRunMs: number;
  /** The run helpers' CPU time per run (helper mode; null in-process), from /proc. */
  helperCpuPerRunMs: number | null;
  /** The commands' own CPU time per run (`sh -c true`: the shell's start and exit), from /proc. */
  commandCpuPerRunMs: number;
  /** Every process started from core.start() to the end of the level (any slot, lead-in and backlog
   * included), per second: the throughput, also when a backlog makes the window's own slots wait. */
  processesPerSecond: number;
  missed: number;
  skipped: number;
  duplicated: number;
  unrecorded: number;
  otherStatuses: Record<string, number>;
  /** The run helpers' resident memory at the end of the level (helper mode), in bytes, all together. */
  helperRss: number | null;
}

/** One level: `tasks` every-second tasks for `seconds`, concurrency limit 64 (the most the settings allow). */
export async function runLevel(
  tasks: number,
  seconds: number,
  mode: SpawnMode = 'helper',
): Promise<LevelResult> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ck-bench-sweep-'));
  try {
    const core = await createCore({ dataDir, runHelper: mode === 'helper' ? helperLauncher() : undefined });
    await core.handlers['settings.update']({ concurrencyLimit: 64 });
    const taskIds: number[] = [];
    for (let i = 0; i < tasks; i++)
      taskIds.push((await core.handlers['tasks.create'](everySecondTask(i))).id);
    const q = core.db.sequelize;
    await q.query('CREATE TABLE bench_claims (execution_id INTEGER PRIMARY KEY, claimed_at REAL NOT NULL)');
    await q.query(`CREATE TRIGGER bench_claim AFTER INSERT ON task_executions BEGIN
      INSERT INTO bench_claims VALUES (NEW.id, (julianday('now') - 2440587.5) * 86400000.0); END`);
    const startedEvent = new Map<number, number>();
    core.events.on('execution.started', ({ execution }) => startedEvent.set(execution.id, Date.now()));
    await core.start();
    const startedAt = Date.now();
    const cpuBefore = process.cpuUsage();
    // The helpers' CPU and their commands' (helper mode), or the commands' under this process (in-process).
    const treeBefore = new Map<number, { own: number; children: number }>();
    for (const pid of [process.pid, ...(core.runHelper?.helperPids ?? [])]) {
      const times = pid === undefined ? null : cpuTimes(pid);
      if (times && pid !== undefined) treeBefore.set(pid, times);
    }
    const from = Math.ceil(Date.now() / 1000) * 1000 + 2000;
    const stopAt = from + seconds * 1000 + TAIL_MARGIN_MS;
    await sleep(stopAt - Date.now());
    const to = stopAt - TAIL_MARGIN_MS;
    const cpu = process.cpuUsage(cpuBefore);
    // Every run since the start (the lead-in and the tail included), against the CPU time since the start.
    const [{ n: allRuns, spawned }] = (await q.query(
      'SELECT COUNT(*) AS n, COUNT(pid) AS spawned FROM task_executions',
      { type: QueryTypes.SELECT, raw: true },
    )) as { n: number; spawned: number }[];
    const processesPerSecond = Number(spawned) / ((Date.now() - startedAt) / 1000);
    const rows = (await q.query(
      `SELECT e.id, e.task_id, e.scheduled_at, e.created_at, e.start_time, e.pid_started_at, e.status, c.claimed_at
       FROM task_executions e LEFT JOIN bench_claims c ON c.execution_id = e.id
       WHERE e.scheduled_at BETWEEN ? AND ?`,
      { replacements: [from, to], type: QueryTypes.SELECT, raw: true },
    )) as {
      id: number;
      task_id: number;
      scheduled_at: number;
      created_at: number;
      start_time: number;
      pid_started_at: number | null;
      status: string;
      claimed_at: number | null;
    }[];
    const helperRss = core.runHelper ? residentBytesOf(core.runHelper.helperPids) : null;
    let helperCpu = 0;
    let commandCpu = 0;
    for (const pid of [process.pid, ...(core.runHelper?.helperPids ?? [])]) {
      const times = pid === undefined ? null : cpuTimes(pid);
      if (!times || pid === undefined) continue;
      const before = treeBefore.get(pid) ?? { own: 0, children: 0 }; // a helper started during the level
      if (pid !== process.pid) helperCpu += times.own - before.own;
      commandCpu += times.children - before.children;
    }
    await core.stop(10_000);

    const perSlot = new Map<string, number>();
    const claim: number[] = [];
    const ask: number[] = [];
    const spawn: number[] = [];
    const start: number[] = [];
    const queuedStart: number[] = [];
    const directStart: number[] = [];
    const event: number[] = [];
    const statuses: Record<string, number> = {};
    let ran = 0;
    let duplicated = 0;
    const offset = procStartOffsetMs();
    for (const r of rows) {
      const key = `${r.task_id}:${r.scheduled_at}`;
      perSlot.set(key, (perSlot.get(key) ?? 0) + 1);
      statuses[r.status] = (statuses[r.status] ?? 0) + 1;
      if (!RAN.has(r.status)) continue;
      ran++;
      const scheduled = Number(r.scheduled_at);
      ask.push(Number(r.created_at) - scheduled);
      const processStarted = r.pid_started_at === null ? null : Number(r.pid_started_at) - offset;
      if (processStarted !== null) {
        start.push(processStarted - scheduled);
        const waited = Number(r.start_time) > Number(r.created_at);
        (waited ? queuedStart : directStart).push(processStarted - scheduled);
      }
      if (r.claimed_at !== null) {
        const claimed = Number(r.claimed_at);
        claim.push(claimed - scheduled);
        if (processStarted !== null) spawn.push(processStarted - claimed);
        const seen = startedEvent.get(r.id);
        if (seen !== undefined) event.push(seen - claimed);
      }
    }
    for (const n of perSlot.values()) if (n > 1) duplicated += n - 1;
    const slots = tasks * (Math.floor((to - from) / 1000) + 1);
    const { missed = 0, skipped = 0, ...rest } = statuses;
    for (const s of RAN) delete rest[s];
    return {
      tasks,
      seconds,
      slots,
      ran,
      startedPerSecond: ran / ((to - from) / 1000 + 1),
      claimP50: percentile(claim, 50),
      claimP99: percentile(claim, 99),
      askP50: percentile(ask, 50),
      askP99: percentile(ask, 99),
      spawnP50: percentile(spawn, 50),
      spawnP99: percentile(spawn, 99),
      startP50: percentile(start, 50),
      startP99: percentile(start, 99),
      queuedRuns: queuedStart.length,
      queuedStartP99: percentile(queuedStart, 99),
      directStartP99: percentile(directStart, 99),
      eventP50: percentile(event, 50),
      eventP99: percentile(event, 99),
      cpuPerRunMs: (cpu.user + cpu.system) / 1000 / Math.max(1, allRuns),
      helperCpuPerRunMs: core.runHelper ? helperCpu / Math.max(1, allRuns) : null,
      commandCpuPerRunMs: commandCpu / Math.max(1, allRuns),
      processesPerSecond,
      missed,
      skipped,
      duplicated,
      unrecorded: slots - perSlot.size,
      otherStatuses: rest,
      helperRss,
    };
  } finally {
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}
