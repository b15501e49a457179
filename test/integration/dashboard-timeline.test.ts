// The dashboard's timeline through a real core and scheduler: a task every 30 s is a band and does not
// hide the other tasks (it used to take every slot).
import { afterEach, describe, expect, it } from 'vitest';
import { addTask, closeCores, openCore, waitFor } from './scheduler-helpers';

afterEach(() => closeCores());

describe('the dashboard timeline through the core', () => {
  it('gives a task every 30 s a band and still shows the other tasks', async () => {
    const core = await openCore();
    const frequent = await addTask(core, { name: 'every 30 s', cronExpression: '*/30 * * * * *' });
    const daily = await addTask(core, {
      name: 'daily',
      cronExpression: '0 3 * * *',
      timezone: 'Europe/Berlin',
    });
    await core.start();
    const data = await waitFor(async () => {
      const d = await core.handlers['stats.dashboard']({});
      return d.timeline.tasks.length === 2 && d;
    });
    const byId = new Map(data.timeline.tasks.map((t) => [t.taskId, t]));
    expect(byId.get(frequent)).toMatchObject({ band: true, intervalMs: 30_000 });
    expect(byId.get(daily)).toMatchObject({ band: false, timezone: 'Europe/Berlin' });
    expect(byId.get(daily)!.runs).toHaveLength(1);
    expect(data.timeline.more).toBe(0);
  });
});
