import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { QueryTypes } from 'sequelize';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Database } from '../../src/main/core/db/database';
import { openTestDatabase } from './test-database';
import { execute, insert } from '../../src/main/core/store/sql';
import { CronkeeperError } from '../../src/main/core/errors';
import { systemTimezone } from '../../src/main/core/timing/schedule-math';
import { applyRetention } from '../../src/main/core/scheduler/retention';
import { SettingsService, defaultSettings } from '../../src/main/core/services/settings-service';
import { TaskService } from '../../src/main/core/services/task-service';
import { parseInput } from '../../src/main/core/boundary/dispatcher';

const NOW = Date.UTC(2026, 0, 15, 12, 0, 0);
const DAY = 24 * 3600 * 1000;
let dir: string;
let db: Database;

beforeEach(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ck-'));
  db = await openTestDatabase(dir);
});
afterEach(async () => {
  await db.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

const rows = <T extends object>(sql: string) => db.sequelize.query<T>(sql, { type: QueryTypes.SELECT });

describe('settings', () => {
  it('gives the defaults on a fresh database', async () => {
    expect(await new SettingsService(db).get()).toEqual({
      language: 'system',
      theme: 'system',
      startAtLogin: false,
      concurrencyLimit: 4,
      retentionDays: 90,
      retentionRunsPerTask: 1000,
      logSizeCapBytes: 10 * 1024 * 1024,
      defaultTimezone: systemTimezone(),
      notificationsEnabled: true,
      useLoginShellEnvironment: true,
      webhookUrl: '',
      webhookOn: 'failure',
      webhookSecret: '',
    });
  });

  it('stores a patch as key/value rows and merges it over the defaults', async () => {
    const settings = new SettingsService(db);
    const updated = await settings.update({
      theme: 'dark',
      concurrencyLimit: 2,
      defaultTimezone: 'Asia/Tokyo',
    });
    expect(updated).toEqual({
      ...defaultSettings(),
      theme: 'dark',
      concurrencyLimit: 2,
      defaultTimezone: 'Asia/Tokyo',
    });
    expect(await settings.get()).toEqual(updated);
    const stored = await rows<{ key: string; value_json: string }>('SELECT * FROM settings ORDER BY key');
    expect(stored).toEqual([
      { key: 'concurrencyLimit', value_json: '2' },
      { key: 'defaultTimezone', value_json: '"Asia/Tokyo"' },
      { key: 'theme', value_json: '"dark"' },
    ]);
    await settings.update({ theme: 'light' });
    expect((await settings.get()).theme).toBe('light');
    expect((await settings.get()).concurrencyLimit).toBe(2);
  });

  it('writes nothing when any part of a patch is invalid', async () => {
    const settings = new SettingsService(db);
    const bad: Record<string, unknown>[] = [
      { theme: 'dark', concurrencyLimit: 0 },
      { theme: 'dark', retentionDays: -1 },
      { theme: 'dark', language: 'fr' },
      { theme: 'dark', defaultTimezone: 'Mars/Base' },
      { theme: 'dark', logSizeCapBytes: 10 },
      { theme: 'dark', unknownKey: 1 },
    ];
    for (const patch of bad) {
      // As every transport does (the one dispatcher): the contract's schema first, then the service.
      const err = await Promise.resolve()
        .then(() => settings.update(parseInput('settings.update', patch)))
        .catch((e: unknown) => e);
      expect(err).toBeInstanceOf(CronkeeperError);
      expect((err as CronkeeperError).code).toBe('VALIDATION');
    }
    expect(await rows('SELECT * FROM settings')).toEqual([]);
  });

  it('ignores stored rows that no longer validate', async () => {
    await db.sequelize.query(
      `INSERT INTO settings (key, value_json) VALUES ('theme', '"purple"'), ('concurrencyLimit', 'not json'),
       ('obsolete', '1'), ('retentionDays', '7')`,
    );
    const settings = await new SettingsService(db).get();
    expect(settings.theme).toBe('system');
    expect(settings.concurrencyLimit).toBe(4);
    expect(settings.retentionDays).toBe(7);
    expect(settings).not.toHaveProperty('obsolete');
  });
});

describe('retention', () => {
  let taskA: number;
  let taskB: number;

  beforeEach(async () => {
    const tasks = new TaskService(db, { now: () => NOW });
    taskA = (
      await tasks.create(
        parseInput('tasks.create', { name: 'a', command: 'true', cronExpression: '* * * * *' }),
      )
    ).id;
    taskB = (
      await tasks.create(
        parseInput('tasks.create', { name: 'b', command: 'true', cronExpression: '* * * * *' }),
      )
    ).id;
  });

  /** Executions with a log file each; start times `ages` days ago. */
  async function addRuns(taskId: number, ages: number[], status = 'success'): Promise<number[]> {
    const ids: number[] = [];
    for (const [i, age] of ages.entries()) {
      const logPath = path.join(dir, 'logs', String(taskId), `log-${taskId}-${status}-${i}-${age}.log`);
      fs.mkdirSync(path.dirname(logPath), { recursive: true });
      fs.writeFileSync(logPath, 'log');
      const id = await insert(
        db,
        `INSERT INTO task_executions (task_id, status, "trigger", start_time, log_path, created_at)
         VALUES (?, ?, 'schedule', ?, ?, ?)`,
        [taskId, status, NOW - age * DAY - i, logPath, NOW],
      );
      ids.push(id);
    }
    return ids;
  }

  const remaining = async () =>
    (await rows<{ id: number }>('SELECT id FROM task_executions ORDER BY id')).map((r) => r.id);

  it('deletes finished runs older than D days with their log files, keeping active ones', async () => {
    const old = await addRuns(taskA, [100, 95, 91]);
    const recent = await addRuns(taskA, [1, 89]);
    const oldRunning = await addRuns(taskB, [200], 'running');
    const oldQueued = await addRuns(taskB, [200], 'queued');
    const oldFailed = await addRuns(taskB, [120], 'failed');
    const result = await applyRetention(db, { days: 90, runsPerTask: 0, now: NOW, dataDir: dir });
    expect(result.deleted).toBe(4);
    expect(result.logPaths).toHaveLength(4);
    for (const p of result.logPaths) expect(fs.existsSync(p)).toBe(false);
    expect(await remaining()).toEqual([...recent, ...oldRunning, ...oldQueued].sort((x, y) => x - y));
    expect(await remaining()).not.toContain(old[0]);
    expect(await remaining()).not.toContain(oldFailed[0]);
  });

  it('keeps the newest N per task, in small batches, and tolerates missing log files', async () => {
    const ages = Array.from({ length: 23 }, (_, i) => i); // newest first
    const a = await addRuns(taskA, ages);
    const b = await addRuns(taskB, [1, 2]);
    const running = await addRuns(taskA, [50], 'running'); // oldest, but active: kept
    fs.rmSync(path.join(dir, 'logs', String(taskA), `log-${taskA}-success-22-22.log`)); // already gone
    const result = await applyRetention(db, {
      days: 0,
      runsPerTask: 5,
      now: NOW,
      batchSize: 4,
      dataDir: dir,
    });
    expect(result.deleted).toBe(18);
    expect(await remaining()).toEqual([...a.slice(0, 5), ...b, ...running].sort((x, y) => x - y));
  });

  it('applies both limits together, and only to one task when asked', async () => {
    const a = await addRuns(taskA, [1, 2, 3, 200]);
    const b = await addRuns(taskB, [1, 2, 3]);
    const one = await applyRetention(db, {
      days: 0,
      runsPerTask: 2,
      now: NOW,
      taskId: taskB,
      dataDir: dir,
    });
    expect(one.deleted).toBe(1);
    expect(await remaining()).toEqual([...a, ...b.slice(0, 2)].sort((x, y) => x - y));
    const both = await applyRetention(db, { days: 30, runsPerTask: 3, now: NOW, dataDir: dir });
    expect(both.deleted).toBe(1); // only the 200-day-old run of a
    expect(await remaining()).toEqual([...a.slice(0, 3), ...b.slice(0, 2)].sort((x, y) => x - y));
  });

  it('deletes only the row, never the file, when its log path points outside logs/', async () => {
    const outside = path.join(dir, 'precious.txt');
    fs.writeFileSync(outside, 'not a log');
    const [direct] = await addRuns(taskA, [100]);
    await execute(db, 'UPDATE task_executions SET log_path = ? WHERE id = ?', [outside, direct]);
    // A symlink inside logs/ whose target is outside: judged by where it really leads.
    const [linked] = await addRuns(taskA, [100]);
    const link = path.join(dir, 'logs', String(taskA), 'link.log');
    fs.symlinkSync(outside, link);
    await execute(db, 'UPDATE task_executions SET log_path = ? WHERE id = ?', [link, linked]);
    const [inside] = await addRuns(taskA, [100]);
    const result = await applyRetention(db, { days: 90, runsPerTask: 0, now: NOW, dataDir: dir });
    expect(result.deleted).toBe(3);
    expect(await remaining()).toEqual([]);
    expect(fs.readFileSync(outside, 'utf8')).toBe('not a log');
    expect(result.refusedLogPaths.sort()).toEqual([link, outside].sort());
    expect(result.logPaths).toHaveLength(1);
    expect(fs.existsSync(result.logPaths[0])).toBe(false);
    expect(inside).toBeGreaterThan(0);
  });

  it('does nothing when both limits are 0', async () => {
    await addRuns(taskA, [1000, 2000]);
    expect(await applyRetention(db, { days: 0, runsPerTask: 0, now: NOW, dataDir: dir })).toEqual({
      deleted: 0,
      logPaths: [],
      refusedLogPaths: [],
    });
    expect(await remaining()).toHaveLength(2);
  });

  it('deletes in bounded batches, yielding to the event loop between them', async () => {
    const values = Array.from({ length: 2000 }, (_, i) => `(${taskA}, 'success', 'schedule', ${i}, 0)`);
    await db.sequelize.query(
      `INSERT INTO task_executions (task_id, status, "trigger", start_time, created_at) VALUES ${values.join(',')}`,
    );
    let ticks = 0;
    const timer = setInterval(() => ticks++, 0);
    const statements: string[] = [];
    const counting = await openTestDatabase(dir, (sql) => statements.push(sql));
    try {
      const result = await applyRetention(counting, {
        days: 1,
        runsPerTask: 0,
        now: NOW,
        batchSize: 500,
        dataDir: dir,
      });
      expect(result.deleted).toBe(2000);
    } finally {
      clearInterval(timer);
      await counting.close();
    }
    const deletes = statements.filter((s) => /DELETE FROM task_executions/.test(s));
    expect(deletes).toHaveLength(4);
    expect(ticks).toBeGreaterThan(0);
  });
});
