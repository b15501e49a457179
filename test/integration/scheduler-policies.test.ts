// Overlap, timeout, retry, cancel and concurrency policies with real child processes on real time.
import { afterEach, describe, expect, it } from 'vitest';
import { addTask, closeCores, executions, openCore, sleep, waitFor, type ExecRow } from './scheduler-helpers';

afterEach(() => closeCores());

/** Whether two runs of the list were ever running at the same time. */
function overlapped(rows: ExecRow[]): boolean {
  const ran = rows.filter(
    (r) => r.end_time !== null && ['success', 'failed', 'cancelled'].includes(r.status),
  );
  for (const a of ran) {
    for (const b of ran) if (a.id < b.id && b.start_time < a.end_time! - 20) return true;
  }
  return false;
}

describe('overlap policies', () => {
  it('skip: a slot that comes while the previous run is going is recorded as skipped', async () => {
    const core = await openCore();
    const taskId = await addTask(core, { command: 'sleep 1.6', overlapPolicy: 'skip' });
    await core.start();
    const rows = await waitFor(async () => {
      const all = await executions(core, taskId);
      return (
        all.filter((r) => r.status === 'success').length >= 1 &&
        all.some((r) => r.status === 'skipped') &&
        all
      );
    });
    const skipped = rows.filter((r) => r.status === 'skipped');
    expect(skipped[0].scheduled_at).not.toBeNull();
    expect(skipped[0].start_time).toBe(skipped[0].scheduled_at);
    expect(skipped[0].error_message).toMatch(/previous run .* still going/);
    expect(rows.filter((r) => r.status === 'running').length).toBeLessThanOrEqual(1);
    expect(overlapped(rows)).toBe(false);
  });

  it('queue: at most one run waits; it starts when the previous one ends; further slots are skipped', async () => {
    const core = await openCore();
    const taskId = await addTask(core, { command: 'sleep 1.5', overlapPolicy: 'queue' });
    await core.start();
    let maxQueued = 0;
    const rows = await waitFor(async () => {
      const all = await executions(core, taskId);
      maxQueued = Math.max(maxQueued, all.filter((r) => r.status === 'queued').length);
      const waited = all.find((r) => r.status === 'success' && r.start_time - r.scheduled_at! > 300);
      return waited && all.some((r) => r.status === 'skipped') && all;
    }, 10_000);
    expect(maxQueued).toBe(1);
    expect(rows.filter((r) => r.status === 'queued').length).toBeLessThanOrEqual(1);
    expect(rows.find((r) => r.status === 'skipped')!.error_message).toMatch(/already waiting/);
    expect(overlapped(rows)).toBe(false);
  });

  it('parallel: runs overlap', async () => {
    const core = await openCore();
    const taskId = await addTask(core, { command: 'sleep 2.2', overlapPolicy: 'parallel' });
    await core.start();
    await waitFor(
      async () => (await executions(core, taskId)).filter((r) => r.status === 'running').length >= 2,
    );
    expect((await executions(core, taskId)).some((r) => r.status === 'skipped')).toBe(false);
  });

  it('replace: the running one is cancelled with a message, then the new slot runs', async () => {
    const core = await openCore();
    const taskId = await addTask(core, { command: 'sleep 30', overlapPolicy: 'replace' });
    await core.start();
    const rows = await waitFor(async () => {
      const all = await executions(core, taskId);
      return all.some((r) => r.status === 'cancelled') && all.some((r) => r.status === 'running') && all;
    });
    const cancelled = rows.find((r) => r.status === 'cancelled')!;
    expect(cancelled.error_message).toMatch(/replaced by a newer run/);
    const newer = rows.find((r) => r.status === 'running')!;
    expect(newer.id).toBeGreaterThan(cancelled.id);
    expect(newer.scheduled_at).toBeGreaterThan(cancelled.scheduled_at!);
    expect(rows.some((r) => r.trigger === 'retry')).toBe(false);
  });
});

describe('timeout, retries, cancel', () => {
  it('a run over its timeout is timed_out and retried with exponential backoff as new executions', async () => {
    const core = await openCore();
    const taskId = await addTask(core, {
      paused: true,
      command: 'sleep 20',
      timeoutSeconds: 1,
      maxRetries: 2,
      retryDelaySeconds: 1,
    });
    await core.start();
    const { executionId } = await core.handlers['tasks.runNow']({ id: taskId });
    const rows = await waitFor(
      async () => {
        const all = await executions(core, taskId);
        return all.length === 3 && all.every((r) => r.status === 'timed_out') && all;
      },
      12_000,
      'three timed-out runs',
    );
    expect(rows[0].id).toBe(executionId);
    expect(rows.map((r) => r.retry_count)).toEqual([0, 1, 2]);
    expect(rows.map((r) => r.trigger)).toEqual(['manual', 'retry', 'retry']);
    expect(rows.map((r) => r.scheduled_at)).toEqual([null, null, null]);
    const gap1 = rows[1].start_time - rows[0].end_time!;
    const gap2 = rows[2].start_time - rows[1].end_time!;
    expect(gap1).toBeGreaterThanOrEqual(950);
    expect(gap1).toBeLessThan(1800);
    expect(gap2).toBeGreaterThanOrEqual(1950);
    expect(gap2).toBeLessThan(2800);
    expect(rows[0].duration_seconds).toBeGreaterThanOrEqual(0.9);
    expect(rows[0].duration_seconds).toBeLessThan(4);
    await sleep(600);
    expect((await executions(core, taskId)).length).toBe(3); // max_retries reached: no fourth
  }, 15_000);

  it('a failed run is retried; a pending retry is a queued row whose start_time is its due time', async () => {
    const core = await openCore();
    const taskId = await addTask(core, {
      paused: true,
      command: 'exit 3',
      maxRetries: 1,
      retryDelaySeconds: 2,
    });
    await core.start();
    await core.handlers['tasks.runNow']({ id: taskId });
    const pending = await waitFor(async () =>
      (await executions(core, taskId)).find((r) => r.status === 'queued'),
    );
    const first = (await executions(core, taskId))[0];
    expect(first.status).toBe('failed');
    expect(first.exit_code).toBe(3);
    expect(pending.trigger).toBe('retry');
    expect(pending.retry_count).toBe(1);
    expect(pending.start_time - first.end_time!).toBeGreaterThanOrEqual(1900);
    expect(core.scheduler.state().queued).toBe(1);
  });

  it('no retry after a user cancel; cancelling a queued run cancels it', async () => {
    const core = await openCore();
    await core.settings.update({ concurrencyLimit: 1 });
    const taskId = await addTask(core, {
      paused: true,
      command: 'sleep 20',
      maxRetries: 3,
      retryDelaySeconds: 0,
    });
    await core.start();
    const { executionId } = await core.handlers['tasks.runNow']({ id: taskId });
    const second = await core.handlers['tasks.runNow']({ id: taskId });
    await waitFor(async () => (await executions(core, taskId)).find((r) => r.status === 'running'));
    expect((await executions(core, taskId)).find((r) => r.id === second.executionId)!.status).toBe('queued');
    expect(await core.handlers['executions.cancel']({ id: second.executionId })).toEqual({ cancelled: true });
    expect(await core.handlers['executions.cancel']({ id: executionId })).toEqual({ cancelled: true });
    const rows = await executions(core, taskId);
    expect(rows.map((r) => r.status)).toEqual(['cancelled', 'cancelled']);
    expect(rows[0].error_message).toBe('Cancelled by the user');
    await sleep(500);
    expect((await executions(core, taskId)).length).toBe(2);
    expect(await core.handlers['executions.cancel']({ id: executionId })).toEqual({ cancelled: false });
    await expect(core.handlers['executions.cancel']({ id: 9999 })).rejects.toMatchObject({
      code: 'NOT_FOUND',
    });
  });
});

describe('concurrency limit', () => {
  it('runs beyond the limit wait as queued and start FIFO as slots free up', async () => {
    const core = await openCore();
    await core.settings.update({ concurrencyLimit: 1 });
    const a = await addTask(core, { paused: true, command: 'sleep 0.8' });
    const b = await addTask(core, { paused: true, command: 'sleep 0.2' });
    const c = await addTask(core, { paused: true, command: 'sleep 0.2' });
    await core.start();
    await core.handlers['tasks.runNow']({ id: a });
    await core.handlers['tasks.runNow']({ id: b });
    await core.handlers['tasks.runNow']({ id: c });
    expect(core.scheduler.state()).toMatchObject({ running: 1, queued: 2 });
    expect((await executions(core)).map((r) => r.status)).toEqual(['running', 'queued', 'queued']);
    const rows = await waitFor(async () => {
      const all = await executions(core);
      return all.every((r) => r.status === 'success') && all;
    });
    expect(rows[1].start_time).toBeGreaterThanOrEqual(rows[0].end_time!);
    expect(rows[2].start_time).toBeGreaterThanOrEqual(rows[1].end_time!);
    expect(core.scheduler.state()).toMatchObject({ running: 0, queued: 0 });
  });
});
