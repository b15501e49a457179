// The app's import (import/import-preview.ts) on the engine under test: a preview of a JSON export, a user
// crontab and a system crontab writes nothing and lists what would be created, what is skipped and why,
// and each name clash with a free name; the apply honours skip and rename and is all or nothing, naming
// the line or task that stopped it (also when the database itself refuses a row halfway).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseInput } from '../../src/main/core/boundary/dispatcher';
import { afterEach, expect, it } from 'vitest';
import type { Database } from '../../src/main/core/db/database';
import { CronkeeperError } from '../../src/main/core/errors';
import { ImportService } from '../../src/main/core/import/import-preview';
import { execute, select } from '../../src/main/core/store/sql';
import { localizeText } from '../../src/shared/messages';
import { EXPORT_FORMAT, EXPORT_VERSION, TaskService } from '../../src/main/core/services/task-service';
import { onPostgres, openTestDatabase } from './test-database';

const FIXTURES = path.join(__dirname, '..', 'fixtures', 'crontab');
const opened: { db: Database; dir: string }[] = [];
afterEach(async () => {
  for (const { db, dir } of opened.splice(0)) {
    await db.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

async function open() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ck-import-'));
  const db = await openTestDatabase(dir);
  opened.push({ db, dir });
  const imports = new ImportService(db, {
    now: Date.now,
    defaultZone: async () => 'UTC',
    currentUser: 'alice',
    platform: 'linux',
  });
  return { db, tasks: new TaskService(db), imports };
}

async function names(db: Database): Promise<string[]> {
  const rows = await select<{ name: string }>(db, 'SELECT name FROM scheduled_tasks ORDER BY id');
  return rows.map((r) => r.name);
}

async function refusal(promise: Promise<unknown>): Promise<CronkeeperError> {
  const err = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(CronkeeperError);
  return err as CronkeeperError;
}

const USER_CRONTAB = [
  'CRON_TZ=Europe/Berlin', // 1
  'PATH=/usr/local/bin:/usr/bin', // 2
  '# nightly backup', // 3
  '0 3 * * * /usr/local/bin/backup.sh --full', // 4
  '@fortnightly /usr/bin/start-agent', // 5
  '61 * * * * /bin/broken', // 6
  '*/5 * * * * mail -s hi joe%Hello%', // 7
  '',
].join('\n');

it('previews a user crontab: zone, variables, %, skipped lines and a clash, writing nothing', async () => {
  const { db, tasks, imports } = await open();
  await tasks.create(
    parseInput('tasks.create', { name: 'Backup.sh', command: 'true', cronExpression: '0 0 * * *' }),
  );
  const preview = await imports.preview({ text: USER_CRONTAB, format: 'auto' });
  expect(preview.format).toBe('crontab');
  expect(preview.items.map((i) => [i.line, i.name, i.cronExpression, i.timezone, i.clash])).toEqual([
    [4, 'backup.sh', '0 3 * * *', 'Europe/Berlin', 'existing'],
    [7, 'mail', '*/5 * * * *', 'Europe/Berlin', null],
  ]);
  expect(preview.items[0].command).toBe('/usr/local/bin/backup.sh --full');
  expect(preview.items[0].suggestedName).toBe('backup.sh (2)');
  expect(preview.items[1].command).toContain("printf 'Hello\\n'");
  expect(preview.skipped.map((s) => [s.line, s.code])).toEqual([
    [5, 'nickname'],
    [6, 'invalidLine'],
  ]);
  expect(preview.skipped[1].reason).toMatch(/minute/i);
  expect(await names(db)).toEqual(['Backup.sh']);
});

it('imports an @reboot line as a task without a schedule that runs at start-up', async () => {
  const { tasks, imports } = await open();
  const text = '@reboot /usr/bin/start-agent --quiet\n0 1 * * * /bin/nightly\n';
  const preview = await imports.preview({ text, format: 'auto' });
  expect(preview.items.map((i) => [i.line, i.name, i.cronExpression])).toEqual([
    [1, 'start-agent', ''],
    [2, 'nightly', '0 1 * * *'],
  ]);
  expect(preview.skipped).toEqual([]);
  await imports.apply({ text, format: preview.format, choices: [] });
  const { items } = await tasks.list({ limit: 10 });
  const agent = items.find((t) => t.name === 'start-agent')!;
  expect(agent).toMatchObject({ cronExpression: '', command: '/usr/bin/start-agent --quiet' });
  expect(agent.triggers).toMatchObject({ onStartup: true, chains: [] });
  expect(items.find((t) => t.name === 'nightly')!.triggers?.onStartup).toBe(false);
});

it('previews the system crontab fixture with its user column, found without being told', async () => {
  const { db, imports } = await open();
  const text = fs.readFileSync(path.join(FIXTURES, 'debian-etc-crontab'), 'utf8');
  const preview = await imports.preview({ text, format: 'auto' });
  expect(preview.format).toBe('crontab-system');
  expect(preview.items.map((i) => [i.line, i.name, i.cronExpression])).toEqual([
    [19, 'run-parts', '17 * * * *'],
    [20, 'run-parts 2', '25 6 * * *'],
    [21, 'run-parts 3', '47 6 * * 7'],
    [22, 'run-parts 4', '52 6 1 * *'],
  ]);
  expect(preview.items[0].command).toBe('cd / && run-parts --report /etc/cron.hourly');
  expect(preview.notes.map((n) => [n.line, n.code])).toContainEqual([19, 'user']);
  // Read as a user crontab, the user column stays in the command and the preview says so.
  const asUser = await imports.preview({ text, format: 'crontab' });
  expect(asUser.items[0].command).toBe('root\tcd / && run-parts --report /etc/cron.hourly');
  expect(asUser.notes.map((n) => n.code)).toContain('systemFormat');
  expect(await names(db)).toEqual([]);
});

it('previews a JSON export: bad entries skipped with why, clashes with the database and within the file', async () => {
  const { tasks, imports } = await open();
  await tasks.create(
    parseInput('tasks.create', { name: 'report', command: 'true', cronExpression: '0 0 * * *' }),
  );
  await tasks.create(
    parseInput('tasks.create', { name: 'report (2)', command: 'true', cronExpression: '0 0 * * *' }),
  );
  const json = JSON.stringify({
    format: EXPORT_FORMAT,
    version: EXPORT_VERSION,
    tasks: [
      { name: 'report', command: 'r', cronExpression: '0 1 * * *' },
      { name: 'fresh', command: 'f', cronExpression: 'not a schedule' },
      { name: 'copy', command: 'c', cronExpression: '0 2 * * *', colour: 'red' },
      { name: 'COPY', command: 'c2', cronExpression: '0 2 * * *' },
    ],
  });
  const preview = await imports.preview({ text: json, format: 'auto' });
  expect(preview.format).toBe('json');
  expect(preview.items.map((i) => [i.entry, i.name, i.clash, i.suggestedName])).toEqual([
    [1, 'report', 'existing', 'report (3)'],
    [3, 'copy', null, null],
    [4, 'COPY', 'file', 'COPY (2)'],
  ]);
  expect(preview.skipped).toMatchObject([{ entry: 2, text: 'fresh', code: 'invalidTask' }]);
  expect(preview.skipped[0].reason).not.toMatch(/^Task 1/);
  expect(preview.notes).toMatchObject([{ code: 'fields', text: 'colour' }]);
  // A crontab sent as JSON gets a hint, not only "not valid JSON".
  const err = await refusal(imports.preview({ text: USER_CRONTAB, format: 'json' }));
  expect(err.message).toMatch(/not valid JSON.*crontab/);
});

it('applies with a clash renamed and another skipped, every field as previewed', async () => {
  const { db, tasks, imports } = await open();
  await tasks.create(
    parseInput('tasks.create', { name: 'backup.sh', command: 'true', cronExpression: '0 0 * * *' }),
  );
  const text = `${USER_CRONTAB}15 4 * * * /opt/backup.sh\n`; // line 8: a second backup.sh
  const preview = await imports.preview({ text, format: 'auto' });
  const clash = preview.items.find((i) => i.line === 4)!;
  const other = preview.items.find((i) => i.line === 8)!;
  expect(other.name).toBe('backup.sh 2');
  const result = await imports.apply({
    text,
    format: preview.format,
    choices: [
      { index: clash.index, action: 'rename', name: clash.suggestedName! },
      { index: other.index, action: 'skip' },
    ],
  });
  expect(result).toMatchObject({ created: 2, names: ['backup.sh (2)', 'mail'] });
  expect(await names(db)).toEqual(['backup.sh', 'backup.sh (2)', 'mail']);
  const row = (await tasks.list({ limit: 10 })).items.find((t) => t.name === 'backup.sh (2)');
  expect(row).toMatchObject({
    cronExpression: '0 3 * * *',
    timezone: 'Europe/Berlin',
    command: '/usr/local/bin/backup.sh --full',
    env: { PATH: '/usr/local/bin:/usr/bin' },
    description: 'nightly backup',
  });
});

it('refuses the whole file for an unresolved clash or a bad rename, naming the line', async () => {
  const { db, tasks, imports } = await open();
  await tasks.create(
    parseInput('tasks.create', { name: 'backup.sh', command: 'true', cronExpression: '0 0 * * *' }),
  );
  const unresolved = await refusal(imports.apply({ text: USER_CRONTAB, format: 'crontab', choices: [] }));
  expect(unresolved.code).toBe('CONFLICT');
  expect(unresolved.message).toMatch(/^Line 4 "backup.sh": a task named "backup.sh" already exists/);
  const taken = await refusal(
    imports.apply({
      text: USER_CRONTAB,
      format: 'crontab',
      choices: [{ index: 0, action: 'rename', name: 'BACKUP.SH' }],
    }),
  );
  expect(taken.message).toMatch(/^Line 4 "backup.sh": a task named "BACKUP.SH" already exists/);
  const twice = await refusal(
    imports.apply({
      text: USER_CRONTAB,
      format: 'crontab',
      choices: [{ index: 0, action: 'rename', name: 'mail' }],
    }),
  );
  expect(twice.message).toMatch(/^Line 7 "mail": the name "mail" is used twice/);
  const control = await refusal(
    imports.apply({
      text: USER_CRONTAB,
      format: 'crontab',
      choices: [{ index: 0, action: 'rename', name: 'a\u001bb' }],
    }),
  );
  expect(control.message).toMatch(/^Line 4 "backup.sh": the new name must not contain control characters/);
  // Each reads in Chinese as a whole, the line's label too (issue 18, item 9).
  expect(localizeText(unresolved.message, 'zh-CN')).toBe(
    '第 4 行 "backup.sh"：名为 "backup.sh" 的任务已存在；请跳过或重命名。未导入任何任务',
  );
  expect(localizeText(twice.message, 'zh-CN')).toBe(
    '第 7 行 "mail"：名称 "mail" 在此次导入中出现两次；请跳过或重命名。未导入任何任务',
  );
  expect(localizeText(control.message, 'zh-CN')).toBe(
    '第 4 行 "backup.sh"：新名称不能包含控制字符（制表符、换行符、NUL、转义序列等）；未导入任何任务',
  );
  const long = await refusal(
    imports.apply({
      text: USER_CRONTAB,
      format: 'crontab',
      choices: [{ index: 0, action: 'rename', name: 'n'.repeat(201) }],
    }),
  );
  // A sentence in both languages (issue 18), not "the new name at most 200 characters".
  expect(long.message).toBe(
    'Line 4 "backup.sh": the new name is longer than 200 characters; nothing was imported',
  );
  expect(localizeText(long.message, 'zh-CN')).toBe(
    '第 4 行 "backup.sh"：新名称超过 200 个字符；未导入任何任务',
  );
  const blank = await refusal(
    imports.apply({
      text: USER_CRONTAB,
      format: 'crontab',
      choices: [{ index: 0, action: 'rename', name: '   ' }],
    }),
  );
  expect(blank.message).toBe('Line 4 "backup.sh": the new name is empty; nothing was imported');
  expect(localizeText(blank.message, 'zh-CN')).toBe('第 4 行 "backup.sh"：新名称为空；未导入任何任务');
  const nothing = await refusal(
    imports.apply({
      text: USER_CRONTAB,
      format: 'crontab',
      choices: [
        { index: 0, action: 'skip' },
        { index: 1, action: 'skip' },
      ],
    }),
  );
  expect(nothing.message).toMatch(/Nothing to import/);
  expect(await names(db)).toEqual(['backup.sh']);
});

it('writes nothing when a task is created with a clashing name between preview and apply', async () => {
  const { db, tasks, imports } = await open();
  const preview = await imports.preview({ text: USER_CRONTAB, format: 'auto' });
  expect(preview.items.every((i) => i.clash === null)).toBe(true);
  await tasks.create(
    parseInput('tasks.create', { name: 'mail', command: 'true', cronExpression: '0 0 * * *' }),
  );
  const err = await refusal(imports.apply({ text: USER_CRONTAB, format: preview.format, choices: [] }));
  expect(err.message).toMatch(/^Line 7 "mail": a task named "mail" already exists/);
  expect(await names(db)).toEqual(['mail']);
});

it('rolls back every row when the database refuses one in the second batch, naming its line', async () => {
  const { db, imports } = await open();
  // 501 jobs: the first 500 go in one INSERT, then the database refuses the 501st.
  const text = Array.from({ length: 501 }, (_, i) => `${i % 60} * * * * /bin/job-${i + 1}`).join('\n');
  if (onPostgres) {
    await execute(
      db,
      `CREATE FUNCTION ck_refuse() RETURNS trigger AS $$ BEGIN
         IF NEW.name = 'job-501' THEN RAISE EXCEPTION 'refused by the test'; END IF; RETURN NEW; END $$
       LANGUAGE plpgsql`,
    );
    await execute(
      db,
      'CREATE TRIGGER ck_refuse BEFORE INSERT ON scheduled_tasks FOR EACH ROW EXECUTE FUNCTION ck_refuse()',
    );
  } else {
    await execute(
      db,
      `CREATE TRIGGER ck_refuse BEFORE INSERT ON scheduled_tasks WHEN NEW.name = 'job-501'
       BEGIN SELECT RAISE(ABORT, 'refused by the test'); END`,
    );
  }
  const preview = await imports.preview({ text, format: 'auto' });
  expect(preview.items).toHaveLength(501);
  const err = await refusal(imports.apply({ text, format: preview.format, choices: [] }));
  expect(err.message).toMatch(
    /^Line 501 "job-501": could not be written \(.*refused by the test.*\); nothing was imported/,
  );
  expect(await names(db)).toEqual([]);
});

it('previews 20,000 JSON entries quickly: each distinct schedule and zone is checked once per file', async () => {
  const { imports } = await open();
  const tasks = Array.from({ length: 20_000 }, (_, i) => ({
    name: `job ${i}`,
    command: `run ${i}`,
    cronExpression: ['*/5 * * * *', '0 3 * * *'][i % 2],
    timezone: ['', 'Europe/Berlin'][i % 2],
  }));
  const text = JSON.stringify({ format: EXPORT_FORMAT, version: EXPORT_VERSION, tasks });
  const started = Date.now();
  const preview = await imports.preview({ text, format: 'auto' });
  const ms = Date.now() - started;
  expect(preview.items).toHaveLength(20_000);
  // About 0.25 s here; checking each entry's schedule anew took over 10 s.
  expect(ms).toBeLessThan(6_000);
});

it('imports a JSON export back with its clashes renamed, every field kept', async () => {
  const { db, tasks, imports } = await open();
  await tasks.create(
    parseInput('tasks.create', {
      name: 'report',
      command: 'make report',
      cronExpression: '30 6 * * 1-5',
      timezone: 'America/New_York',
      env: { MODE: 'full' },
      maxRetries: 3,
      enabled: false,
    }),
  );
  const text = await tasks.exportJson();
  const preview = await imports.preview({ text, format: 'auto' });
  expect(preview.items).toMatchObject([
    { entry: 1, name: 'report', clash: 'existing', suggestedName: 'report (2)' },
  ]);
  const result = await imports.apply({
    text,
    format: 'json',
    choices: [{ index: 0, action: 'rename', name: 'report (2)' }],
  });
  expect(result.names).toEqual(['report (2)']);
  const [original, copy] = (await tasks.list({ limit: 10, sort: 'name' })).items;
  const { id: _a, name: _n, createdAt: _c, updatedAt: _u, ...fields } = original;
  expect(copy).toMatchObject({ ...fields, id: copy.id, name: 'report (2)' });
  expect(await names(db)).toEqual(['report', 'report (2)']);
});
