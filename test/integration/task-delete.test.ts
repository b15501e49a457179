// Deleting a task end to end (issue #14): through the model, ONE DELETE of the task's row, the database's
// ON DELETE CASCADE removing its executions (on SQLite and PostgreSQL), and the run logs of those
// executions removed afterwards by housekeeping's sweep, as before the models served the delete.
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, expect, it, vi } from 'vitest';
import { sweepOrphanLogs } from '../../src/main/core/scheduler/housekeeping';
import { select } from '../../src/main/core/store/sql';
import { addTask, closeCores, executions, openCore, waitFor } from './scheduler-helpers';

vi.setConfig({ testTimeout: 60_000 });
afterEach(() => closeCores());

it('deletes the task and its runs in one statement; the sweep then removes their logs', async () => {
  const statements: string[] = [];
  const core = await openCore({ onQuery: (sql) => statements.push(sql) });
  const doomed = await addTask(core, { cronExpression: '0 0 1 1 *', command: 'echo doomed' });
  const kept = await addTask(core, { cronExpression: '0 0 1 1 *', command: 'echo kept' });
  for (const id of [doomed, doomed, kept]) {
    const { executionId } = await core.handlers['tasks.runNow']({ id });
    await waitFor(async () => {
      const [row] = (await executions(core)).filter((r) => r.id === executionId);
      return row && row.status !== 'running' && row;
    }, 20_000);
  }
  const runs = await executions(core);
  const logOf = (taskId: number) => runs.filter((r) => r.task_id === taskId).map((r) => r.log_path!);
  expect(logOf(doomed)).toHaveLength(2);
  for (const log of [...logOf(doomed), ...logOf(kept)]) expect(fs.existsSync(log)).toBe(true);

  statements.length = 0;
  expect(await core.handlers['tasks.delete']({ id: doomed })).toEqual({ deletedExecutions: 2 });
  const deletes = statements.filter((s) => /\bDELETE\b/i.test(s));
  expect(deletes).toHaveLength(1);
  expect(deletes[0]).toMatch(/DELETE FROM [`"]?scheduled_tasks[`"]? WHERE [`"]?id[`"]? = /);
  const left = await select<{ task_id: number }>(core.db, 'SELECT task_id FROM task_executions');
  expect(left.map((r) => Number(r.task_id))).toEqual([kept]);

  await sweepOrphanLogs(core.db, core.dataDir);
  for (const log of logOf(doomed)) expect(fs.existsSync(log)).toBe(false);
  expect(fs.existsSync(path.join(core.dataDir, 'logs', String(doomed)))).toBe(false);
  for (const log of logOf(kept)) expect(fs.existsSync(log)).toBe(true);
});
