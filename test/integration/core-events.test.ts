// The core's event stream and the scheduler controls: progress throttled with an ETA, finished with the
// previous status, scheduler.state changes, testRun outside the history, pause all / resume all.
import { afterEach, describe, expect, it } from 'vitest';
import type { EventMap } from '../../src/shared/contract';
import { addTask, closeCores, executions, openCore, recordEvents, sleep, waitFor } from './scheduler-helpers';

afterEach(() => closeCores());

describe('events', () => {
  it('progress events are throttled, carry an ETA, and the result keeps progress and ::result patches', async () => {
    const core = await openCore();
    const events = recordEvents(core);
    const script = [
      'i=0; while [ $i -lt 200 ]; do i=$((i+1)); echo "::progress $i/400 Downloading prices"; done',
      'sleep 0.3',
      'echo "::progress 50 half way"',
      `echo '::result {"insert_count": 3, "summary": {"last": "2024-01-02"}}'`,
      'sleep 0.3',
    ].join('; ');
    const taskId = await addTask(core, { paused: true, command: script });
    await core.start();
    const { executionId } = await core.handlers['tasks.runNow']({ id: taskId });
    await waitFor(async () => (await executions(core, taskId))[0]?.status === 'success');
    const progress = events
      .filter((e) => e.event === 'execution.progress')
      .map((e) => e.payload as EventMap['execution.progress']);
    expect(progress.length).toBeGreaterThanOrEqual(1);
    expect(progress.length).toBeLessThanOrEqual(12); // ~0.6 s at <= 10/s, plus the final flush
    expect(progress.every((p) => p.executionId === executionId && p.taskId === taskId)).toBe(true);
    const last = progress[progress.length - 1];
    expect(last).toMatchObject({ progressPercent: 50, message: 'half way' });
    expect(last.etaSeconds).not.toBeNull();
    const [row] = await executions(core, taskId);
    const result = JSON.parse(row.result_json!);
    expect(result).toMatchObject({ success: true, exit_code: 0, progress_percent: 50, insert_count: 3 });
    expect(result.summary).toEqual({ last: '2024-01-02' });
  });

  it('execution.finished carries the task name and the previous final status; failures keep stderr', async () => {
    const core = await openCore();
    const events = recordEvents(core);
    const taskId = await addTask(core, { paused: true, command: 'echo boom >&2; exit 2' });
    await core.start();
    await core.handlers['tasks.runNow']({ id: taskId });
    await waitFor(async () => (await executions(core, taskId))[0]?.status === 'failed');
    await core.handlers['tasks.update']({ id: taskId, patch: { command: 'true' } });
    await core.handlers['tasks.runNow']({ id: taskId });
    await waitFor(async () => (await executions(core, taskId))[1]?.status === 'success');
    const finished = events
      .filter((e) => e.event === 'execution.finished')
      .map((e) => e.payload as EventMap['execution.finished']);
    expect(finished.map((f) => [f.execution.status, f.previousStatus])).toEqual([
      ['failed', null],
      ['success', 'failed'],
    ]);
    expect(finished[0].taskName).toMatch(/^task-/);
    expect(finished[0].execution.result.error_summary).toBe('boom');
    expect(finished[0].execution.errorMessage).toBeTruthy();
    const started = events.filter((e) => e.event === 'execution.started');
    expect(started).toHaveLength(2);
    const states = events
      .filter((e) => e.event === 'scheduler.state')
      .map((e) => e.payload as EventMap['scheduler.state']);
    expect(states.some((s) => s.running === 1)).toBe(true);
    expect(states[states.length - 1].running).toBe(0);
  });
});

describe('scheduler controls', () => {
  it('testRun runs once into a temp log, returns the output, and records nothing', async () => {
    const core = await openCore();
    const ok = await core.handlers['tasks.testRun']({ command: 'echo hello; echo oops >&2' });
    expect(ok).toMatchObject({ status: 'success', exitCode: 0, errorMessage: null });
    expect(ok.output).toContain('hello');
    const slow = await core.handlers['tasks.testRun']({ command: 'sleep 10', timeoutSeconds: 1 });
    expect(slow.status).toBe('timed_out');
    expect(slow.durationSeconds).toBeLessThan(5);
    const bad = await core.handlers['tasks.testRun']({ command: 'exit 4' });
    expect(bad).toMatchObject({ status: 'failed', exitCode: 4 });
    expect(await executions(core)).toHaveLength(0);
  });

  it('pauseAll stops scheduled runs (with an end time when given minutes) and resumeAll restarts them', async () => {
    const core = await openCore();
    const taskId = await addTask(core, { command: 'true' });
    await core.start();
    await waitFor(async () => (await executions(core, taskId)).length > 0);
    const state = await core.handlers['scheduler.pauseAll']({ minutes: 5 });
    expect(state.pausedAll).toBe(true);
    expect(state.pausedUntil).toBeGreaterThan(Date.now() + 4 * 60_000);
    await sleep(200);
    const countAtPause = (await executions(core, taskId)).length;
    await sleep(1500);
    expect((await executions(core, taskId)).length).toBe(countAtPause);
    const resumed = await core.handlers['scheduler.resumeAll']({});
    expect(resumed).toMatchObject({ pausedAll: false, pausedUntil: null });
    await waitFor(async () => (await executions(core, taskId)).length > countAtPause, 2500);
  });
});
