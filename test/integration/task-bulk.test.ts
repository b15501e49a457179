// tasks.bulk (issue #18): one action on many tasks in a few statements, the scheduler re-planned, each task
// it could not do reported with why. Runs on SQLite, and on PostgreSQL when CRONKEEPER_TEST_DATABASE_URL is set.
import { afterEach, expect, it } from 'vitest';
import type { Core } from '../../src/main/core/core';
import { addTask, closeCores, insertExecutionRow, openCore, waitFor, executions } from './scheduler-helpers';

afterEach(() => closeCores());

/** The tasks the scheduler has planned runs for. */
const planned = (core: Core) =>
  [...new Set(core.scheduler.upcoming(48 * 3600_000).map((u) => u.taskId))].sort((a, b) => a - b);

/** n tasks through one import (fast on a loaded machine), their ids in name order. */
async function seed(core: Core, n: number, over = {}): Promise<number[]> {
  const tasks = Array.from({ length: n }, (_, i) => ({
    name: `t${String(i).padStart(4, '0')}`,
    command: 'true',
    cronExpression: '0 3 * * *',
    timezone: 'UTC',
    ...over,
  }));
  await core.handlers['tasks.import']({
    json: JSON.stringify({ format: 'cronkeeper-tasks', version: 1, tasks }),
  });
  return (await core.handlers['tasks.list']({ limit: 10_000 })).items.map((t) => t.id);
}

it('disables, pauses, resumes and enables many tasks, with next runs and the scheduler plan kept right', async () => {
  const core = await openCore();
  const ids = await seed(core, 5);
  await core.start(); // plans the five
  expect(planned(core)).toEqual(ids);
  const h = core.handlers;
  const changed: number[] = [];
  core.events.on('task.changed', ({ taskId }) => changed.push(taskId));
  const disabled = await h['tasks.bulk']({ ids: ids.slice(0, 3), action: 'disable' });
  expect(disabled).toEqual({ action: 'disable', done: ids.slice(0, 3), failed: [] });
  expect(changed.sort()).toEqual(ids.slice(0, 3));
  let items = (await h['tasks.list']({})).items;
  expect(items.map((t) => [t.enabled, t.nextRunAt === null])).toEqual([
    [false, true],
    [false, true],
    [false, true],
    [true, false],
    [true, false],
  ]);
  expect(planned(core)).toEqual(ids.slice(3));
  await h['tasks.bulk']({ ids: ids.slice(3), action: 'pause' });
  expect(planned(core)).toEqual([]);
  await h['tasks.bulk']({ ids, action: 'resume' });
  await h['tasks.bulk']({ ids, action: 'enable' });
  items = (await h['tasks.list']({})).items;
  expect(items.every((t) => t.enabled && !t.paused && t.nextRunAt !== null)).toBe(true);
  expect(planned(core)).toEqual(ids);
});

it('reports the tasks it could not find, and does the others', async () => {
  const core = await openCore({ schedule: false });
  const ids = await seed(core, 2);
  const gone = ids[1] + 1000;
  const result = await core.handlers['tasks.bulk']({ ids: [ids[0], gone, ids[1]], action: 'pause' });
  expect(result.done).toEqual(ids);
  expect(result.failed).toEqual([
    { id: gone, name: null, code: 'NOT_FOUND', message: `Task ${gone} does not exist` },
  ]);
});

it('runs many tasks now and says which could not start and why', async () => {
  const core = await openCore();
  await core.start();
  const ids = await seed(core, 3, { command: 'exit 0' });
  // Deleted between the selection and the run.
  await core.handlers['tasks.delete']({ id: ids[2] });
  const result = await core.handlers['tasks.bulk']({ ids, action: 'run' });
  expect(result.done).toEqual(ids.slice(0, 2));
  expect(result.failed).toMatchObject([{ id: ids[2], code: 'NOT_FOUND' }]);
  for (const id of ids.slice(0, 2)) {
    await waitFor(async () => (await executions(core, id))[0]?.status === 'success', 20_000);
  }
});

it('deletes 500 tasks and their history in a few statements, not one trip per task', async () => {
  const statements: string[] = [];
  const core = await openCore({ schedule: false, onQuery: (sql) => statements.push(sql) });
  const ids = await seed(core, 500);
  for (const id of ids.slice(0, 3)) await insertExecutionRow(core, id, { status: 'success' });
  const keep = await addTask(core, { name: 'keep' });
  await insertExecutionRow(core, keep, { status: 'success' });
  const deleted: number[] = [];
  core.events.on('task.changed', (p) => p.deleted && deleted.push(p.taskId));
  statements.length = 0;
  const result = await core.handlers['tasks.bulk']({ ids, action: 'delete' });
  expect(result).toMatchObject({ action: 'delete', failed: [], deletedExecutions: 3 });
  expect(result.done.sort((a, b) => a - b)).toEqual(ids);
  expect(deleted.length).toBe(500);
  expect(statements.length).toBeLessThan(20);
  const left = await core.handlers['tasks.list']({});
  expect(left.items.map((t) => t.name)).toEqual(['keep']);
  expect((await executions(core)).map((e) => e.task_id)).toEqual([keep]);
});
