// Scheduler benchmark: `npm run bench -- scheduler`.
//  (a) the sweep (scheduler-sweep.ts): 25, 50, 100 and 200 tasks firing every second (`* * * * * *`,
//      command `true`, overlap parallel, concurrency limit 64), each for 30 s through createCore on a
//      temporary data dir, runs started by the run helper (runner/spawner/) as in the app and `serve`, then
//      again in the engine's own process for comparison (BENCH_SCHED_MODES). Per level: demand, runs started/s, timer -> claimed and claimed -> process-started
//      lateness (p50, p99), missed, skipped, duplicated and unrecorded slots. In the same run, the floors that
//      bound every design on the machine: this process's bare spawn capacity (bursts of 200
//      `child_process.spawn` calls from the same process, after the sweep: the same Node, the same heap), the
//      same bursts through the engine's launcher (posix_spawn, runner/posix-spawn.ts; Linux), a run
//      helper's (bursts of 200 starts through a fresh helper, to its last reply), and posix_spawn from C.
//  (n) (opt-in, BENCH_SCHED_PART=n) the older comparison at 200 tasks: one `CronJob` (cron package) per task,
//      callback lateness without spawning, and one `CronJob` per task that spawns (the naive design).
//  (b) starting the core with 10,000 tasks (inserted with raw SQL): time from createCore until every task
//      is scheduled (scheduler.state().nextRunAt set, and every row has next_run_at), and RSS. Runs in a
//      child process so that its RSS is its own.
//  (c) the next-run arithmetic itself: nextRunAfter against CronTime.getNextDateFrom (which we use only as the
//      reference in tests, see timing/cron-matcher.ts), and previewSchedule as the editor calls it.
// Targets: (a) per level runs started/s >= 90% of min(demand, bare capacity), claim p99 <= 50 ms, start
// p99 <= 100 ms while demand <= half the bare capacity, 0 duplicated, every slot recorded; (b) <= 1.5 s,
// <= 200 MB. BENCH_SCHED_SECONDS shortens each level, BENCH_SCHED_LEVELS=25,50 picks levels, BENCH_SCHED_PART
// (letters a, b, c, n) picks parts, BENCH_SCHED_BUDGETS=0,10 compares spawn-turn budgets (spawn-pacer.ts).
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { CronJob, CronTime } from 'cron';
import { QueryTypes } from 'sequelize';
import { createCore } from '../src/main/core/core';
import { openCoreDatabase } from '../src/main/core/db/database';
import { loadPosixSpawn, type SpawnFn } from '../src/main/core/runner/posix-spawn';
import { setTurnBudget, TURN_BUDGET_MS } from '../src/main/core/scheduler/spawn-pacer';
import { previewSchedule } from '../src/main/core/timing/preview';
import { nextRunAfter } from '../src/main/core/timing/schedule-math';
import {
  everySecondTask,
  helperLauncher,
  LEVELS,
  residentBytesOf,
  runLevel,
  type LevelResult,
  type SpawnMode,
} from './scheduler-sweep';

const SECONDS = Number(process.env.BENCH_SCHED_SECONDS ?? 30);
const TASKS = Number(process.env.BENCH_SCHED_TASKS ?? 200);
const STARTUP_TASKS = 10_000;
/** Slots this close to the stop are left out: their runs may still be starting when the core stops. */
const TAIL_MARGIN_MS = 3000;
const PART = process.env.BENCH_SCHED_PART ?? 'abc'; // n (the CronJob comparison) only when asked
const SWEEP_LEVELS = process.env.BENCH_SCHED_LEVELS
  ? process.env.BENCH_SCHED_LEVELS.split(',').map(Number)
  : LEVELS;
/** BENCH_SCHED_BUDGETS=0,10,20 runs each level with each spawn-turn budget (0 = one spawn per turn). */
const SWEEP_BUDGETS = process.env.BENCH_SCHED_BUDGETS
  ? process.env.BENCH_SCHED_BUDGETS.split(',').map(Number)
  : [TURN_BUDGET_MS];

/** BENCH_SCHED_MODES=helper runs the sweep only as the app runs it (default: with the helper, then without). */
const SWEEP_MODES = (process.env.BENCH_SCHED_MODES ?? 'helper,in-process').split(',') as SpawnMode[];

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function percentile(values: number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
}

const fmt = (ms: number) => (Number.isFinite(ms) ? `${ms.toFixed(1)} ms` : 'n/a');
const verdict = (ok: boolean) => (ok ? 'PASS' : 'MISS');

function tempDir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'ck-bench-sched-'));
}

interface FireCounts {
  expected: number;
  missed: number;
  duplicated: number;
}

/** Fires per (task, slot) against every slot in [from, to] for every task. */
function countFires(fires: Map<string, number>, taskIds: number[], from: number, to: number): FireCounts {
  let expected = 0;
  let missed = 0;
  let duplicated = 0;
  for (const id of taskIds) {
    for (let slot = from; slot <= to; slot += 1000) {
      expected++;
      const n = fires.get(`${id}:${slot}`) ?? 0;
      if (n === 0) missed++;
      if (n > 1) duplicated += n - 1;
    }
  }
  return { expected, missed, duplicated };
}

/** The command every design runs, spawned the way the executor does (shell, piped output, drained). */
function spawnTrue(onSpawned: () => void, launch: SpawnFn = spawn as SpawnFn): void {
  const child = launch('/bin/sh', ['-c', 'true'], { stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  onSpawned();
  child.stdout!.resume();
  child.stderr!.resume();
}

/**
 * This process's bare spawn capacity: bursts of TASKS spawns with nothing else going on. `spawn` is
 * synchronous in Node (fork, then wait for the child's exec), so a burst of N takes N times one spawn, whatever
 * schedules it: the time to the last spawn of a burst is a floor for the p99 of N tasks due in the same second.
 */
async function spawnFloor(
  count = TASKS,
  launch: SpawnFn = spawn as SpawnFn,
): Promise<{ burstMs: number; perSecond: number }> {
  const bursts: number[] = [];
  for (let b = 0; b < 3; b++) {
    const t0 = performance.now();
    let last = t0;
    for (let i = 0; i < count; i++) spawnTrue(() => (last = performance.now()), launch);
    bursts.push(last - t0);
    await sleep(1500);
  }
  const burstMs = percentile(bursts, 50);
  return { burstMs, perSecond: (count / burstMs) * 1000 };
}

/**
 * The operating system's own process-creation floor, without Node: a tiny `/bin/sh` starts TASKS
 * `/bin/sh -c true` in the background and waits for them (median of 3). Process creation here costs what it
 * costs for every program, so TASKS processes started at one instant cannot all be running sooner than this.
 */
function shellBurstFloorMs(): number {
  const script = `i=0; while [ $i -lt ${TASKS} ]; do /bin/sh -c true & i=$((i+1)); done; wait`;
  const bursts: number[] = [];
  for (let b = 0; b < 3; b++) {
    const t0 = performance.now();
    spawnSync('/bin/sh', ['-c', script], { stdio: 'ignore' });
    bursts.push(performance.now() - t0);
  }
  return percentile(bursts, 50);
}

// The cheapest process creation any program has: posix_spawn (vfork, then exec) from a tiny C program
// that does nothing else. Prints the ms until the last of argv[1] spawns has returned.
const POSIX_SPAWN_C = `#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <sys/wait.h>
extern char **environ;
static double ms(void) { struct timespec t; clock_gettime(CLOCK_MONOTONIC, &t); return t.tv_sec * 1e3 + t.tv_nsec / 1e6; }
int main(int argc, char **argv) {
  int n = atoi(argv[1]); char *args[] = {"/bin/sh", "-c", "true", 0}; pid_t pid;
  double t0 = ms();
  for (int i = 0; i < n; i++) posix_spawn(&pid, "/bin/sh", 0, 0, args, environ);
  printf("%.1f\\n", ms() - t0);
  while (wait(0) > 0) {}
  return 0;
}
`;

/**
 * The floor below every design on this machine: TASKS `sh -c true` started by posix_spawn from C, by one
 * spawner and by one per CPU sharing the work (median of 3 each). Needs a C compiler (`cc`); null without.
 */
function posixSpawnFloor(count = TASKS): { oneMs: number; perCpuMs: number } | null {
  if (process.platform === 'win32') return null;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ck-spawn-'));
  try {
    fs.writeFileSync(path.join(dir, 'spawn.c'), POSIX_SPAWN_C);
    const binary = path.join(dir, 'spawn');
    const built = spawnSync('cc', ['-O2', '-o', binary, path.join(dir, 'spawn.c')], { stdio: 'ignore' });
    if (built.status !== 0) return null;
    const cpus = os.cpus().length;
    const median = (spawners: number) => {
      const runs: number[] = [];
      for (let r = 0; r < 3; r++) {
        const t0 = performance.now();
        const each = Math.ceil(count / spawners);
        const script = `for i in $(seq ${spawners}); do '${binary}' ${each} >/dev/null & done; wait`;
        spawnSync('/bin/sh', ['-c', script], { stdio: 'ignore' });
        runs.push(performance.now() - t0);
      }
      return percentile(runs, 50);
    };
    return { oneMs: median(1), perCpuMs: median(cpus) };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * One CronJob per task, the way the original design scheduled. Without `spawnCommand`: callback lateness
 * against the intended second. With it, each tick spawns the command and lateness runs to the spawn.
 */
async function cronJobBaseline(
  spawnCommand: boolean,
): Promise<{ p50: number; p99: number; counts: FireCounts }> {
  const lateness: number[] = [];
  const fires = new Map<string, number>();
  const start = Math.ceil(Date.now() / 1000) * 1000 + 2000;
  const end = start + SECONDS * 1000;
  const jobs = Array.from({ length: TASKS }, (_, id) =>
    CronJob.from({
      cronTime: '* * * * * *',
      timeZone: 'UTC',
      start: true,
      onTick: () => {
        // The second this tick was meant for (CronJob may fire a few ms early).
        const intended = Math.floor((Date.now() + 50) / 1000) * 1000;
        if (intended < start || intended > end) return;
        if (spawnCommand) spawnTrue(() => lateness.push(Date.now() - intended));
        else lateness.push(Date.now() - intended);
        const key = `${id}:${intended}`;
        fires.set(key, (fires.get(key) ?? 0) + 1);
      },
    }),
  );
  await sleep(end + 1500 - Date.now());
  for (const job of jobs) void job.stop();
  if (spawnCommand) await sleep(2000); // the last children exit before the next part starts
  return {
    p50: percentile(lateness, 50),
    p99: percentile(lateness, 99),
    counts: countFires(
      fires,
      jobs.map((_, id) => id),
      start,
      end,
    ),
  };
}

/** Executions that ran (started a process) among the core's results. */
function ranCount(core: CoreResult): number {
  return ['success', 'failed', 'running', 'timed_out', 'cancelled'].reduce(
    (sum, status) => sum + (core.statuses[status] ?? 0),
    0,
  );
}

interface CoreResult {
  p50: number;
  p99: number;
  eventP50: number;
  eventP99: number;
  counts: FireCounts;
  statuses: Record<string, number>;
  executions: number;
}

async function coreRun(): Promise<CoreResult> {
  const dataDir = tempDir();
  try {
    const core = await createCore({ dataDir });
    await core.handlers['settings.update']({ concurrencyLimit: 64 });
    const taskIds: number[] = [];
    for (let i = 0; i < TASKS; i++)
      taskIds.push((await core.handlers['tasks.create'](everySecondTask(i, 'bench'))).id);
    const startedAt = new Map<number, number>();
    core.events.on('execution.started', ({ execution }) => startedAt.set(execution.id, Date.now()));
    await core.start();
    const from = Math.ceil(Date.now() / 1000) * 1000 + 2000;
    const stopAt = from + SECONDS * 1000 + TAIL_MARGIN_MS;
    await sleep(stopAt - Date.now());
    await core.stop(10_000);
    const to = stopAt - TAIL_MARGIN_MS;

    const db = await openCoreDatabase(dataDir);
    const rows = (await db.sequelize.query(
      `SELECT id, task_id, scheduled_at, start_time, status FROM task_executions
       WHERE scheduled_at BETWEEN ? AND ?`,
      { replacements: [from, to], type: QueryTypes.SELECT, raw: true },
    )) as { id: number; task_id: number; scheduled_at: number; start_time: number; status: string }[];
    await db.close();

    const fires = new Map<string, number>();
    const statuses: Record<string, number> = {};
    const lateness: number[] = [];
    const eventLateness: number[] = [];
    const ran = new Set(['success', 'failed', 'running', 'timed_out', 'cancelled']);
    for (const row of rows) {
      statuses[row.status] = (statuses[row.status] ?? 0) + 1;
      if (!ran.has(row.status)) continue; // missed / skipped / queued-then-cancelled did not run
      const key = `${row.task_id}:${row.scheduled_at}`;
      fires.set(key, (fires.get(key) ?? 0) + 1);
      lateness.push(row.start_time - row.scheduled_at);
      const seen = startedAt.get(row.id);
      if (seen !== undefined) eventLateness.push(seen - row.scheduled_at);
    }
    return {
      p50: percentile(lateness, 50),
      p99: percentile(lateness, 99),
      eventP50: percentile(eventLateness, 50),
      eventP99: percentile(eventLateness, 99),
      counts: countFires(fires, taskIds, from, to),
      statuses,
      executions: rows.length,
    };
  } finally {
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

/** (b), in a child process: 10,000 tasks inserted with raw SQL, then createCore + start. */
async function startupChild(): Promise<void> {
  const dataDir = tempDir();
  try {
    const setup = await openCoreDatabase(dataDir);
    const now = Date.now();
    const today = new Date(now).getUTCDate();
    const zones = ['UTC', 'Europe/Berlin', 'America/New_York', 'Asia/Shanghai'];
    await setup.sequelize.transaction(async (transaction) => {
      const values: string[] = [];
      const replacements: unknown[] = [];
      for (let n = 0; n < STARTUP_TASKS; n++) {
        // Monthly, on a day 3-22 days away from today (mod 28), so nothing fires during the measurement.
        const day = ((today - 1 + 3 + (n % 20)) % 28) + 1;
        values.push('(?, ?, ?, ?, ?, ?, ?)');
        replacements.push(
          `startup ${n}`,
          'true',
          `${n % 60} ${n % 24} ${day} * *`,
          zones[n % zones.length],
          'parallel',
          now,
          now,
        );
        if (values.length === 500 || n === STARTUP_TASKS - 1) {
          await setup.sequelize.query(
            `INSERT INTO scheduled_tasks (name, command, cron_expression, timezone, overlap_policy, created_at,
               updated_at) VALUES ${values.join(', ')}`,
            { replacements, transaction },
          );
          values.length = 0;
          replacements.length = 0;
        }
      }
    });
    await setup.close();

    const rssBefore = process.memoryUsage().rss;
    let peakRss = rssBefore;
    const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 10);
    const t0 = performance.now();
    const core = await createCore({ dataDir });
    await core.start();
    const startedMs = performance.now() - t0;
    let stateMs = Number.NaN;
    let allRowsMs = Number.NaN;
    const deadline = t0 + 30_000;
    while (performance.now() < deadline && (Number.isNaN(stateMs) || Number.isNaN(allRowsMs))) {
      if (Number.isNaN(stateMs) && core.scheduler.state().nextRunAt !== null)
        stateMs = performance.now() - t0;
      if (Number.isNaN(allRowsMs)) {
        const [row] = (await core.db.sequelize.query(
          'SELECT COUNT(*) AS n FROM scheduled_tasks WHERE next_run_at IS NULL',
          { type: QueryTypes.SELECT, raw: true },
        )) as { n: number }[];
        if (Number(row.n) === 0) allRowsMs = performance.now() - t0;
      }
      if (Number.isNaN(stateMs) || Number.isNaN(allRowsMs)) await sleep(10);
    }
    peakRss = Math.max(peakRss, process.memoryUsage().rss);
    clearInterval(sampler);
    const rssAfter = process.memoryUsage().rss;
    // The share of the schedule arithmetic: the same 10,000 next-run computations on their own (warm).
    const tasks = (await core.db.sequelize.query('SELECT cron_expression, timezone FROM scheduled_tasks', {
      type: QueryTypes.SELECT,
      raw: true,
    })) as { cron_expression: string; timezone: string }[];
    const t1 = performance.now();
    for (const task of tasks) nextRunAfter(task.cron_expression, task.timezone, Date.now());
    const arithmeticMs = performance.now() - t1;
    await core.stop(1000);
    console.log(
      JSON.stringify({ startedMs, stateMs, allRowsMs, rssBefore, rssAfter, peakRss, arithmeticMs }),
    );
  } finally {
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  if (process.argv.includes('--startup-child')) return startupChild();

  const load = os
    .loadavg()
    .map((l) => l.toFixed(2))
    .join(', ');
  console.log(`Node ${process.version}, ${os.cpus().length} CPUs, load average ${load}`);
  if (PART.includes('c')) arithmeticPart();
  if (PART.includes('b')) await startupPart();
  if (PART.includes('a')) await sweepPart();
  if (PART.includes('n')) await firingPart();
}

function microseconds(runs: number, fn: (i: number) => unknown): number {
  for (let i = 0; i < 20; i++) fn(i);
  const t0 = performance.now();
  for (let i = 0; i < runs; i++) fn(i);
  return ((performance.now() - t0) / runs) * 1000;
}

function arithmeticPart(): void {
  console.log('(c) next-run arithmetic, Europe/Berlin, per call');
  const from = Date.UTC(2026, 4, 1);
  for (const expr of ['30 2 * * *', '*/5 * * * *', '0 0 1 * *']) {
    const time = new CronTime(expr, 'Europe/Berlin');
    const pkg = microseconds(100, (i) =>
      time.getNextDateFrom(new Date(from + i * 3_600_000), 'Europe/Berlin'),
    );
    const ours = microseconds(5000, (i) => nextRunAfter(expr, 'Europe/Berlin', from + i * 3_600_000));
    console.log(
      `  ${expr.padEnd(14)} CronTime ${pkg.toFixed(0)} us, nextRunAfter ${ours.toFixed(1)} us (x${(pkg / ours).toFixed(0)})`,
    );
  }
  const times: number[] = [];
  for (const expr of ['*/5 * * * *', '0 9 * * 1-5', '30 2 * * *', '0 0 1 * *', '* * * * * *']) {
    for (const zone of ['America/New_York', 'Europe/Berlin', 'Asia/Shanghai']) {
      const t0 = performance.now();
      previewSchedule(expr, zone, 10, Date.now());
      times.push(performance.now() - t0);
    }
  }
  const p50 = percentile(times, 50);
  console.log(
    `  previewSchedule (10 runs + DST notes): p50 ${fmt(p50)}, max ${fmt(Math.max(...times))} (first use of a zone included)`,
  );
  console.log(`  ${verdict(p50 < 20)} preview < 20 ms (p50 ${fmt(p50)})`);
}

async function startupPart(): Promise<void> {
  console.log(`(b) starting the core with ${STARTUP_TASKS} tasks (child process)`);
  const child = spawnSync(process.execPath, [...process.execArgv, process.argv[1], '--startup-child'], {
    encoding: 'utf8',
    maxBuffer: 16 * 1024 * 1024,
  });
  const line = child.stdout.trim().split('\n').pop() ?? '';
  let startup: {
    startedMs: number;
    stateMs: number;
    allRowsMs: number;
    arithmeticMs: number;
    rssBefore: number;
    rssAfter: number;
    peakRss: number;
  } | null = null;
  try {
    startup = JSON.parse(line);
  } catch {
    console.log(`  startup child failed (exit ${child.status}):\n${child.stderr}\n${child.stdout}`);
  }
  if (startup) {
    const mb = (b: number) => `${(b / 1024 / 1024).toFixed(0)} MB`;
    const scheduled = Math.max(startup.stateMs, startup.allRowsMs);
    console.log(`  createCore + start resolved:           ${fmt(startup.startedMs)}`);
    console.log(`  scheduler.state().nextRunAt set:       ${fmt(startup.stateMs)}`);
    console.log(`  every task row has next_run_at:        ${fmt(startup.allRowsMs)}`);
    console.log(
      `  of which next-run arithmetic (10,000 nextRunAfter, measured alone): ${fmt(startup.arithmeticMs)}`,
    );
    console.log(
      `  RSS: before createCore ${mb(startup.rssBefore)}, after ${mb(startup.rssAfter)}, peak ${mb(startup.peakRss)}`,
    );
    console.log(`  ${verdict(scheduled <= 1500)} all scheduled in <= 1.5 s (${fmt(scheduled)})`);
    console.log(
      `  ${verdict(startup.peakRss <= 200 * 1024 * 1024)} RSS <= 200 MB (peak ${mb(startup.peakRss)})`,
    );
  }
}

async function sweepPart(): Promise<void> {
  console.log(
    `\n(a) sweep: ${SWEEP_LEVELS.join(', ')} tasks every second, ${SECONDS} s each, real \`true\`, ` +
      `runs started ${SWEEP_MODES.map((m) => (m === 'helper' ? 'by the run helper (as the app and serve do)' : 'in the engine process')).join(', then ')}; ` +
      `spawn turn budget ${SWEEP_BUDGETS.join(' / ')} ms`,
  );
  const results: (LevelResult & { budget: number; mode: SpawnMode })[] = [];
  for (const mode of SWEEP_MODES)
    for (const tasks of SWEEP_LEVELS)
      for (const budget of SWEEP_BUDGETS) {
        setTurnBudget(budget);
        const r = { ...(await runLevel(tasks, SECONDS, mode)), budget, mode };
        results.push(r);
        const label = `${mode}${SWEEP_BUDGETS.length > 1 ? `, budget ${budget} ms` : ''}`;
        console.log(
          `  ${String(tasks).padStart(3)} tasks (${label}): demand ${tasks}/s, started ${r.startedPerSecond.toFixed(1)}/s ` +
            `(${r.ran} of ${r.slots} slots); timer->claimed p50 ${fmt(r.claimP50)}, p99 ${fmt(r.claimP99)} ` +
            `(timer->claim asked p50 ${fmt(r.askP50)}, p99 ${fmt(r.askP99)}); claimed->process started ` +
            `p50 ${fmt(r.spawnP50)}, p99 ${fmt(r.spawnP99)} (claimed->started event p50 ${fmt(r.eventP50)}, ` +
            `p99 ${fmt(r.eventP99)}); timer->process started p50 ${fmt(r.startP50)}, p99 ${fmt(r.startP99)} ` +
            `(p99 ${fmt(r.directStartP99)} started at once, ${fmt(r.queuedStartP99)} for the ${r.queuedRuns} that waited for a place under the limit); ` +
            `missed ${r.missed}, skipped ${r.skipped}, duplicated ${r.duplicated}, ` +
            `unrecorded ${r.unrecorded}; processes started ${r.processesPerSecond.toFixed(1)}/s (every slot, backlog included); CPU per run: this process ${r.cpuPerRunMs.toFixed(2)} ms` +
            `${r.helperCpuPerRunMs === null ? '' : `, the helpers ${r.helperCpuPerRunMs.toFixed(2)} ms`}, the command ${r.commandCpuPerRunMs.toFixed(2)} ms` +
            `${r.helperRss === null ? '' : `; helpers' RSS ${(r.helperRss / 1048576).toFixed(0)} MB`}${Object.keys(r.otherStatuses).length ? `, other ${JSON.stringify(r.otherStatuses)}` : ''}`,
        );
        await sleep(2000); // the last children exit before the next level
      }
  // The floors, measured now in this same process (same Node, same loaded modules and heap as the engine).
  const mem = process.memoryUsage();
  const floor = await spawnFloor(200);
  console.log(
    `  bare spawn capacity of this process (RSS ${(mem.rss / 1048576).toFixed(0)} MB, heap ` +
      `${(mem.heapUsed / 1048576).toFixed(0)} MB): 200 spawns in ${fmt(floor.burstMs)} = ${floor.perSecond.toFixed(0)} spawns/s`,
  );
  const launch = loadPosixSpawn();
  if (launch) {
    const launcherFloor = await spawnFloor(200, launch);
    console.log(
      `  the same process through the engine's launcher (posix_spawn, runner/posix-spawn.ts): 200 spawns in ` +
        `${fmt(launcherFloor.burstMs)} = ${launcherFloor.perSecond.toFixed(0)} spawns/s`,
    );
  }
  const helperFloor = await helperSpawnFloor(200);
  if (helperFloor)
    console.log(
      `  bare spawn capacity of the run helpers (RSS ${(helperFloor.rss / 1048576).toFixed(0)} MB in all): 200 spawns in ` +
        `${fmt(helperFloor.burstMs)} = ${((200 / helperFloor.burstMs) * 1000).toFixed(0)} spawns/s`,
    );
  const cFloor = posixSpawnFloor(200);
  console.log(
    cFloor
      ? `  posix_spawn floor (C): 200 \`sh -c true\` in ${fmt(cFloor.oneMs)} from one spawner ` +
          `(${((200 / cFloor.oneMs) * 1000).toFixed(0)}/s), ${fmt(cFloor.perCpuMs)} from ${os.cpus().length} ` +
          `(${((200 / cFloor.perCpuMs) * 1000).toFixed(0)}/s)`
      : '  posix_spawn floor: skipped (needs a C compiler, `cc`)',
  );
  console.log("  targets per level (capacity: this process's bare spawn capacity, as the issue defines it):");
  for (const r of results) {
    const want = 0.9 * Math.min(r.tasks, floor.perSecond);
    const halfCapacity = r.tasks <= floor.perSecond / 2;
    const label = `${r.mode}${SWEEP_BUDGETS.length > 1 ? `, budget ${r.budget} ms` : ''}`;
    const capacity =
      r.mode === 'helper' && helperFloor ? (200 / helperFloor.burstMs) * 1000 : floor.perSecond;
    console.log(
      `    ${String(r.tasks).padStart(3)} (${label}): ${verdict(r.startedPerSecond >= want)} started/s >= ${want.toFixed(0)} ` +
        `(${r.startedPerSecond.toFixed(1)}); ${verdict(r.claimP99 <= 50)} claim p99 <= 50 ms (${fmt(r.claimP99)}); ` +
        (halfCapacity
          ? `${verdict(r.startP99 <= 100)} start p99 <= 100 ms (${fmt(r.startP99)}; floor: ${r.tasks} ` +
            `spawns due at once take ${fmt((r.tasks / capacity) * 1000)} at the ${r.mode === 'helper' ? "helper's" : 'bare'} capacity, ` +
            `and the burst's runs use ${fmt(cpuFloorMs(r))} of each of the ${os.cpus().length} CPUs); `
          : `start p99 n/a (demand above half the bare capacity); `) +
        `${verdict(r.duplicated === 0)} 0 duplicated; ${verdict(r.unrecorded === 0)} every slot recorded`,
    );
  }
}

/**
 * The run helpers' bare spawn capacity: the helpers a core uses (runner/spawner/pool.ts: one, two during a
 * burst on 2+ CPUs) asked for 4 bursts of `count` starts of `true` with nothing else going on (the first
 * burst, which boots the second helper, is left out); a burst's time runs to the last "started" reply.
 */
/**
 * The CPU one second's burst of runs uses, spread over every CPU: the level's tasks times the CPU per run
 * of the engine, the helpers and the command together, over the CPU count. With `true` nearly all of it
 * falls within the burst (claim, start, the shell's start and exit, the record), so a burst whose runs use
 * this much of each CPU does not end sooner, whatever the order of the work.
 */
function cpuFloorMs(r: LevelResult): number {
  const perRun = r.cpuPerRunMs + (r.helperCpuPerRunMs ?? 0) + r.commandCpuPerRunMs;
  return (r.tasks * perRun) / os.cpus().length;
}

async function helperSpawnFloor(count: number): Promise<{ burstMs: number; rss: number } | null> {
  const { RunHelperPool } = await import('../src/main/core/runner/spawner/pool');
  const client = new RunHelperPool(helperLauncher(), () => {}, Math.min(2, os.availableParallelism()));
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ck-bench-helper-'));
  try {
    client.warm();
    await sleep(1000); // booted
    const bursts: number[] = [];
    for (let b = 0; b < 4; b++) {
      const t0 = performance.now();
      const handles = await Promise.all(
        Array.from(
          { length: count },
          (_, i) =>
            client.start({
              command: 'true',
              cwd: '',
              env: {},
              logPath: path.join(dir, `${b}-${i}.log`),
              logCapBytes: 1 << 20,
              timeoutMs: 0,
            }) ?? Promise.reject(new Error('no run helper could be started')),
        ),
      );
      if (b > 0) bursts.push(performance.now() - t0);
      await Promise.all(handles.map((h) => h.done));
      await sleep(1500);
    }
    return { burstMs: percentile(bursts, 50), rss: residentBytesOf(client.helperPids) };
  } finally {
    client.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

async function firingPart(): Promise<void> {
  console.log(`\n(a) ${TASKS} tasks every second for ${SECONDS} s`);
  console.log(`  baseline: ${TASKS} CronJob objects (callback lateness, no spawn) ...`);
  const baseline = await cronJobBaseline(false);
  console.log(
    `    lateness p50 ${fmt(baseline.p50)}, p99 ${fmt(baseline.p99)}; ` +
      `${baseline.counts.expected} slots, ${baseline.counts.missed} missed, ${baseline.counts.duplicated} duplicated`,
  );
  const floor = await spawnFloor();
  console.log(
    `  this process's bare spawn capacity: a burst of ${TASKS} spawns takes ${fmt(floor.burstMs)} ` +
      `(${floor.perSecond.toFixed(0)} spawns/s; ${TASKS} due in one second cannot all start sooner)`,
  );
  const shellFloor = shellBurstFloorMs();
  console.log(
    `  the OS's process-creation floor: /bin/sh starting ${TASKS} \`sh -c true\` in the background takes ` +
      `${fmt(shellFloor)} (${os.cpus().length} CPUs)`,
  );
  const cFloor = posixSpawnFloor();
  console.log(
    cFloor
      ? `  the cheapest creation there is: posix_spawn from C, ${TASKS} \`sh -c true\` to the last exit: ` +
          `${fmt(cFloor.oneMs)} from one spawner, ${fmt(cFloor.perCpuMs)} from ${os.cpus().length} in parallel`
      : '  posix_spawn floor: skipped (needs a C compiler, `cc`)',
  );
  console.log(`  naive design: ${TASKS} CronJob objects, each spawning the command ...`);
  const naive = await cronJobBaseline(true);
  console.log(
    `    tick to spawn: p50 ${fmt(naive.p50)}, p99 ${fmt(naive.p99)}; ` +
      `${naive.counts.expected} slots, ${naive.counts.missed} missed, ${naive.counts.duplicated} duplicated`,
  );
  console.log('  Cronkeeper: createCore, one timer, real `true` processes ...');
  const core = await coreRun();
  console.log(
    `    start_time - scheduled_at: p50 ${fmt(core.p50)}, p99 ${fmt(core.p99)}; ` +
      `execution.started event - scheduled_at: p50 ${fmt(core.eventP50)}, p99 ${fmt(core.eventP99)}`,
  );
  console.log(
    `    ${core.counts.expected} slots, ${core.counts.missed} missed, ${core.counts.duplicated} duplicated; ` +
      `${core.executions} executions by status ${JSON.stringify(core.statuses)}`,
  );
  console.log(`    ratio p99 Cronkeeper / CronJob without spawning: ${(core.p99 / baseline.p99).toFixed(2)}`);
  console.log(`    ratio p99 Cronkeeper / CronJob spawning: ${(core.p99 / naive.p99).toFixed(2)}`);
  console.log(
    `    runs started per second: ${(ranCount(core) / SECONDS).toFixed(0)} ` +
      `(demand ${TASKS}/s, bare spawn capacity ${floor.perSecond.toFixed(0)}/s)`,
  );
  console.log(`  ${verdict(core.p99 <= 50)} lateness p99 <= 50 ms (${fmt(core.p99)})`);
  console.log(`  ${verdict(core.counts.missed === 0)} 0 missed (${core.counts.missed})`);
  console.log(`  ${verdict(core.counts.duplicated === 0)} 0 duplicated (${core.counts.duplicated})`);
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    console.error(err);
    process.exit(1);
  },
);
