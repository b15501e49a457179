// Faults the scheduler must survive and record honestly (issue #19), on SQLite and on PostgreSQL:
// - a run whose log folder is immutable still runs; its record says the log could not be written, and why;
// - run logs whose row is gone are swept (bounded per pass, a failed removal retried by a later pass), and
//   nothing else under logs/ (the application log) or outside it is touched;
// - an interrupted run is retried per its task's policy at recovery, a run the user cancelled is not;
// - an error in one task's fire is recorded against that task; the other tasks go on.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { sweepOrphanLogs } from '../../src/main/core/scheduler/housekeeping';
import { recoverOrphans } from '../../src/main/core/scheduler/recovery';
import { requestCancel } from '../../src/main/core/store/execution-requests';
import type { Core } from '../../src/main/core/core';
import { addTask, closeCores, executions, insertExecutionRow, openCore, waitFor } from './scheduler-helpers';

vi.setConfig({ testTimeout: 30_000 });

const immutable: string[] = [];
afterEach(async () => {
  for (const dir of immutable.splice(0)) spawnSync('chattr', ['-i', dir]);
  await closeCores();
});

/**
 * Makes `dir` refuse new entries: `chattr +i` where the file system and our privileges allow it (root
 * ignores permission bits, so chmod would not do); else a plain file stands where the folder should be.
 */
function makeUnwritable(dir: string): 'immutable' | 'file in the way' {
  fs.mkdirSync(path.dirname(dir), { recursive: true });
  fs.mkdirSync(dir, { recursive: true });
  if (spawnSync('chattr', ['+i', dir]).status === 0) {
    immutable.push(dir);
    try {
      fs.writeFileSync(path.join(dir, 'probe'), '');
    } catch {
      return 'immutable';
    }
    spawnSync('chattr', ['-i', dir]);
  }
  fs.rmSync(dir, { recursive: true, force: true });
  fs.writeFileSync(dir, 'not a folder');
  return 'file in the way';
}

/** A run a crashed process left behind: started by hand a minute ago. */
const fakeRow = (core: Core, taskId: number, fields: Record<string, unknown>) =>
  insertExecutionRow(core, taskId, { trigger: 'manual', start_time: Date.now() - 60_000, ...fields });

describe('faults', () => {
  it('runs a task whose log folder cannot be written, and says why in its record', async () => {
    const core = await openCore();
    await core.start();
    const taskId = await addTask(core, { cronExpression: '0 0 1 1 *', command: 'echo hello from the job' });
    const how = makeUnwritable(path.join(core.dataDir, 'logs', String(taskId)));
    const { executionId } = await core.handlers['tasks.runNow']({ id: taskId });
    const row = await waitFor(
      async () => (await executions(core, taskId)).find((e) => e.id === executionId && e.end_time !== null),
      15_000,
      `the run to end (log folder: ${how})`,
    );
    expect(row.status).toBe('success');
    expect(row.exit_code).toBe(0);
    expect(row.log_path).toBeNull();
    expect(row.error_message).toMatch(/^The log file could not be written \(.+\)$/);
    const result = JSON.parse(row.result_json!);
    expect(result.log_error).toMatch(/EPERM|EACCES|ENOTDIR|EEXIST|operation not permitted/i);
    expect(result.output_tail).toContain('hello from the job');
  });

  it('sweeps run logs without a row, bounded per pass; a failed removal is retried; nothing else is touched', async () => {
    const core = await openCore();
    const taskId = await addTask(core, { cronExpression: '0 0 1 1 *' });
    const kept = await fakeRow(core, taskId, { status: 'success', end_time: Date.now() });
    const logs = path.join(core.dataDir, 'logs');
    const file = (...parts: string[]) => {
      const p = path.join(logs, ...parts);
      fs.mkdirSync(path.dirname(p), { recursive: true });
      fs.writeFileSync(p, 'x');
      return p;
    };
    const keptLog = file(String(taskId), `${kept}.log`);
    const orphans = [
      file(String(taskId), '900001.log'),
      file(String(taskId), '900002.log'),
      file('777', '5.log'),
    ];
    const stuck = file('888', '7.log');
    const untouched = [
      file('cronkeeper.log'),
      file('cronkeeper.1.log'),
      file('notes.txt'),
      file(String(taskId), 'keep.txt'),
      path.join(core.dataDir, 'outside.log'),
    ];
    fs.writeFileSync(untouched[untouched.length - 1], 'x');
    const locked = spawnSync('chattr', ['+i', path.dirname(stuck)]).status === 0;
    if (locked) immutable.push(path.dirname(stuck));

    // One file per pass: each pass goes on where the previous stopped.
    let cursor: string | null = null;
    let removed = 0;
    let failed = 0;
    for (let pass = 0; pass < 10; pass++) {
      const r = await sweepOrphanLogs(core.db, core.dataDir, { maxFiles: 1, after: cursor });
      expect(r.checked).toBeLessThanOrEqual(1);
      removed += r.removed;
      failed += r.failed;
      cursor = r.cursor;
      if (r.complete) break;
    }
    for (const p of orphans) expect(fs.existsSync(p)).toBe(false);
    expect(fs.existsSync(path.join(logs, '777'))).toBe(false); // the empty folder of a task that is gone
    expect(fs.existsSync(keptLog)).toBe(true);
    for (const p of untouched) expect(fs.existsSync(p)).toBe(true);
    if (locked) {
      expect(fs.existsSync(stuck)).toBe(true);
      expect(failed).toBe(1);
      spawnSync('chattr', ['-i', path.dirname(stuck)]);
      const again = await sweepOrphanLogs(core.db, core.dataDir);
      expect(again).toMatchObject({ removed: 1, failed: 0, complete: true });
    } else {
      expect(removed).toBe(orphans.length + 1);
    }
    expect(fs.existsSync(stuck)).toBe(false);
  });

  it('retries an interrupted run per its task policy at recovery, never a run the user cancelled', async () => {
    const core = await openCore();
    const retrying = await addTask(core, {
      cronExpression: '0 0 1 1 *',
      maxRetries: 2,
      retryDelaySeconds: 0,
    });
    const once = await addTask(core, { cronExpression: '0 0 1 1 *', maxRetries: 0 });
    const crashed = await fakeRow(core, retrying, {});
    const cancelled = await fakeRow(core, retrying, {});
    await requestCancel(core.db, cancelled, 'user');
    const noRetries = await fakeRow(core, once, {});
    const report = await recoverOrphans(core.db, Date.now());
    expect(report.interrupted.sort()).toEqual([crashed, cancelled, noRetries].sort());
    expect(report.retries).toHaveLength(1);
    const retries = (await executions(core)).filter((e) => e.trigger === 'retry');
    expect(retries).toHaveLength(1);
    expect(retries[0]).toMatchObject({ task_id: retrying, status: 'queued', retry_count: 1 });
  });

  it("records one task's fire error against that task; the other tasks run on", async () => {
    const core = await openCore();
    const bad = await addTask(core, { name: 'bad', command: 'true' });
    const good = await addTask(core, { name: 'good', command: 'true' });
    // The run queue is the part the planner hands each due slot to (scheduler/run-queue.ts).
    const queue = (core.scheduler as unknown as { queue: unknown }).queue as {
      fireSlot: (task: { id: number }, ...rest: unknown[]) => Promise<void>;
    };
    const original = queue.fireSlot.bind(queue);
    vi.spyOn(queue, 'fireSlot').mockImplementation(async (task, ...rest) => {
      if (task.id === bad) throw new TypeError('a bug in this task only');
      return original(task, ...rest);
    });
    await core.start();
    await waitFor(
      async () => (await executions(core, good)).filter((e) => e.status === 'success').length >= 2,
      15_000,
      'good runs',
    );
    const failedRow = await waitFor(
      async () => (await executions(core, bad)).find((e) => e.status === 'failed'),
      10_000,
      'the failure recorded against the bad task',
    );
    expect(failedRow.error_message).toBe(
      'Failed: Cronkeeper could not run this slot: TypeError: a bug in this task only',
    );
    expect(failedRow.scheduled_at).not.toBeNull();
    expect((await core.handlers['scheduler.state']({})).health).toBe('ok');
  });
});
