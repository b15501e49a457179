import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { QueryTypes } from 'sequelize';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Database } from '../../src/main/core/db/database';
import { onPostgres, openTestDatabase } from './test-database';
import { execute, insert } from '../../src/main/core/store/sql';
import { CronkeeperError } from '../../src/main/core/errors';
import { nextRunAfter } from '../../src/main/core/timing/schedule-math';
import { SettingsService } from '../../src/main/core/services/settings-service';
import { listSql } from '../../src/main/core/store/task-list';
import { TaskService } from '../../src/main/core/services/task-service';
import { CoreEvents } from '../../src/main/core/events';
import { Scheduler } from '../../src/main/core/scheduler/index';
import type { Task, TaskInput } from '../../src/shared/types';
import { parseInput } from '../../src/main/core/boundary/dispatcher';

const NOW = Date.UTC(2026, 0, 15, 10, 0, 0);
let dir: string;
let db: Database;
let tasks: TaskService;
let statements: string[];

beforeEach(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ck-'));
  statements = [];
  db = await openTestDatabase(dir, (sql) => statements.push(sql));
  tasks = new TaskService(db, { now: () => NOW });
});
afterEach(async () => {
  await db.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

const base = (over: Partial<TaskInput> = {}): Partial<TaskInput> => ({
  name: 'Backup',
  command: 'echo hi',
  cronExpression: '0 3 * * *',
  timezone: 'UTC',
  ...over,
});

/**
 * The save path as core.ts runs it: the service saves the task, then the scheduler's planner (the one
 * writer of next_run_at) stores its next run. A scheduler that does not schedule, as in the CLI.
 */
async function saved(task: Promise<Task>, now = NOW): Promise<Task> {
  const { id } = await task;
  const scheduler = new Scheduler({
    db,
    dataDir: dir,
    events: new CoreEvents(),
    settings: new SettingsService(db),
    now: () => now,
    log: () => {},
    schedule: false,
  });
  await scheduler.tasksSaved([id]);
  return tasks.get(id);
}

/** What every transport does (the one dispatcher): the contract's schema first, then the service. */
const create = async (input: Partial<TaskInput>, service = tasks) =>
  service.create(parseInput('tasks.create', input));
const update = async (id: number, patch: Partial<TaskInput>, service = tasks) =>
  service.update(id, parseInput('tasks.update', { id, patch }).patch);

async function count(sql: string): Promise<number> {
  const [row] = await db.sequelize.query<{ n: number }>(sql, { type: QueryTypes.SELECT });
  return Number(row.n);
}

async function addExecution(
  taskId: number,
  startTime: number,
  status = 'success',
  extra: { result_json?: string | null; error_message?: string | null } = {},
): Promise<number> {
  const id = await insert(
    db,
    `INSERT INTO task_executions (task_id, status, "trigger", start_time, duration_seconds, result_json,
       error_message, created_at) VALUES (?, ?, 'manual', ?, 1.5, ?, ?, ?)`,
    [taskId, status, startTime, extra.result_json ?? null, extra.error_message ?? null, startTime],
  );
  return id;
}

async function expectError(promise: Promise<unknown>, code: string, field?: string, text?: RegExp) {
  const err = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(CronkeeperError);
  const e = err as CronkeeperError;
  expect(e.code).toBe(code);
  if (field) expect(e.field).toBe(field);
  if (text) expect(e.message).toMatch(text);
}

describe('create', () => {
  it('creates with defaults and computes next_run_at in the task zone', async () => {
    const task = await saved(create(base({ timezone: 'Asia/Shanghai', env: { A: '1' } })));
    expect(task).toMatchObject({
      name: 'Backup',
      description: '',
      workingDir: '',
      env: { A: '1' },
      enabled: true,
      paused: false,
      timeoutSeconds: 3600,
      maxRetries: 0,
      retryDelaySeconds: 60,
      overlapPolicy: 'skip',
      misfirePolicy: 'run-once',
      misfireGraceSeconds: 3600,
      notifyOn: 'failure',
      createdAt: NOW,
      updatedAt: NOW,
    });
    // 03:00 in Shanghai is 19:00 UTC the day before; the first one after 10:00 UTC on the 15th.
    expect(task.nextRunAt).toBe(Date.UTC(2026, 0, 15, 19, 0, 0));
    expect(await tasks.get(task.id)).toEqual(task);
  });

  it('uses the default time zone from the settings when none is given', async () => {
    await new SettingsService(db).update({ defaultTimezone: 'America/New_York' });
    const task = await saved(create(base({ timezone: '' })));
    expect(task.timezone).toBe('America/New_York');
    expect(task.nextRunAt).toBe(nextRunAfter('0 3 * * *', 'America/New_York', NOW));
  });

  it('stores no next run for a disabled or paused task', async () => {
    expect((await saved(create(base({ name: 'a', enabled: false })))).nextRunAt).toBeNull();
    expect((await saved(create(base({ name: 'b', paused: true })))).nextRunAt).toBeNull();
  });

  it('accepts an existing working folder, stored absolute', async () => {
    const task = await create(base({ workingDir: dir }));
    expect(task.workingDir).toBe(dir);
  });

  const invalid: [string, Partial<TaskInput>, string, RegExp][] = [
    ['a missing name', { name: '' }, 'name', /Name is required/],
    ['a blank command', { command: '  ' }, 'command', /Command is required/],
    ['a cron with a bad hour', { cronExpression: '0 25 * * *' }, 'cronExpression', /Hour/],
    ['a cron with a bad minute', { cronExpression: '61 * * * *' }, 'cronExpression', /Minute/],
    ['a cron with 3 fields', { cronExpression: '* * *' }, 'cronExpression', /5 fields/],
    ['an unknown time zone', { timezone: 'Mars/Olympus' }, 'timezone', /Mars\/Olympus/],
    ['a missing folder', { workingDir: '/nonexistent/ck-folder' }, 'workingDir', /does not exist/],
    ['a timeout over 7 days', { timeoutSeconds: 8 * 24 * 3600 }, 'timeoutSeconds', /7 days/],
    ['a negative timeout', { timeoutSeconds: -1 }, 'timeoutSeconds', /timeoutSeconds/],
    ['11 retries', { maxRetries: 11 }, 'maxRetries', /10 retries/],
    ['a bad env name', { env: { 'BAD-NAME': 'x' } }, 'env."BAD-NAME"', /letters, digits/],
    ['an unknown overlap policy', { overlapPolicy: 'wait' as never }, 'overlapPolicy', /overlapPolicy/],
  ];
  for (const [label, over, field, text] of invalid) {
    it(`rejects ${label} and writes nothing`, async () => {
      await expectError(create(base(over)), 'VALIDATION', field, text);
      expect(await count('SELECT COUNT(*) AS n FROM scheduled_tasks')).toBe(0);
    });
  }

  it('rejects a file given as the working folder', async () => {
    const file = path.join(dir, 'file.txt');
    fs.writeFileSync(file, 'x');
    await expectError(create(base({ workingDir: file })), 'VALIDATION', 'workingDir', /not a folder/);
  });

  it('rejects unknown fields', async () => {
    await expectError(create({ ...base(), bogus: 1 } as never), 'VALIDATION');
    expect(await count('SELECT COUNT(*) AS n FROM scheduled_tasks')).toBe(0);
  });

  it('rejects a name that exists, ignoring case, naming it', async () => {
    await create(base({ name: 'Nightly Backup' }));
    await expectError(create(base({ name: 'nightly BACKUP' })), 'CONFLICT', 'name', /"Nightly Backup"/);
    await create(base({ name: 'Ünïcode' }));
    await expectError(create(base({ name: 'üNÏCODE' })), 'CONFLICT', 'name');
    expect(await count('SELECT COUNT(*) AS n FROM scheduled_tasks')).toBe(2);
  });
});

describe('update', () => {
  it('changes fields, recomputes next_run_at and updated_at', async () => {
    const task = await saved(create(base()));
    const later = new TaskService(db, { now: () => NOW + 1000 });
    const edit = (patch: Partial<TaskInput>) => saved(update(task.id, patch, later), NOW + 1000);
    const updated = await edit({ cronExpression: '30 12 * * *', description: 'd' });
    expect(updated.cronExpression).toBe('30 12 * * *');
    expect(updated.description).toBe('d');
    expect(updated.nextRunAt).toBe(Date.UTC(2026, 0, 15, 12, 30, 0));
    expect(updated.updatedAt).toBe(NOW + 1000);
    expect(updated.createdAt).toBe(NOW);
    expect((await edit({ paused: true })).nextRunAt).toBeNull();
    expect((await edit({ paused: false })).nextRunAt).toBe(Date.UTC(2026, 0, 15, 12, 30));
  });

  it('writes nothing when any part of the patch is invalid', async () => {
    const task = await create(base());
    const before = await tasks.get(task.id);
    await expectError(update(task.id, { description: 'x', cronExpression: '* 99 * * *' }), 'VALIDATION');
    await expectError(update(task.id, { description: 'x', timezone: 'No/Where' }), 'VALIDATION');
    await expectError(update(task.id, { description: 'x', maxRetries: 99 }), 'VALIDATION');
    await expectError(update(task.id, { description: 'x', workingDir: '/no/such/dir' }), 'VALIDATION');
    expect(await tasks.get(task.id)).toEqual(before);
  });

  it('refuses to rename onto another task, ignoring case, but allows a case change of its own name', async () => {
    const a = await create(base({ name: 'Alpha' }));
    await create(base({ name: 'Beta' }));
    await expectError(update(a.id, { name: 'BETA' }), 'CONFLICT', 'name', /"Beta"/);
    expect((await update(a.id, { name: 'ALPHA' })).name).toBe('ALPHA');
  });

  it('does not re-check an unchanged folder that has since disappeared', async () => {
    const folder = fs.mkdtempSync(path.join(dir, 'wd-'));
    const task = await create(base({ workingDir: folder }));
    fs.rmSync(folder, { recursive: true });
    expect((await update(task.id, { paused: true })).paused).toBe(true);
  });

  it('fails with NOT_FOUND for a missing task', async () => {
    await expectError(update(999, { description: 'x' }), 'NOT_FOUND');
    await expectError(tasks.get(999), 'NOT_FOUND');
  });
});

describe('the ScheduledTask model', () => {
  it('serves create, update and get (Sequelize quotes the table, ` on SQLite, " on PostgreSQL)', async () => {
    const table = (verb: string) => new RegExp(`${verb} [\`"]scheduled_tasks[\`"]`);
    statements.length = 0;
    const task = await create(base({ name: 'through the model' }));
    expect(statements.some((s) => table('INSERT INTO').test(s))).toBe(true);
    statements.length = 0;
    await tasks.update(task.id, { description: 'changed' });
    expect(statements.some((s) => table('UPDATE').test(s))).toBe(true);
    statements.length = 0;
    expect((await tasks.get(task.id)).description).toBe('changed');
    // The task, then its triggers (issue #16: one statement for the trigger and chain rows).
    expect(statements).toHaveLength(2);
    expect(statements[0]).toMatch(/FROM [`"]scheduled_tasks[`"] AS [`"]ScheduledTask[`"]/);
    expect(statements[1]).toMatch(/FROM task_triggers .* UNION ALL/s);
  });
});

describe('delete', () => {
  it('returns the count, deletes through the database cascade in one statement, leaves no orphans', async () => {
    const a = await create(base({ name: 'a' }));
    const b = await create(base({ name: 'b' }));
    for (let i = 0; i < 25; i++) await addExecution(a.id, NOW - i * 1000);
    await addExecution(b.id, NOW);
    statements.length = 0;
    expect(await tasks.delete(a.id)).toEqual({ deletedExecutions: 25 });
    const deletes = statements.filter((s) => /\bDELETE\b/i.test(s));
    expect(deletes).toHaveLength(1);
    // task.destroy() through the model: Sequelize quotes the names (` on SQLite, " on PostgreSQL).
    expect(deletes[0]).toMatch(/DELETE FROM [`"]?scheduled_tasks[`"]? WHERE [`"]?id[`"]? = /);
    expect(
      await count(
        'SELECT COUNT(*) AS n FROM task_executions e LEFT JOIN scheduled_tasks t ON t.id = e.task_id WHERE t.id IS NULL',
      ),
    ).toBe(0);
    expect(await count('SELECT COUNT(*) AS n FROM task_executions')).toBe(1);
    await expectError(tasks.delete(a.id), 'NOT_FOUND');
  });

  it('counts executions of a task', async () => {
    const a = await create(base());
    await addExecution(a.id, NOW);
    await addExecution(a.id, NOW + 1);
    expect(await tasks.executionCount(a.id)).toBe(2);
    await expectError(tasks.executionCount(404), 'NOT_FOUND');
  });
});

describe('list', () => {
  it('gives each task its latest execution: newest start_time, then highest id on a tie', async () => {
    const a = await saved(create(base({ name: 'a' })));
    const b = await create(base({ name: 'b' }));
    await create(base({ name: 'c' }));
    await addExecution(a.id, NOW - 5000, 'failed');
    const newestA = await addExecution(a.id, NOW, 'running', {
      result_json: JSON.stringify({ progress_percent: 42, message: 'step 2' }),
    });
    await addExecution(a.id, NOW - 1000, 'success'); // higher id but older: not the latest
    await addExecution(b.id, NOW, 'success');
    const tieB = await addExecution(b.id, NOW, 'failed', { error_message: 'exit 1', result_json: 'garbage' });

    const { items, total } = await tasks.list({});
    expect(total).toBe(3);
    expect(items.map((t) => t.name)).toEqual(['a', 'b', 'c']);
    expect(items[0].latest).toEqual({
      id: newestA,
      status: 'running',
      startTime: NOW,
      durationSeconds: 1.5,
      progressPercent: 42,
      message: 'step 2',
    });
    expect(items[1].latest).toMatchObject({
      id: tieB,
      status: 'failed',
      progressPercent: null,
      message: 'exit 1',
    });
    expect(items[2].latest).toBeNull();
    expect(a.nextRunAt).not.toBeNull();
    expect(items[0].nextRunAt).toBe(a.nextRunAt);
  });

  it('gives list items exactly the Task that get() returns, plus latest', async () => {
    const a = await create(base({ name: 'a', env: { K: 'v', Z: '中文' }, paused: true, workingDir: dir }));
    const b = await create(base({ name: 'b', description: 'quote " and \\ backslash', maxRetries: 4 }));
    await addExecution(b.id, NOW, 'failed', {
      result_json: JSON.stringify({ progress_percent: '50', message: 7 }),
    });
    const { items } = await tasks.list({});
    expect(items[0]).toEqual({ ...(await tasks.get(a.id)), latest: null });
    const { latest, ...task } = items[1];
    expect(task).toEqual(await tasks.get(b.id));
    // A progress that is not a number is no progress; a message is always text.
    expect(latest).toMatchObject({ status: 'failed', progressPercent: null, message: '7' });
  });

  it('reads hand-edited stored values in the list exactly as get() does (one mapping)', async () => {
    const odd: [string, string, string][] = [
      ['{"K":"v","N":1,"O":{"x":1}}', '[]', ''],
      ['not json', '"x"', 'gbk'],
      ['[1,2]', '[0,"1"]', 'auto'],
      ['{}', '[1,3]', 'utf-8'],
      ['{"A":"b"}', 'not json', 'auto'],
    ];
    for (const [i, [env, codes, encoding]] of odd.entries()) {
      const task = await create(base({ name: `odd ${i}` }));
      await execute(
        db,
        'UPDATE scheduled_tasks SET env_json = ?, success_exit_codes = ?, output_encoding = ? WHERE id = ?',
        [env, codes, encoding, task.id],
      );
    }
    const { items } = await tasks.list({});
    expect(items).toHaveLength(odd.length);
    for (const { latest: _latest, ...item } of items) expect(item).toEqual(await tasks.get(item.id));
    expect(items[0]).toMatchObject({ env: { K: 'v' }, successExitCodes: [0], outputEncoding: 'auto' });
  });

  it('searches by name case-insensitively, with % and _ taken literally', async () => {
    for (const name of ['Backup DB', 'backup files', '100% done', '100 done', 'a_b', 'axb']) {
      await create(base({ name }));
    }
    const names = async (search: string) => (await tasks.list({ search })).items.map((t) => t.name).sort();
    expect(await names('BACKUP')).toEqual(['Backup DB', 'backup files']);
    expect(await names('100%')).toEqual(['100% done']);
    expect(await names('a_b')).toEqual(['a_b']);
    expect(await names('zzz')).toEqual([]);
    expect((await tasks.list({ search: '%' })).total).toBe(1);
    // The ESCAPE '\' literal must not confuse the named parameters that follow it.
    expect((await tasks.list({ search: "backup' --", enabled: true })).total).toBe(0);
    expect(
      (await tasks.list({ search: 'backup', enabled: true, paused: false, latestStatus: undefined })).total,
    ).toBe(2);
  });

  it('filters by enabled, paused and latest status', async () => {
    const on = await create(base({ name: 'on' }));
    const off = await create(base({ name: 'off', enabled: false }));
    await create(base({ name: 'paused', paused: true }));
    await addExecution(on.id, NOW - 10, 'failed');
    await addExecution(on.id, NOW, 'success');
    await addExecution(off.id, NOW, 'failed');
    const names = async (q: Parameters<TaskService['list']>[0]) => {
      const page = await tasks.list(q);
      expect(page.total).toBe(page.items.length);
      return page.items.map((t) => t.name);
    };
    expect(await names({ enabled: false })).toEqual(['off']);
    expect(await names({ enabled: true, paused: false })).toEqual(['on']);
    expect(await names({ paused: true })).toEqual(['paused']);
    expect(await names({ latestStatus: 'failed' })).toEqual(['off']); // "on" failed before, not latest
    expect(await names({ latestStatus: 'success' })).toEqual(['on']);
    expect(await names({ latestStatus: 'running' })).toEqual([]);
  });

  it('sorts by every whitelisted field, both ways, nulls last', async () => {
    let clock = NOW;
    const svc = new TaskService(db, { now: () => clock });
    const ids: number[] = [];
    for (const [name, cron] of [
      ['b', '0 5 * * *'],
      ['C', '0 1 * * *'],
      ['a', '0 9 * * *'],
    ]) {
      clock += 1000;
      ids.push((await saved(create(base({ name, cronExpression: cron }), svc), clock)).id);
    }
    await saved(update(ids[2], { enabled: false }, svc), clock); // a: no next run
    await addExecution(ids[0], NOW + 5);
    await addExecution(ids[1], NOW + 1);
    const order = async (sort: never, dir: 'asc' | 'desc' = 'asc') =>
      (await svc.list({ sort, order: dir })).items.map((t) => t.name);
    expect(await order('name' as never)).toEqual(['a', 'b', 'C']);
    expect(await order('name' as never, 'desc')).toEqual(['C', 'b', 'a']);
    expect(await order('created_at' as never)).toEqual(['b', 'C', 'a']);
    expect(await order('updated_at' as never, 'desc')).toEqual(['a', 'C', 'b']);
    expect(await order('next_run_at' as never)).toEqual(['C', 'b', 'a']);
    expect(await order('latest_start' as never, 'desc')).toEqual(['b', 'C', 'a']);
  });

  it('pages with offset and limit, with the total of all matches', async () => {
    for (let i = 0; i < 12; i++) await create(base({ name: `t${String(i).padStart(2, '0')}` }));
    const page = await tasks.list({ offset: 5, limit: 4 });
    expect(page.total).toBe(12);
    expect(page.items.map((t) => t.name)).toEqual(['t05', 't06', 't07', 't08']);
    expect((await tasks.list({ offset: 50 })).items).toEqual([]);
    expect((await tasks.list({})).items).toHaveLength(12);
  });

  it.skipIf(onPostgres)(
    'SQLite: finds the latest execution through the (task_id, start_time) index, without sorting',
    async () => {
      const plan = await db.sequelize.query<{ detail: string }>(`EXPLAIN QUERY PLAN ${listSql({}).sql}`, {
        replacements: listSql({}).params as never,
        type: QueryTypes.SELECT,
      });
      const details = plan.map((p) => p.detail);
      const subquery = details.filter((d) => /task_executions AS x|\bx\b/.test(d));
      expect(subquery.some((d) => d.includes('idx_executions_task_start'))).toBe(true);
      expect(details.some((d) => /TEMP B-TREE/.test(d) && !/ORDER BY/.test(d))).toBe(false);
      // The only sort is the page's own ORDER BY (name), never one per task.
      expect(details.filter((d) => /TEMP B-TREE/.test(d))).toHaveLength(1);
    },
  );
});

describe('duplicate', () => {
  it('copies every field under a free "(copy)" name, disabled', async () => {
    const task = await create(base({ description: 'd', env: { X: 'y' }, maxRetries: 2 }));
    const copy = await tasks.duplicate(task.id);
    expect(copy.name).toBe('Backup (copy)');
    expect(copy.enabled).toBe(false);
    expect(copy.nextRunAt).toBeNull();
    expect(copy).toMatchObject({ description: 'd', env: { X: 'y' }, maxRetries: 2, command: task.command });
    expect((await tasks.duplicate(task.id)).name).toBe('Backup (copy 2)');
    expect((await tasks.duplicate(task.id)).name).toBe('Backup (copy 3)');
    await expectError(tasks.duplicate(999), 'NOT_FOUND');
  });

  it('keeps a long name within 200 characters', async () => {
    const task = await create(base({ name: 'n'.repeat(200) }));
    const copy = await tasks.duplicate(task.id);
    expect(copy.name.length).toBe(200);
    expect(copy.name.endsWith(' (copy)')).toBe(true);
  });
});

describe('export and import', () => {
  it('round-trips every task field into another database', async () => {
    await create(
      base({
        name: 'full',
        description: 'desc',
        workingDir: dir,
        env: { A: 'b' },
        timezone: 'Europe/Paris',
        paused: true,
        timeoutSeconds: 10,
        maxRetries: 3,
        retryDelaySeconds: 5,
        overlapPolicy: 'queue',
        misfirePolicy: 'run-all',
        misfireGraceSeconds: 60,
        notifyOn: 'always',
      }),
    );
    await create(base({ name: 'second', enabled: false }));
    const json = await tasks.exportJson();
    const doc = JSON.parse(json);
    expect(doc).toMatchObject({ format: 'cronkeeper-tasks', version: 1, exportedAt: NOW });

    const otherDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ck-'));
    const other = await openTestDatabase(otherDir);
    try {
      const otherTasks = new TaskService(other, { now: () => NOW });
      expect(await otherTasks.importJson(json)).toEqual({
        created: 2,
        names: ['full', 'second'],
        unsupported: [],
      });
      const strip = ({
        id: _i,
        createdAt: _c,
        updatedAt: _u,
        nextRunAt: _n,
        ...rest
      }: Record<string, unknown>) => rest;
      const mine = (await tasks.list({})).items.map((t) => strip({ ...t, latest: undefined }));
      const theirs = (await otherTasks.list({})).items.map((t) => strip({ ...t, latest: undefined }));
      expect(theirs).toEqual(mine);
    } finally {
      await other.close();
      fs.rmSync(otherDir, { recursive: true, force: true });
    }
  });

  const doc = (taskList: unknown[]) =>
    JSON.stringify({ format: 'cronkeeper-tasks', version: 1, tasks: taskList });

  it('is all or nothing: one invalid task imports none', async () => {
    await expectError(
      tasks.importJson(doc([base({ name: 'ok1' }), base({ name: 'bad', cronExpression: '* * 32 * *' })])),
      'VALIDATION',
      'cronExpression',
      /Task 2 "bad": Day of month/,
    );
    expect(await count('SELECT COUNT(*) AS n FROM scheduled_tasks')).toBe(0);
  });

  it('refuses names that already exist, listing them, and imports none', async () => {
    await create(base({ name: 'One' }));
    await create(base({ name: 'Two' }));
    await expectError(
      tasks.importJson(doc([base({ name: 'one' }), base({ name: 'new' }), base({ name: 'TWO' })])),
      'CONFLICT',
      'name',
      /"one", "TWO"/,
    );
    expect(await count('SELECT COUNT(*) AS n FROM scheduled_tasks')).toBe(2);
  });

  it('refuses a name twice in the file, bad JSON, other formats and versions', async () => {
    await expectError(tasks.importJson(doc([base({ name: 'x' }), base({ name: 'X' })])), 'VALIDATION');
    await expectError(tasks.importJson('{nope'), 'VALIDATION', undefined, /not valid JSON/);
    await expectError(tasks.importJson('{"format":"other","tasks":[]}'), 'VALIDATION');
    await expectError(
      tasks.importJson(JSON.stringify({ format: 'cronkeeper-tasks', version: 2, tasks: [] })),
      'UNSUPPORTED',
    );
    expect(await count('SELECT COUNT(*) AS n FROM scheduled_tasks')).toBe(0);
  });

  it('reports unknown fields as unsupported and imports the rest', async () => {
    const result = await tasks.importJson(doc([{ ...base({ name: 'x' }), task_type: 'workflow', id: 7 }]));
    expect(result).toEqual({ created: 1, names: ['x'], unsupported: ['id', 'task_type'] });
  });
});

describe('engine helpers', () => {
  it('lists schedulable tasks and stores the last slot', async () => {
    const a = await create(base({ name: 'a' }));
    await create(base({ name: 'b', enabled: false }));
    await create(base({ name: 'c', paused: true }));
    expect((await tasks.schedulable()).map((t) => t.name)).toEqual(['a']);
    expect(await tasks.getLastSlotAt(a.id)).toBeNull();
    await tasks.setLastSlotAt(a.id, 456);
    expect(await tasks.getLastSlotAt(a.id)).toBe(456);
  });
});
