// One way to read triggers (store/triggers.ts's triggersOf): one statement, for every task or for a page of
// them, and the two agree. On both engines.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, expect, it } from 'vitest';
import type { Database } from '../../src/main/core/db/database';
import { TaskService } from '../../src/main/core/services/task-service';
import { triggersOf } from '../../src/main/core/store/triggers';
import { parseInput } from '../../src/main/core/boundary/dispatcher';
import { NO_TRIGGERS } from '../../src/shared/triggers';
import { openTestDatabase } from './test-database';

const opened: { db: Database; dir: string }[] = [];
afterEach(async () => {
  for (const { db, dir } of opened.splice(0)) {
    await db.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

it('reads every task or a page of tasks in one statement, with the same triggers', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ck-'));
  const statements: string[] = [];
  let recording = false;
  const db = await openTestDatabase(dir, (sql) => {
    if (recording) statements.push(sql);
  });
  opened.push({ db, dir });
  const tasks = new TaskService(db, { now: () => Date.now() });
  const create = async (name: string, triggers: object) =>
    (
      await tasks.create(
        parseInput('tasks.create', {
          name,
          command: 'true',
          cronExpression: '',
          triggers: triggers as never,
        }),
      )
    ).id;
  const a = await create('A', { onStartup: true });
  const b = await create('B', {
    onlyOnAc: true,
    chains: [{ upstreamTaskId: a, condition: 'failure' }],
  });
  const c = await create('C', {
    chains: [
      { upstreamTaskId: b, condition: 'always' },
      { upstreamTaskId: a, condition: 'success' },
    ],
  });
  const plain = (
    await tasks.create(
      parseInput('tasks.create', { name: 'D', command: 'true', cronExpression: '0 1 * * *' }),
    )
  ).id;

  recording = true;
  const all = await triggersOf(db);
  const countAll = statements.length;
  const page = await triggersOf(db, [c, plain, a, b]);
  const countPage = statements.length - countAll;
  recording = false;

  expect(countAll).toBe(1);
  expect(countPage).toBe(1);
  // Every task with any trigger; a plain task only when asked for, with NO_TRIGGERS.
  expect([...all.keys()].sort()).toEqual([a, b, c].sort());
  expect(page.get(plain)).toEqual(NO_TRIGGERS);
  for (const id of [a, b, c]) expect(all.get(id)).toEqual(page.get(id));
  expect(all.get(a)?.onStartup).toBe(true);
  expect(all.get(b)).toMatchObject({ onlyOnAc: true, chains: [{ upstreamTaskId: a, condition: 'failure' }] });
  // Chains in upstream order, whichever way they were read.
  expect(all.get(c)?.chains).toEqual([
    { upstreamTaskId: a, condition: 'success' },
    { upstreamTaskId: b, condition: 'always' },
  ]);
  expect(await triggersOf(db, [])).toEqual(new Map());
});
