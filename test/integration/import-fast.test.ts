// Imports are all or nothing and fast: the settings are read once per file (not once per task), the rows
// go in as a few multi-row INSERTs in one transaction, and a file whose last entry is bad is refused
// naming that entry, with nothing written; the scheduler's planner then stores their next runs in a few
// statements too. (`npm run bench -- import` times 100,000 tasks.)
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, expect, it } from 'vitest';
import type { Database } from '../../src/main/core/db/database';
import { CronkeeperError } from '../../src/main/core/errors';
import { select } from '../../src/main/core/store/sql';
import { EXPORT_FORMAT, EXPORT_VERSION, TaskService } from '../../src/main/core/services/task-service';
import { CoreEvents } from '../../src/main/core/events';
import { Scheduler } from '../../src/main/core/scheduler/index';
import { SettingsService } from '../../src/main/core/services/settings-service';
import { openTestDatabase } from './test-database';
import { parseInput } from '../../src/main/core/boundary/dispatcher';

const opened: { db: Database; dir: string }[] = [];
afterEach(async () => {
  for (const { db, dir } of opened.splice(0)) {
    await db.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

const COUNT = 2000;
const file = (tasks: unknown[]) => JSON.stringify({ format: EXPORT_FORMAT, version: EXPORT_VERSION, tasks });
const entries = () =>
  Array.from({ length: COUNT }, (_, i) => ({
    name: `job ${i}`,
    command: `run ${i}`,
    cronExpression: ['*/5 * * * *', '0 3 * * *'][i % 2],
    timezone: ['', 'Europe/Berlin', 'UTC'][i % 3],
    env: (i % 4 === 0 ? { N: String(i) } : {}) as Record<string, string>,
  }));

async function open() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ck-'));
  const statements: string[] = [];
  const db = await openTestDatabase(dir, (sql) => statements.push(sql));
  opened.push({ db, dir });
  const tasks = new TaskService(db);
  // As in the CLI: a scheduler that does not schedule, whose planner writes the saved tasks' next runs.
  const scheduler = new Scheduler({
    db,
    dataDir: dir,
    events: new CoreEvents(),
    settings: new SettingsService(db),
    now: Date.now,
    log: () => {},
    schedule: false,
  });
  return { db, statements, tasks, scheduler };
}

it('imports 2,000 tasks reading the settings once and inserting in a few statements', async () => {
  const { db, statements, tasks, scheduler } = await open();
  statements.length = 0;
  const result = await tasks.importJson(file(entries()));
  expect(result.created).toBe(COUNT);
  // The settings are read through the Setting model, which quotes the table's name.
  const settingsReads = statements.filter((s) => /FROM\s+[`"]?settings\b/i.test(s));
  expect(settingsReads).toHaveLength(1);
  // Statements come logged as "Executing (id): INSERT ...".
  const inserts = statements.filter((s) => /\bINSERT INTO scheduled_tasks\b/i.test(s));
  expect(inserts.length).toBeGreaterThan(0);
  expect(inserts.length).toBeLessThanOrEqual(COUNT / 500);
  // Then, as core.ts does after an import, the planner stores every next run at once.
  const ids = await select<{ id: number }>(db, 'SELECT id FROM scheduled_tasks ORDER BY id');
  statements.length = 0;
  await scheduler.tasksSaved(ids.map((r) => Number(r.id)));
  expect(statements.length).toBeLessThanOrEqual(1 + COUNT / 500);
  const rows = await select<{ name: string; next_run_at: number | null; timezone: string }>(
    db,
    'SELECT name, next_run_at, timezone FROM scheduled_tasks ORDER BY id',
  );
  expect(rows).toHaveLength(COUNT);
  expect(rows[1]).toMatchObject({ name: 'job 1', timezone: 'Europe/Berlin' });
  expect(rows.every((r) => r.next_run_at !== null && r.timezone !== '')).toBe(true);
  // The same values as creating the tasks one by one.
  const single = await open();
  const { id } = await single.tasks.create(parseInput('tasks.create', entries()[1]));
  await single.scheduler.tasksSaved([id]);
  expect(Number(rows[1].next_run_at)).toBe((await single.tasks.get(id)).nextRunAt);
});

it('refuses a file whose last entry is bad, naming it, and writes nothing', async () => {
  const { db, tasks } = await open();
  for (const [bad, why] of [
    [{ cronExpression: '61 * * * *' }, /^Task 2000 "job 1999": Minute field: 61/],
    [{ timezone: 'Mars/Base' }, /^Task 2000 "job 1999": Unknown time zone "Mars\/Base"/],
    [{ name: 'JOB 0' }, /^Task 2000 "JOB 0": the name appears twice in the file/],
    [{ env: { 'BAD-NAME': 'x' } }, /^Task 2000 "job 1999": env/],
  ] as const) {
    const list = entries();
    Object.assign(list[COUNT - 1], bad);
    const error = await tasks.importJson(file(list)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CronkeeperError);
    expect((error as CronkeeperError).code).toBe('VALIDATION');
    expect((error as Error).message).toMatch(why);
    const [{ n }] = await select<{ n: number }>(db, 'SELECT COUNT(*) AS n FROM scheduled_tasks');
    expect(Number(n)).toBe(0);
  }
});
