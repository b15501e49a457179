// Foundation benchmark: `npm run bench -- foundation`.
// Builds 1,000 tasks and 1,000,000 executions in a temporary data dir, then measures:
//  (a) the task list with each task's latest run (TaskService.list, 1,000 tasks) against its floor, the
//      same correlated statement (listSql's page) through the raw sqlite3 driver on the same connection,
//      without mapping or the total's COUNT, and against the original design's query shape (grouped
//      MAX(start_time) and MAX(id) subqueries joined back), same process;
//  (b) a history page at depth 500,000 by cursor, against the same page by OFFSET;
//  (c) deleting a task with 100,000 executions (one DELETE, database cascade), against per-row ORM
//      deletion (load the children, destroy them one by one, as `hooks: true` would) measured on 10,000.
// The machine is shared and noisy, so each figure is a median and ratios are measured in the same run.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { QueryTypes } from 'sequelize';
import type sqlite3 from 'sqlite3';
import { openCoreDatabase, type Database } from '../src/main/core/db/database';
import { logsDir } from '../src/main/core/paths';
import { ExecutionService, encodeCursor } from '../src/main/core/services/execution-service';
import { listSql } from '../src/main/core/store/task-list';
import { TaskService } from '../src/main/core/services/task-service';

const TASKS = 1000;
const EXECUTIONS = 1_000_000;
const BIG_TASK_RUNS = 100_000; // task 1: deleted in (c)
const ORM_TASK_RUNS = 10_000; // task 2: deleted row by row in (c)
const HISTORY_DEPTH = 500_000;
const BASE_TIME = Date.UTC(2025, 0, 1);

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};

interface Timing {
  /** Wall-clock milliseconds: what the targets are about. */
  wall: number;
  /** CPU milliseconds of this process (SQLite's worker thread included): less sensitive to a busy machine. */
  cpu: number;
  /** The fastest wall-clock run: the least disturbed by other processes. */
  best: number;
}

async function timeOnce(fn: () => Promise<unknown>): Promise<Timing> {
  const cpuStart = process.cpuUsage();
  const start = performance.now();
  await fn();
  const wall = performance.now() - start;
  const cpu = process.cpuUsage(cpuStart);
  return { wall, cpu: (cpu.user + cpu.system) / 1000, best: wall };
}

async function timeMedian(runs: number, fn: () => Promise<unknown>, warmup = 2): Promise<Timing> {
  for (let i = 0; i < warmup; i++) await fn();
  const timings: Timing[] = [];
  for (let i = 0; i < runs; i++) timings.push(await timeOnce(fn));
  return {
    wall: median(timings.map((t) => t.wall)),
    cpu: median(timings.map((t) => t.cpu)),
    best: Math.min(...timings.map((t) => t.wall)),
  };
}

const query = (db: Database, sql: string, replacements: unknown[] | Record<string, unknown> = []) =>
  db.sequelize.query(sql, { replacements: replacements as never, type: QueryTypes.SELECT, raw: true });

/** Bulk generation inside SQLite: recursive CTEs, one transaction, no per-row round trips. */
async function generate(db: Database): Promise<void> {
  await db.sequelize.transaction(async (transaction) => {
    const run = (sql: string) => db.sequelize.query(sql, { transaction });
    // A large page cache for this one connection: the random inserts into (task_id, start_time) thrash the
    // default 2 MB cache.
    await run('PRAGMA cache_size = -262144');
    await run(`
      WITH RECURSIVE seq(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM seq WHERE n < ${TASKS})
      INSERT INTO scheduled_tasks (id, name, description, command, working_dir, env_json, cron_expression, timezone,
        enabled, paused, next_run_at, created_at, updated_at)
      SELECT n, printf('task %04d', n), 'generated', 'echo ' || n, '', '{"N":"' || n || '"}',
        printf('%d * * * *', n % 60), 'UTC', n % 10 != 0, n % 17 = 0, ${BASE_TIME} + n * 60000,
        ${BASE_TIME}, ${BASE_TIME}
      FROM seq`);
    // Every task's runs are interleaved in time, one run a second across the whole table.
    const spread = (count: number, taskExpr: string, offset: number) => `
      WITH RECURSIVE seq(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM seq WHERE n < ${count})
      INSERT INTO task_executions (task_id, status, "trigger", scheduled_at, start_time, end_time, duration_seconds,
        exit_code, result_json, retry_count, log_path, created_at)
      SELECT ${taskExpr},
        CASE WHEN n % 13 = 0 THEN 'failed' WHEN n % 101 = 0 THEN 'timed_out' ELSE 'success' END,
        CASE WHEN n % 7 = 0 THEN 'manual' ELSE 'schedule' END,
        CASE WHEN n % 7 = 0 THEN NULL ELSE ${BASE_TIME} + (n * 10 + ${offset}) * 1000 END,
        ${BASE_TIME} + (n * 10 + ${offset}) * 1000,
        ${BASE_TIME} + (n * 10 + ${offset}) * 1000 + (n % 90) * 1000,
        (n % 90) * 1.0,
        CASE WHEN n % 13 = 0 THEN 1 ELSE 0 END,
        '{"success":true,"progress_percent":100,"message":"done ' || n || '"}',
        0, NULL, ${BASE_TIME} + (n * 10 + ${offset}) * 1000
      FROM seq`;
    await run(spread(BIG_TASK_RUNS, '1', 1));
    await run(spread(ORM_TASK_RUNS, '2', 2));
    const rest = EXECUTIONS - BIG_TASK_RUNS - ORM_TASK_RUNS;
    await run(spread(rest, `3 + (n % ${TASKS - 2})`, 3));
  });
}

/** The original design's list: grouped MAX subqueries over every execution, joined back. */
const ORIGINAL_LIST_SQL = `
  SELECT t.*, latest.last_start AS latest_start_time, s.id AS latest_id, s.status AS latest_status,
         s.duration_seconds AS latest_duration, s.result_json AS latest_result
    FROM scheduled_tasks t
    LEFT JOIN (SELECT task_id, MAX(start_time) AS last_start FROM task_executions GROUP BY task_id) latest
           ON latest.task_id = t.id
    LEFT JOIN (SELECT task_id, MAX(id) AS last_id FROM task_executions GROUP BY task_id) li ON li.task_id = t.id
    LEFT JOIN task_executions s ON s.id = li.last_id
   ORDER BY t.name LIMIT 1000 OFFSET 0`;

/** The sqlite3 connection under Sequelize (its default one, as the runner's raw statements use). */
function driverConnection(db: Database): Promise<sqlite3.Database> {
  const manager = db.sequelize.connectionManager as unknown as {
    getConnection: (opts?: unknown) => Promise<sqlite3.Database>;
  };
  return manager.getConnection({});
}

function rawAll(raw: sqlite3.Database, sql: string, params: Record<string, unknown>): Promise<unknown[]> {
  return new Promise((resolve, reject) =>
    raw.all(sql, params, (err: Error | null, rows: unknown[]) => (err ? reject(err) : resolve(rows))),
  );
}

interface Row {
  label: string;
  value: string;
  cpu: string;
  target: string;
  pass: boolean | null;
}

async function main(): Promise<void> {
  console.log(`Node ${process.version}, ${os.cpus().length} CPUs`);
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ck-bench-'));
  const results: Row[] = [];
  const fmt = (ms: number) => `${ms.toFixed(ms < 10 ? 2 : 1)} ms`;
  const add = (label: string, value: string, cpu: string, target: string, pass: boolean | null) =>
    results.push({ label, value, cpu, target, pass });
  let db: Database | undefined;
  try {
    db = await openCoreDatabase(dataDir);
    const tasks = new TaskService(db, { now: () => BASE_TIME });
    const executions = new ExecutionService(db, { now: () => BASE_TIME, logsDir: logsDir(dataDir) });

    const genMs = (await timeOnce(() => generate(db!))).wall;
    const [{ n }] = (await query(db, 'SELECT COUNT(*) AS n FROM task_executions')) as { n: number }[];
    console.log(
      `generated ${TASKS} tasks and ${n} executions in ${(genMs / 1000).toFixed(1)} s (${dataDir})`,
    );

    // (a) the task list
    const page = await tasks.list({ limit: 1000 });
    if (page.items.length !== TASKS || page.items.some((t) => !t.latest))
      throw new Error('list is incomplete');
    const list = await timeMedian(20, () => tasks.list({ limit: 1000 }));
    // The floor: the page's statement on the same sqlite3 connection (same page cache), through the
    // driver's own Database#all, no mapping, no COUNT.
    const raw = await driverConnection(db);
    const floorSql = listSql({ limit: 1000 });
    const floorParams = Object.fromEntries(Object.entries(floorSql.params).map(([k, v]) => [`:${k}`, v]));
    const floorRows = await rawAll(raw, floorSql.sql, floorParams);
    if (floorRows.length !== TASKS) throw new Error('the floor statement returned the wrong rows');
    const floor = await timeMedian(20, () => rawAll(raw, floorSql.sql, floorParams));
    const original = await timeMedian(5, () => query(db!, ORIGINAL_LIST_SQL), 1);
    const listRatio = original.wall / list.wall;
    add(
      '(a) list 1,000 tasks + latest run (median of 20)',
      fmt(list.wall),
      fmt(list.cpu),
      '<= 15 ms',
      list.wall <= 15,
    );
    add('    fastest of those 20', fmt(list.best), '', '', null);
    add(
      '    floor: same statement, raw driver, no mapping (median of 20)',
      fmt(floor.wall),
      fmt(floor.cpu),
      '',
      null,
    );
    add('    floor, fastest of those 20', fmt(floor.best), '', '', null);
    // Gated on CPU (this process's, SQLite's thread included): on a shared machine the wall clock mostly
    // measures the other processes. The wall ratios are printed beside it.
    add(
      '    list / floor (median wall; fastest wall in the target column)',
      `${(list.wall / floor.wall).toFixed(2)}x`,
      `${(list.cpu / floor.cpu).toFixed(2)}x`,
      `${(list.best / floor.best).toFixed(2)}x`,
      null,
    );
    add(
      '    list / floor in CPU',
      '',
      `${(list.cpu / floor.cpu).toFixed(2)}x`,
      '<= 2x',
      list.cpu <= 2 * floor.cpu,
    );
    add('    original grouped-MAX shape (median of 5)', fmt(original.wall), fmt(original.cpu), '', null);
    add(
      '    speed-up vs original',
      `${listRatio.toFixed(1)}x`,
      `${(original.cpu / list.cpu).toFixed(1)}x`,
      '>= 10x',
      listRatio >= 10,
    );

    // (b) a history page at depth 500,000
    const [edge] = (await query(
      db,
      'SELECT start_time, id FROM task_executions ORDER BY start_time DESC, id DESC LIMIT 1 OFFSET ?',
      [HISTORY_DEPTH - 1],
    )) as { start_time: number; id: number }[];
    const cursor = encodeCursor(Number(edge.start_time), Number(edge.id));
    const byCursor = await executions.history({ cursor, limit: 50 });
    const offsetSql = `SELECT e.*, (SELECT t.name FROM scheduled_tasks t WHERE t.id = e.task_id) AS task_name
      FROM task_executions e ORDER BY e.start_time DESC, e.id DESC LIMIT 50 OFFSET ${HISTORY_DEPTH}`;
    const byOffset = (await query(db, offsetSql)) as { id: number }[];
    if (byCursor.items.map((e) => e.id).join() !== byOffset.map((e) => Number(e.id)).join()) {
      throw new Error('cursor and OFFSET pages differ');
    }
    const byCursorTime = await timeMedian(20, () => executions.history({ cursor, limit: 50 }));
    const byOffsetTime = await timeMedian(5, () => query(db!, offsetSql), 1);
    add(
      '(b) history page at depth 500,000 by cursor (median of 20)',
      fmt(byCursorTime.wall),
      fmt(byCursorTime.cpu),
      '<= 5 ms',
      byCursorTime.wall <= 5,
    );
    add('    fastest of those 20', fmt(byCursorTime.best), '', '', null);
    add(
      '    same page by OFFSET (median of 5)',
      `${fmt(byOffsetTime.wall)} (${(byOffsetTime.wall / byCursorTime.wall).toFixed(0)}x slower)`,
      fmt(byOffsetTime.cpu),
      '',
      null,
    );

    // (c) deleting a task with 100,000 executions
    if ((await tasks.executionCount(1)) !== BIG_TASK_RUNS) throw new Error('task 1 has the wrong size');
    await query(db, 'PRAGMA wal_checkpoint(TRUNCATE)'); // start from a settled WAL, as the app would be
    let deleted = 0;
    const deletion = await timeOnce(async () => {
      deleted = (await tasks.delete(1)).deletedExecutions;
    });
    if (deleted !== BIG_TASK_RUNS)
      throw new Error(`deleted ${deleted} executions, expected ${BIG_TASK_RUNS}`);
    add(
      '(c) delete a task with 100,000 runs (one DELETE + cascade)',
      fmt(deletion.wall),
      fmt(deletion.cpu),
      '<= 500 ms',
      deletion.wall <= 500,
    );

    const { ScheduledTask, TaskExecution } = db.models;
    const orm = await timeOnce(async () => {
      const task = await ScheduledTask.findByPk(2);
      const children = await TaskExecution.findAll({ where: { task_id: 2 } });
      for (const child of children) await child.destroy();
      await task!.destroy();
    });
    const [{ left }] = (await query(
      db,
      'SELECT COUNT(*) AS left FROM task_executions WHERE task_id IN (1, 2)',
    )) as {
      left: number;
    }[];
    if (Number(left) !== 0) throw new Error('orphans left behind');
    const perRow = orm.wall / ORM_TASK_RUNS;
    const extrapolated = perRow * BIG_TASK_RUNS;
    add(
      '    per-row ORM delete of 10,000 runs',
      `${fmt(orm.wall)} (${(perRow * 1000).toFixed(0)} us/row)`,
      fmt(orm.cpu),
      '',
      null,
    );
    add(
      '    per-row ORM extrapolated to 100,000',
      `${(extrapolated / 1000).toFixed(1)} s (${(extrapolated / deletion.wall).toFixed(0)}x slower)`,
      '',
      '',
      null,
    );
  } finally {
    await db?.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }

  const width = Math.max(...results.map((r) => r.label.length)) + 2;
  const valueWidth = Math.max(...results.map((r) => r.value.length)) + 2;
  const cpuWidth = Math.max(12, ...results.map((r) => r.cpu.length)) + 2;
  console.log(
    '\n' +
      'measure'.padEnd(width) +
      'wall clock'.padEnd(valueWidth) +
      'cpu'.padEnd(cpuWidth) +
      'target'.padEnd(12) +
      'verdict',
  );
  console.log('-'.repeat(width + valueWidth + cpuWidth + 20));
  for (const r of results) {
    const verdict = r.pass === null ? '' : r.pass ? 'PASS' : 'MISS';
    console.log(
      r.label.padEnd(width) +
        r.value.padEnd(valueWidth) +
        r.cpu.padEnd(cpuWidth) +
        r.target.padEnd(12) +
        verdict,
    );
  }
  console.log(
    `\nload average: ${os
      .loadavg()
      .map((l) => l.toFixed(2))
      .join(' ')} on ${os.cpus().length} cores`,
  );
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
