// The task list must cost a constant number of SQL statements, not one per task (the original's N+1).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { QueryTypes } from 'sequelize';
import { afterEach, expect, it } from 'vitest';
import type { Database } from '../../src/main/core/db/database';
import { onPostgres, openTestDatabase } from './test-database';
import { listSql } from '../../src/main/core/store/task-list';
import { TaskService } from '../../src/main/core/services/task-service';
import { parseInput } from '../../src/main/core/boundary/dispatcher';

const NOW = Date.UTC(2026, 0, 15, 10, 0, 0);
const opened: { db: Database; dir: string }[] = [];
afterEach(async () => {
  for (const { db, dir } of opened.splice(0)) {
    await db.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

/** A database with `taskCount` tasks, each with 3 executions; returns the statements one list() issues. */
async function statementsForList(taskCount: number, query: Parameters<TaskService['list']>[0]) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ck-'));
  const statements: string[] = [];
  let recording = false;
  const db = await openTestDatabase(dir, (sql) => {
    if (recording) statements.push(sql);
  });
  opened.push({ db, dir });
  const tasks = new TaskService(db, { now: () => NOW });
  for (let i = 0; i < taskCount; i++) {
    const task = await tasks.create(
      parseInput('tasks.create', { name: `task ${i}`, command: 'true', cronExpression: '*/5 * * * *' }),
    );
    await db.sequelize.query(
      `INSERT INTO task_executions (task_id, status, "trigger", start_time, created_at)
       VALUES (:id, 'success', 'schedule', 1, 1), (:id, 'failed', 'schedule', 2, 2), (:id, 'running', 'manual', 3, 3)`,
      { replacements: { id: task.id }, type: QueryTypes.INSERT },
    );
  }
  recording = true;
  const page = await tasks.list(query);
  recording = false;
  if (!query?.search) expect(page.items).toHaveLength(Math.min(taskCount, query?.limit ?? 100));
  return { statements, page };
}

it('issues the same number of statements for 3 tasks and for 50 tasks', async () => {
  const small = await statementsForList(3, {});
  const large = await statementsForList(50, {});
  expect(small.statements.length).toBeGreaterThan(0);
  expect(large.statements.length).toBe(small.statements.length);
  // The page, its total, and the page's triggers (issue #16: one statement for the whole page).
  expect(small.statements.length).toBeLessThanOrEqual(3);
  // Every task still came with its latest run.
  expect(large.page.items.every((t) => t.latest?.status === 'running')).toBe(true);
});

it('stays constant with a latest-status filter and a sort on the latest run', async () => {
  const query = { latestStatus: 'running' as const, sort: 'latest_start' as const, order: 'desc' as const };
  const small = await statementsForList(3, query);
  const large = await statementsForList(50, query);
  expect(large.statements.length).toBe(small.statements.length);
  expect(large.page.total).toBe(50);
});

it.skipIf(onPostgres)(
  'SQLite: never lets the latest-status filter turn the plan into a scan of executions',
  async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ck-'));
    const db = await openTestDatabase(dir);
    opened.push({ db, dir });
    const { sql, countSql, params } = listSql({ latestStatus: 'failed' });
    for (const statement of [sql, countSql]) {
      const plan = await db.sequelize.query<{ detail: string }>(`EXPLAIN QUERY PLAN ${statement}`, {
        replacements: params as never,
        type: QueryTypes.SELECT,
      });
      const details = plan.map((p) => p.detail);
      expect(details[0]).toMatch(/^SCAN t\b/); // tasks are the outer loop
      expect(details.some((d) => d.includes('idx_executions_task_start'))).toBe(true);
      expect(details.some((d) => d.includes('idx_executions_status'))).toBe(false);
    }
  },
);

it('searches the name or the command in the same statements (page, total, triggers)', async () => {
  // statementsForList names its tasks "task N" and gives each the command `true`.
  const byName = await statementsForList(3, { search: 'TASK 1' });
  expect(byName.page.items.map((t) => t.name)).toEqual(['task 1']);
  const byCommand = await statementsForList(50, { search: 'TRU', limit: 100 });
  expect(byCommand.page.total).toBe(50); // matched by the command alone, case ignored
  expect(byCommand.statements.length).toBe(byName.statements.length);
  expect(byCommand.statements.length).toBeLessThanOrEqual(3);
  const neither = await statementsForList(3, { search: 'nowhere' });
  expect(neither.page.total).toBe(0);
});
