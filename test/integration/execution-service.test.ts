import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { QueryTypes } from 'sequelize';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Database } from '../../src/main/core/db/database';
import { onPostgres, openTestDatabase } from './test-database';
import { insert } from '../../src/main/core/store/sql';
import { CronkeeperError } from '../../src/main/core/errors';
import { PROGRESS_TEXT_MAX_CHARS, RESULT_MAX_BYTES } from '../../src/main/core/result-json';
import { updateProgress } from '../../src/main/core/store/execution-progress';
import { ExecutionService, encodeCursor } from '../../src/main/core/services/execution-service';
import { TaskService } from '../../src/main/core/services/task-service';
import { parseInput } from '../../src/main/core/boundary/dispatcher';

const NOW = Date.UTC(2026, 0, 15, 12, 0, 0);
const DAY = 24 * 3600 * 1000;
let dir: string;
let db: Database;
let tasks: TaskService;
let executions: ExecutionService;
let statements: string[];

beforeEach(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ck-'));
  statements = [];
  db = await openTestDatabase(dir, (sql) => statements.push(sql));
  tasks = new TaskService(db, { now: () => NOW });
  executions = new ExecutionService(db, { now: () => NOW, logsDir: path.join(dir, 'logs') });
});
afterEach(async () => {
  await db.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

interface Exec {
  taskId: number;
  status?: string;
  trigger?: string;
  start: number;
  duration?: number | null;
  result?: string | null;
}

async function add(e: Exec): Promise<number> {
  const id = await insert(
    db,
    `INSERT INTO task_executions (task_id, status, "trigger", start_time, duration_seconds, result_json, created_at)
     VALUES (:taskId, :status, :trigger, :start, :duration, :result, :start)`,
    {
      taskId: e.taskId,
      status: e.status ?? 'success',
      trigger: e.trigger ?? 'schedule',
      start: e.start,
      duration: e.duration === undefined ? 1 : e.duration,
      result: e.result ?? null,
    },
  );
  return id;
}

const newTask = (name: string) =>
  tasks.create(parseInput('tasks.create', { name, command: 'true', cronExpression: '0 * * * *' }));

async function allPages(query: Parameters<ExecutionService['history']>[0]) {
  const ids: number[] = [];
  let cursor: string | undefined;
  let pages = 0;
  do {
    const page = await executions.history({ ...query, cursor });
    ids.push(...page.items.map((e) => e.id));
    cursor = page.nextCursor ?? undefined;
    pages++;
  } while (cursor && pages < 100);
  return { ids, pages };
}

describe('history', () => {
  it('pages newest first by (start_time, id) with a cursor, no duplicates, no gaps, never OFFSET', async () => {
    const a = await newTask('a');
    const b = await newTask('b');
    // Many ties on start_time: the id breaks them.
    for (let i = 0; i < 130; i++)
      await add({ taskId: i % 3 ? a.id : b.id, start: NOW - Math.floor(i / 4) * 1000 });
    const expected = (
      await db.sequelize.query<{ id: number }>(
        'SELECT id FROM task_executions ORDER BY start_time DESC, id DESC',
        { type: QueryTypes.SELECT },
      )
    ).map((r) => r.id);
    statements.length = 0;
    const { ids, pages } = await allPages({ limit: 50 });
    expect(ids).toEqual(expected);
    expect(pages).toBe(3);
    expect(statements.some((s) => /\bOFFSET\b/i.test(s))).toBe(false);
    const first = await executions.history({});
    expect(first.items).toHaveLength(50); // the default page size
    expect(first.items[0].taskName).toBeDefined();
  });

  it('returns no cursor when the page is the last one, even when it is exactly full', async () => {
    const a = await newTask('a');
    for (let i = 0; i < 10; i++) await add({ taskId: a.id, start: NOW - i });
    const page = await executions.history({ limit: 10 });
    expect(page.items).toHaveLength(10);
    expect(page.nextCursor).toBeNull();
  });

  it('is stable while new runs arrive between pages', async () => {
    const a = await newTask('a');
    for (let i = 0; i < 20; i++) await add({ taskId: a.id, start: NOW - i * 1000 });
    const first = await executions.history({ limit: 10 });
    await add({ taskId: a.id, start: NOW + 5000 }); // a newer run appears
    const second = await executions.history({ limit: 10, cursor: first.nextCursor! });
    expect(second.items[0].startTime).toBe(NOW - 10_000);
    expect(new Set([...first.items, ...second.items].map((e) => e.id)).size).toBe(20);
  });

  it('filters by task, statuses, triggers and date range, with the task name', async () => {
    const a = await newTask('alpha');
    const b = await newTask('beta');
    await add({ taskId: a.id, status: 'success', trigger: 'schedule', start: NOW - 3 * DAY });
    const failedA = await add({ taskId: a.id, status: 'failed', trigger: 'manual', start: NOW - 2 * DAY });
    const timedOutB = await add({ taskId: b.id, status: 'timed_out', trigger: 'retry', start: NOW - DAY });
    const catchUpB = await add({ taskId: b.id, status: 'success', trigger: 'catch-up', start: NOW });
    const ids = async (q: Parameters<ExecutionService['history']>[0]) =>
      (await executions.history(q)).items.map((e) => e.id);
    expect((await ids({ taskId: b.id })).sort()).toEqual([timedOutB, catchUpB].sort());
    expect(await ids({ status: ['failed', 'timed_out'] })).toEqual([timedOutB, failedA]);
    expect(await ids({ trigger: ['catch-up', 'manual'] })).toEqual([catchUpB, failedA]);
    expect(await ids({ from: NOW - 2 * DAY, to: NOW - DAY })).toEqual([timedOutB, failedA]);
    expect(await ids({ taskId: a.id, status: ['timed_out'] })).toEqual([]);
    const [row] = (await executions.history({ taskId: a.id, limit: 1 })).items;
    expect(row).toMatchObject({ taskId: a.id, taskName: 'alpha', status: 'failed', trigger: 'manual' });
  });

  it.skipIf(onPostgres)(
    'SQLite: walks a time-ordered index for every filter combination, never sorting the matches',
    async () => {
      const a = await newTask('a');
      await add({ taskId: a.id, start: NOW });
      const cursor = encodeCursor(NOW, 99);
      const queries: Parameters<ExecutionService['history']>[0][] = [
        {},
        { cursor },
        { status: ['failed', 'timed_out'], cursor },
        { trigger: ['manual'], from: 0, to: NOW },
        { taskId: a.id, status: ['success'], cursor },
      ];
      for (const query of queries) {
        statements.length = 0;
        await executions.history(query);
        const sql = statements[0].replace(/^Executing \([^)]*\): /, '');
        const plan = await db.sequelize.query<{ detail: string }>(`EXPLAIN QUERY PLAN ${sql}`, {
          type: QueryTypes.SELECT,
        });
        const details = plan.map((p) => p.detail).join('\n');
        expect(details).not.toMatch(/TEMP B-TREE/);
        expect(details).toMatch(query?.taskId ? /idx_executions_task_start/ : /idx_executions_start/);
      }
    },
  );

  it('rejects a cursor it did not make', async () => {
    for (const cursor of ['garbage', Buffer.from('1:x').toString('base64url'), '']) {
      if (!cursor) continue;
      const err = await executions.history({ cursor }).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(CronkeeperError);
      expect((err as CronkeeperError).code).toBe('VALIDATION');
    }
    expect((await executions.history({ cursor: encodeCursor(NOW, 1) })).items).toEqual([]);
  });
});

describe('get', () => {
  it('returns one execution with its parsed result, or NOT_FOUND', async () => {
    const a = await newTask('a');
    const id = await add({ taskId: a.id, start: NOW, result: JSON.stringify({ message: 'ok', total: 3 }) });
    const execution = await executions.get(id);
    expect(execution).toMatchObject({
      id,
      taskId: a.id,
      taskName: 'a',
      status: 'success',
      startTime: NOW,
      durationSeconds: 1,
      result: { message: 'ok', total: 3 },
    });
    const err = await executions.get(id + 100).catch((e: unknown) => e);
    expect((err as CronkeeperError).code).toBe('NOT_FOUND');
  });
});

describe('stats', () => {
  it('computes counts, success rate, average, p95 and latest run from the rows', async () => {
    const a = await newTask('a');
    const b = await newTask('b');
    const rows: Exec[] = [];
    for (let i = 1; i <= 19; i++)
      rows.push({ taskId: a.id, status: 'success', start: NOW - i * 1000, duration: i });
    rows.push({ taskId: a.id, status: 'failed', start: NOW - 30_000, duration: 100 });
    rows.push({ taskId: a.id, status: 'timed_out', start: NOW - 31_000, duration: 50 });
    rows.push({ taskId: a.id, status: 'interrupted', start: NOW - 32_000, duration: null });
    rows.push({ taskId: a.id, status: 'running', start: NOW + 1, duration: null });
    rows.push({ taskId: a.id, status: 'queued', start: NOW + 2, duration: null });
    rows.push({ taskId: a.id, status: 'skipped', start: NOW + 3, duration: null });
    rows.push({ taskId: a.id, status: 'cancelled', start: NOW - 40_000, duration: 7 });
    rows.push({ taskId: b.id, status: 'success', start: NOW - 5 * DAY, duration: 3 });
    for (const row of rows) await add(row);

    // Reference computation straight from the rows.
    const expectFor = (selected: Exec[]) => {
      const durations = selected
        .filter(
          (r) =>
            r.duration !== null && r.duration !== undefined && !['queued', 'running'].includes(r.status!),
        )
        .map((r) => r.duration!)
        .sort((x, y) => x - y);
      const success = selected.filter((r) => r.status === 'success').length;
      const failed = selected.filter((r) =>
        ['failed', 'timed_out', 'interrupted'].includes(r.status!),
      ).length;
      return {
        total: selected.length,
        success,
        failed,
        running: selected.filter((r) => r.status === 'running').length,
        successRate: success / (success + failed),
        avgDurationSeconds: durations.reduce((s, d) => s + d, 0) / durations.length,
        p95DurationSeconds: durations[Math.ceil(0.95 * durations.length) - 1],
        latestRunAt: Math.max(
          ...selected.filter((r) => !['queued', 'skipped', 'missed'].includes(r.status!)).map((r) => r.start),
        ),
      };
    };
    const forA = await executions.stats({ taskId: a.id });
    expect(forA).toMatchObject({ taskId: a.id, from: null, to: null, ...expectFor(rows.slice(0, -1)) });
    expect(forA.failed).toBe(3);
    expect(forA.p95DurationSeconds).toBe(50);
    expect(forA.latestRunAt).toBe(NOW + 1);

    const overall = await executions.stats({});
    expect(overall).toMatchObject({ taskId: null, ...expectFor(rows) });

    const windowed = await executions.stats({ from: NOW - 20_000, to: NOW });
    expect(windowed).toMatchObject(expectFor(rows.filter((r) => r.start >= NOW - 20_000 && r.start <= NOW)));
    expect(windowed.total).toBe(19);
  });

  it('gives zeros and nulls when there is nothing', async () => {
    expect(await executions.stats({})).toEqual({
      taskId: null,
      from: null,
      to: null,
      total: 0,
      success: 0,
      failed: 0,
      running: 0,
      successRate: null,
      avgDurationSeconds: null,
      p95DurationSeconds: null,
      latestRunAt: null,
    });
  });
});

describe('dashboard', () => {
  it('summarises the last 30 days, the running runs, trends and recent failures', async () => {
    const a = await newTask('a');
    const b = await newTask('b');
    const today = new Date(NOW);
    const localNoon = (daysAgo: number) =>
      new Date(today.getFullYear(), today.getMonth(), today.getDate() - daysAgo, 12).getTime();
    const dayKey = (ms: number) => {
      const d = new Date(ms);
      return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
    };
    await add({ taskId: a.id, status: 'success', start: Math.min(localNoon(0), NOW - 1) });
    await add({ taskId: a.id, status: 'failed', start: localNoon(1) });
    await add({ taskId: a.id, status: 'timed_out', start: localNoon(1) + 1 });
    await add({ taskId: b.id, status: 'success', start: localNoon(10) });
    await add({ taskId: b.id, status: 'failed', start: localNoon(20) });
    await add({ taskId: b.id, status: 'failed', start: localNoon(45) }); // outside 30 days
    const running = await add({ taskId: b.id, status: 'running', start: NOW - 1000, duration: null });

    const upcoming = [{ taskId: a.id, taskName: 'a', at: NOW + 60_000 }];
    const data = await executions.dashboard(upcoming);
    expect(data.upcoming).toEqual(upcoming);
    expect(data.running.map((e) => e.id)).toEqual([running]);
    expect(data.days).toHaveLength(30);
    expect(data.days[29].day).toBe(dayKey(NOW));
    expect(data.days[0].day).toBe(dayKey(localNoon(29)));
    const byDay = new Map(data.days.map((d) => [d.day, d]));
    expect(byDay.get(dayKey(localNoon(1)))).toEqual({ day: dayKey(localNoon(1)), success: 0, failed: 2 });
    expect(byDay.get(dayKey(localNoon(10)))!.success).toBe(1);
    expect(data.days.reduce((s, d) => s + d.failed, 0)).toBe(3);
    expect(data.failures7d).toBe(2);
    expect(data.failures30d).toBe(3);
    expect(data.successRate7d).toBeCloseTo(1 / 3);
    expect(data.successRate30d).toBeCloseTo(2 / 5);
    expect(data.recentFailures.map((e) => e.status)).toEqual(['timed_out', 'failed', 'failed', 'failed']);
    expect(data.recentFailures[0].taskName).toBe('a');
  });

  it('trends the 10 busiest tasks, at most 50 points each, oldest first', async () => {
    const ids: number[] = [];
    for (let t = 0; t < 12; t++) {
      const task = await newTask(`t${t}`);
      ids.push(task.id);
      const runs = t === 0 ? 60 : t + 1; // t0 busiest with 60 runs, t1 has 2, t11 has 12
      const values = Array.from(
        { length: runs },
        (_, i) => `(${task.id}, 'success', 'schedule', ${NOW - (i + 1) * 60_000}, ${i + 1}, 0)`,
      );
      await db.sequelize.query(
        `INSERT INTO task_executions (task_id, status, "trigger", start_time, duration_seconds, created_at) VALUES ${values.join(',')}`,
      );
    }
    const { durationTrend } = await executions.dashboard([]);
    expect(durationTrend.map((t) => t.taskName)).toEqual([
      't0',
      't11',
      't10',
      't9',
      't8',
      't7',
      't6',
      't5',
      't4',
      't3',
    ]);
    expect(durationTrend[0].points).toHaveLength(50);
    const times = durationTrend[0].points.map((p) => p.at);
    expect(times).toEqual([...times].sort((x, y) => x - y));
    expect(times[49]).toBe(NOW - 60_000); // the newest 50 kept
    expect(durationTrend[0].points[49].seconds).toBe(1);
    expect(durationTrend[1].points).toHaveLength(12);
  });
});

describe('updateProgress', () => {
  it('merges progress into the result in one UPDATE, keeping what was there', async () => {
    const a = await newTask('a');
    const id = await add({
      taskId: a.id,
      status: 'running',
      start: NOW,
      result: JSON.stringify({ command: 'job', summary: { cursor: 7 } }),
    });
    statements.length = 0;
    expect(
      await updateProgress(db, id, { progressPercent: 40, currentItem: 'row 4', message: 'working' }),
    ).toBe(true);
    // PostgreSQL 15 has no non-throwing JSON test: it reads, merges, then writes conditionally.
    expect(statements).toHaveLength(onPostgres ? 2 : 1);
    expect(statements[statements.length - 1]).toMatch(/UPDATE task_executions/);
    // Stored in the result JSON's spelling; read back by the one names.
    expect((await executions.get(id)).result).toEqual({
      command: 'job',
      summary: { cursor: 7 },
      progress_percent: 40,
      current_item: 'row 4',
      message: 'working',
    });
    expect((await executions.get(id)).progress).toEqual({
      progressPercent: 40,
      currentItem: 'row 4',
      message: 'working',
    });
    await updateProgress(db, id, { progressPercent: 80, currentStep: 2, totalSteps: 3 });
    expect((await executions.get(id)).result).toMatchObject({
      progress_percent: 80,
      current_step: 2,
      message: 'working',
    });
  });

  it('starts from {} for a NULL or garbage result, and ignores fields that are not progress', async () => {
    const a = await newTask('a');
    const nullId = await add({ taskId: a.id, status: 'running', start: NOW });
    const garbageId = await add({ taskId: a.id, status: 'running', start: NOW + 1, result: '{oops' });
    for (const id of [nullId, garbageId]) {
      await updateProgress(db, id, { progressPercent: 5, stdout: 'big', exit_code: 3 } as never);
      expect((await executions.get(id)).result).toEqual({ progress_percent: 5 });
    }
  });

  it('caps progress text, and never pushes the result over the byte limit', async () => {
    const a = await newTask('a');
    const id = await add({ taskId: a.id, status: 'running', start: NOW });
    await updateProgress(db, id, { currentItem: '中'.repeat(5000) });
    expect((await executions.get(id)).result.current_item).toBe('中'.repeat(PROGRESS_TEXT_MAX_CHARS));

    const nearlyFull = JSON.stringify({ message: 'x'.repeat(RESULT_MAX_BYTES - 20) });
    await db.sequelize.query('UPDATE task_executions SET result_json = ? WHERE id = ?', {
      replacements: [nearlyFull, id],
    });
    await updateProgress(db, id, { currentItem: 'this would overflow' });
    const [row] = await db.sequelize.query<{ r: string }>(
      'SELECT result_json AS r FROM task_executions WHERE id = ?',
      {
        replacements: [id],
        type: QueryTypes.SELECT,
      },
    );
    expect(row.r).toBe(nearlyFull);
  });

  it('reads a row stored by an older version: the stored spelling, by the one names', async () => {
    const a = await newTask('a');
    // Exactly what versions before the rename wrote (and what users' databases hold).
    const stored = JSON.stringify({
      progress_percent: 42.5,
      current_step: 3,
      total_steps: 8,
      current_item: 'b.csv',
      message: 'copying',
      insert_count: 2,
    });
    const id = await add({ taskId: a.id, status: 'running', start: NOW, result: stored });
    const execution = await executions.get(id);
    expect(execution.progress).toEqual({
      progressPercent: 42.5,
      currentStep: 3,
      totalSteps: 8,
      currentItem: 'b.csv',
      message: 'copying',
    });
    expect(execution.result).toEqual(JSON.parse(stored));
    const { items } = await tasks.list({});
    expect(items.find((item) => item.id === a.id)?.latest).toMatchObject({
      progressPercent: 42.5,
      message: 'copying',
    });
  });

  it('reports a missing execution and an empty report', async () => {
    expect(await updateProgress(db, 12345, { progressPercent: 1 })).toBe(false);
    expect(await updateProgress(db, 12345, {})).toBe(false);
  });
});
