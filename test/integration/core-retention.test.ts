// Retention is applied by the running scheduler with the user's settings (at start, after runs, daily).
import { afterEach, describe, expect, it } from 'vitest';
import { insert } from '../../src/main/core/store/sql';
import { addTask, closeCores, executions, openCore, waitFor } from './scheduler-helpers';

afterEach(() => closeCores());

describe('retention from the scheduler', () => {
  it('keeps only the newest runs per task as the settings say, never a queued one', async () => {
    const core = await openCore();
    await core.settings.update({ retentionRunsPerTask: 3, retentionDays: 0 });
    const taskId = await addTask(core, { paused: true });
    const base = Date.now() - 3_600_000;
    for (let i = 0; i < 6; i++) {
      await insert(
        core.db,
        `INSERT INTO task_executions (task_id, status, "trigger", start_time, end_time, created_at)
         VALUES (?, 'success', 'manual', ?, ?, ?)`,
        [taskId, base + i * 1000, base + i * 1000 + 10, base],
      );
    }
    const retry = await insert(
      core.db,
      `INSERT INTO task_executions (task_id, status, "trigger", retry_count, start_time, created_at)
       VALUES (?, 'queued', 'retry', 1, ?, ?)`,
      [taskId, Date.now() + 3_600_000, base],
    );
    await core.start();
    // (the queued retry counts among the newest three: it starts last)
    const rows = await waitFor(async () => {
      const all = await executions(core, taskId);
      return all.length === 3 && all;
    });
    expect(rows.filter((r) => r.status === 'success').map((r) => r.start_time)).toEqual([
      base + 4000,
      base + 5000,
    ]);
    expect(rows.find((r) => r.id === retry)!.status).toBe('queued');
  });
});
