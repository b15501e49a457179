// Misfire policies for slots missed while no scheduler ran (last_slot_at in the past) or while asleep.
import { afterEach, describe, expect, it } from 'vitest';
import type { MisfirePolicy } from '../../src/shared/types';
import { execute } from '../../src/main/core/store/sql';
import { addTask, closeCores, executions, openCore, sleep, waitFor } from './scheduler-helpers';

afterEach(() => closeCores());

/** A task whose last handled slot is `secondsAgo` whole seconds before the current second. */
async function taskWithPast(policy: MisfirePolicy, secondsAgo: number, graceSeconds = 3600) {
  const core = await openCore();
  const taskId = await addTask(core, {
    command: 'true',
    misfirePolicy: policy,
    misfireGraceSeconds: graceSeconds,
  });
  const lastSlot = Math.floor(Date.now() / 1000) * 1000 - secondsAgo * 1000;
  await execute(core.db, 'UPDATE scheduled_tasks SET last_slot_at = ? WHERE id = ?', [lastSlot, taskId]);
  return { core, taskId, lastSlot };
}

/** The slots the start-up pass handled: everything up to (and including) the second start() ran in. */
async function startAndSettle(core: Awaited<ReturnType<typeof openCore>>) {
  const before = Date.now();
  await core.start();
  return Math.floor(before / 1000) * 1000;
}

describe('misfire policies', () => {
  it('skip: every missed slot is recorded as missed, nothing runs for them', async () => {
    const { core, taskId, lastSlot } = await taskWithPast('skip', 5);
    const startSecond = await startAndSettle(core);
    const rows = await executions(core, taskId);
    const missed = rows.filter((r) => r.status === 'missed');
    const expected = [];
    for (let s = lastSlot + 1000; s <= startSecond; s += 1000) expected.push(s);
    expect(missed.map((r) => r.scheduled_at).slice(0, expected.length)).toEqual(expected);
    for (const row of missed) {
      expect(row.start_time).toBe(row.scheduled_at);
      expect(row.error_message).toMatch(/^Missed:/);
    }
    expect(rows.some((r) => r.trigger === 'catch-up')).toBe(false);
    // and the schedule goes on normally
    await waitFor(async () =>
      (await executions(core, taskId)).some((r) => r.trigger === 'schedule' && r.status === 'success'),
    );
    const task = await core.tasks.get(taskId);
    expect(task.nextRunAt).toBeGreaterThan(startSecond);
  });

  it('run-once: the newest missed slot runs once as catch-up, the others are missed', async () => {
    const { core, taskId, lastSlot } = await taskWithPast('run-once', 5);
    await startAndSettle(core);
    const catchUp = await waitFor(async () =>
      (await executions(core, taskId)).find((r) => r.trigger === 'catch-up' && r.status === 'success'),
    );
    const rows = await executions(core, taskId);
    expect(rows.filter((r) => r.trigger === 'catch-up')).toHaveLength(1);
    const missed = rows.filter((r) => r.status === 'missed').map((r) => r.scheduled_at!);
    expect(missed.length).toBeGreaterThanOrEqual(4);
    expect(Math.min(...missed)).toBe(lastSlot + 1000);
    expect(catchUp.scheduled_at).toBe(Math.max(...missed) + 1000);
  });

  it('run-all: up to 10 missed slots run (newest first kept), one after another; older ones are missed', async () => {
    const { core, taskId } = await taskWithPast('run-all', 14);
    await startAndSettle(core);
    const rows = await waitFor(async () => {
      const all = (await executions(core, taskId)).filter((r) => r.trigger === 'catch-up');
      return all.length === 10 && all.every((r) => r.status === 'success') && all;
    }, 10_000);
    const all = await executions(core, taskId);
    const missed = all.filter((r) => r.status === 'missed').map((r) => r.scheduled_at!);
    expect(missed.length).toBeGreaterThanOrEqual(4);
    expect(Math.max(...missed)).toBeLessThan(Math.min(...rows.map((r) => r.scheduled_at!)));
    const sorted = [...rows].sort((a, b) => a.start_time - b.start_time);
    for (let i = 1; i < sorted.length; i++)
      expect(sorted[i].start_time).toBeGreaterThanOrEqual(sorted[i - 1].end_time!);
  });

  it('run-all honours the grace window: slots older than it are missed', async () => {
    const { core, taskId } = await taskWithPast('run-all', 8, 3);
    const startSecond = await startAndSettle(core);
    const rows = await executions(core, taskId);
    const catchUps = rows.filter((r) => r.trigger === 'catch-up');
    expect(catchUps.length).toBeGreaterThanOrEqual(3);
    expect(catchUps.length).toBeLessThanOrEqual(4);
    for (const r of catchUps) expect(startSecond - r.scheduled_at!).toBeLessThanOrEqual(3000);
    expect(rows.filter((r) => r.status === 'missed').length).toBeGreaterThanOrEqual(4);
  });

  it('suspend and resume: slots that pass while suspended go through the misfire policy on resume', async () => {
    const core = await openCore();
    const taskId = await addTask(core, { command: 'true', misfirePolicy: 'skip' });
    await core.start();
    await waitFor(async () => (await executions(core, taskId)).some((r) => r.status === 'success'));
    core.scheduler.suspend();
    const suspendedAt = Date.now();
    await sleep(2600);
    const during = (await executions(core, taskId)).filter((r) => r.start_time > suspendedAt + 100);
    expect(during).toHaveLength(0);
    core.scheduler.resume();
    const missed = await waitFor(async () => {
      const rows = (await executions(core, taskId)).filter((r) => r.status === 'missed');
      return rows.length >= 2 && rows;
    });
    for (const r of missed) expect(r.scheduled_at).toBeGreaterThan(suspendedAt - 1000);
    await waitFor(async () =>
      (await executions(core, taskId)).some(
        (r) => r.trigger === 'schedule' && r.start_time > Date.now() - 1500,
      ),
    );
  });
});
