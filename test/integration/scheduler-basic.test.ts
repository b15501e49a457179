// The runner end to end on real time: slots claimed once, rows and events truthful, the plan kept current.
import fs from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import {
  addTask,
  closeCores,
  executionEnded,
  executions,
  openCore,
  recordEvents,
  waitFor,
} from './scheduler-helpers';

afterEach(() => closeCores());

describe('scheduler: scheduled runs', () => {
  it('runs an every-second task once per slot with the CRONKEEPER_* environment and truthful rows', async () => {
    const core = await openCore();
    const events = recordEvents(core);
    const taskId = await addTask(core, {
      command: 'echo "id=$CRONKEEPER_TASK_ID exec=$CRONKEEPER_EXECUTION_ID at=$CRONKEEPER_SCHEDULED_AT"',
    });
    await core.start();
    const done = await waitFor(async () => {
      const rows = (await executions(core, taskId)).filter((r) => r.status === 'success');
      return rows.length >= 2 && rows;
    });
    for (const row of done) {
      expect(row.trigger).toBe('schedule');
      expect(row.scheduled_at! % 1000).toBe(0);
      expect(row.start_time).toBeGreaterThanOrEqual(row.scheduled_at!);
      expect(row.start_time - row.scheduled_at!).toBeLessThan(1000);
      expect(row.end_time).toBeGreaterThanOrEqual(row.start_time);
      expect(row.exit_code).toBe(0);
      expect(row.pid).toBeGreaterThan(0);
      expect(row.log_path).toContain(`${taskId}`);
      const log = fs.readFileSync(row.log_path!, 'utf8');
      expect(log).toContain(`id=${taskId} exec=${row.id} at=${new Date(row.scheduled_at!).toISOString()}`);
      expect(JSON.parse(row.result_json!)).toMatchObject({
        success: true,
        exit_code: 0,
        command: expect.any(String),
      });
    }
    const slots = done.map((r) => r.scheduled_at);
    expect(new Set(slots).size).toBe(slots.length);

    const names = events.map((e) => e.event);
    expect(names).toContain('execution.started');
    expect(names).toContain('execution.finished');
    expect(names).toContain('scheduler.state');
    const finished = events.find((e) => e.event === 'execution.finished')!.payload as {
      taskName: string;
      execution: { status: string };
    };
    expect(finished.taskName).toMatch(/^task-/);
    expect(finished.execution.status).toBe('success');

    const state = core.scheduler.state();
    expect(state.nextTaskId).toBe(taskId);
    expect(state.nextRunAt).toBeGreaterThan(Date.now() - 1500);
    const task = await core.tasks.get(taskId);
    expect(task.nextRunAt).toBeGreaterThan(Date.now() - 2000);
    expect(core.scheduler.upcoming(5000).filter((u) => u.taskId === taskId).length).toBeGreaterThanOrEqual(4);
  });

  it('runNow runs a paused task as a manual run with an empty CRONKEEPER_SCHEDULED_AT', async () => {
    const core = await openCore();
    const taskId = await addTask(core, { paused: true, command: 'echo "at=[$CRONKEEPER_SCHEDULED_AT]"' });
    await core.start();
    const { executionId } = await core.handlers['tasks.runNow']({ id: taskId });
    const row = await waitFor(async () =>
      (await executions(core, taskId)).find((r) => r.status === 'success'),
    );
    expect(row.id).toBe(executionId);
    expect(row.trigger).toBe('manual');
    expect(row.scheduled_at).toBeNull();
    expect(fs.readFileSync(row.log_path!, 'utf8')).toContain('at=[]');
    expect((await executions(core, taskId)).length).toBe(1); // paused: nothing scheduled
    await expect(core.handlers['tasks.runNow']({ id: 999 })).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it('a run that prints nothing has no log file, and its log reads as empty', async () => {
    const core = await openCore();
    const taskId = await addTask(core, { paused: true, command: 'true' });
    await core.start();
    const { executionId } = await core.handlers['tasks.runNow']({ id: taskId });
    const run = await executionEnded(core, executionId);
    expect(run.status).toBe('success');
    // The path is the run's own (the file would be created on its first output), and nothing is there.
    expect(run.logPath).toContain(`${taskId}`);
    expect(fs.existsSync(run.logPath!)).toBe(false);
    expect(run.errorMessage).toBeNull();
    expect(await core.handlers['executions.log']({ id: executionId })).toMatchObject({ text: '', size: 0 });
  });
});
