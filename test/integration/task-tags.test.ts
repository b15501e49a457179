// Tags on tasks (issue #18): stored through migration 0009 without touching existing tasks, validated
// (bounded, trimmed, unique ignoring case), filtered exactly and ignoring case in the list, counted for the
// filter, and carried by export/import (an export from before tags still imports). Runs on SQLite, and on
// PostgreSQL when CRONKEEPER_TEST_DATABASE_URL is set.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { QueryTypes, type Sequelize } from 'sequelize';
import { dispatch } from '../../src/main/core/boundary/dispatcher';
import { afterEach, expect, it } from 'vitest';
import { openDatabase } from '../../src/main/core/db/connection';
import { MIGRATIONS, migrateToLatest } from '../../src/main/core/db/migrator';
import { addTask, closeCores, openCore } from './scheduler-helpers';
import { testDatabaseUrl } from './test-database';

afterEach(() => closeCores());

const names = (items: { name: string }[]) => items.map((t) => t.name).sort();

it('upgrades a database holding tasks: they keep every field, get no tags, and can be tagged', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ck-'));
  const url = await testDatabaseUrl(dir);
  const sequelize: Sequelize = await openDatabase({ storage: path.join(dir, 'cronkeeper.db'), url });
  try {
    await migrateToLatest(
      sequelize,
      MIGRATIONS.filter((m) => m.name < '0009'),
    );
    await sequelize.query(
      `INSERT INTO scheduled_tasks (id, name, command, cron_expression, timezone, description, env_json, created_at, updated_at)
       VALUES (1, 'old backup', 'echo old', '0 2 * * *', 'UTC', 'kept', '{"A":"1"}', 1, 1)`,
    );
    await sequelize.query(
      `INSERT INTO task_executions (task_id, status, "trigger", start_time, created_at) VALUES (1, 'success', 'manual', 5, 5)`,
    );
    expect(await migrateToLatest(sequelize)).toContain('0009-task-tags');
    const [row] = await sequelize.query<{ tags: string; tag_keys: string; description: string }>(
      'SELECT tags, tag_keys, description FROM scheduled_tasks WHERE id = 1',
      { type: QueryTypes.SELECT },
    );
    expect(row).toEqual({ tags: '[]', tag_keys: '', description: 'kept' });
  } finally {
    await sequelize.close();
  }
  const core = await openCore({ dataDir: dir, schedule: false });
  const [task] = (await core.handlers['tasks.list']({})).items;
  expect(task).toMatchObject({
    name: 'old backup',
    env: { A: '1' },
    tags: [],
    latest: { status: 'success' },
  });
  await core.handlers['tasks.update']({ id: task.id, patch: { tags: ['Legacy'] } });
  expect((await core.handlers['tasks.list']({ tag: 'legacy' })).items.map((t) => t.id)).toEqual([task.id]);
  fs.rmSync(dir, { recursive: true, force: true });
});

it('filters by one exact tag ignoring case, counts tags, and keeps the spelling', async () => {
  const core = await openCore({ schedule: false });
  const h = core.handlers;
  await addTask(core, { name: 'a', tags: ['Backup', 'nightly'] });
  await addTask(core, { name: 'b', tags: ['backups'] });
  await addTask(core, { name: 'c', tags: [' ÉTÉ ', 'Nightly-2'] });
  await addTask(core, { name: 'd' });
  expect(names((await h['tasks.list']({ tag: 'BACKUP' })).items)).toEqual(['a']);
  expect(names((await h['tasks.list']({ tag: 'backups' })).items)).toEqual(['b']);
  expect(names((await h['tasks.list']({ tag: 'night' })).items)).toEqual([]);
  expect(names((await h['tasks.list']({ tag: 'été' })).items)).toEqual(['c']);
  // A LIKE wildcard in the tag is a plain character.
  expect(names((await h['tasks.list']({ tag: 'nightly_2' })).items)).toEqual([]);
  const filtered = await h['tasks.list']({ tag: 'nightly', search: 'a' });
  expect(filtered).toMatchObject({ total: 1, items: [{ name: 'a', tags: ['Backup', 'nightly'] }] });
  expect((await h['tasks.get']({ id: filtered.items[0].id })).tags).toEqual(['Backup', 'nightly']);
  expect((await h['tasks.tags']({})).tags).toEqual([
    { tag: 'Backup', count: 1 },
    { tag: 'backups', count: 1 },
    { tag: 'nightly', count: 1 },
    { tag: 'Nightly-2', count: 1 },
    { tag: 'ÉTÉ', count: 1 },
  ]);
});

it('refuses bad tags, naming the field, and changes nothing', async () => {
  const core = await openCore({ schedule: false });
  const id = await addTask(core, { name: 'keep', tags: ['one'] });
  const bad: unknown[] = [
    ['Prod', 'prod'],
    ['x'.repeat(41)],
    ['  '],
    ['a\u0007b'],
    Array.from({ length: 21 }, (_, i) => `t${i}`),
  ];
  for (const tags of bad) {
    // Through the one dispatcher, as every transport calls the core (services take validated input).
    const outcome = await dispatch('tasks.update', { id, patch: { tags } }, core.handlers['tasks.update']);
    expect(outcome.ok).toBe(false);
    expect(outcome).toMatchObject({
      error: { code: 'VALIDATION', field: expect.stringMatching(/^patch\.tags/) },
    });
  }
  expect((await core.tasks.get(id)).tags).toEqual(['one']);
});

it('export carries tags, import restores them, and an export from before tags still imports', async () => {
  const core = await openCore({ schedule: false });
  await addTask(core, { name: 'tagged', tags: ['ops', 'Reports'] });
  const { json } = await core.handlers['tasks.export']({});
  expect(JSON.parse(json).tasks[0].tags).toEqual(['ops', 'Reports']);
  const other = await openCore({ schedule: false });
  await other.handlers['tasks.import']({ json });
  const doc = JSON.parse(json);
  doc.tasks[0].name = 'old export';
  delete doc.tasks[0].tags;
  await other.handlers['tasks.import']({ json: JSON.stringify(doc) });
  const items = (await other.handlers['tasks.list']({})).items;
  expect(items.map((t) => [t.name, t.tags])).toEqual([
    ['old export', []],
    ['tagged', ['ops', 'Reports']],
  ]);
  expect(names((await other.handlers['tasks.list']({ tag: 'reports' })).items)).toEqual(['tagged']);
});
