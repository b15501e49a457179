// Wall-clock jumps (the user or NTP sets the clock): the one timer notices within a wait and re-plans.
// The core's clock is injected (`now`), so the test moves the wall clock without touching the machine's.
import { afterEach, describe, expect, it } from 'vitest';
import { addTask, closeCores, executions, openCore, waitFor } from './scheduler-helpers';
import { onPostgres } from './test-database';

afterEach(() => closeCores());

// In team mode (PostgreSQL) the core keeps the database server's time, and a step of the local clock is
// measured away before the schedule sees it: team-postgres.test.ts shows that instead.
describe.skipIf(onPostgres)('clock jumps', () => {
  it('forward: the skipped-over slots go through the misfire policy, then the schedule goes on', async () => {
    let offset = 0;
    const now = () => Date.now() + offset;
    const core = await openCore({ now });
    const taskId = await addTask(core, { command: 'true', misfirePolicy: 'skip' });
    await core.start();
    await waitFor(async () => (await executions(core, taskId)).some((r) => r.status === 'success'));
    const before = now();
    offset += 20_000;
    const missed = await waitFor(async () => {
      const rows = (await executions(core, taskId)).filter((r) => r.status === 'missed');
      return rows.length >= 15 && rows;
    }, 5000);
    for (const r of missed) expect(r.scheduled_at).toBeGreaterThan(before - 2000);
    await waitFor(async () =>
      (await executions(core, taskId)).some(
        (r) => r.trigger === 'schedule' && r.scheduled_at! > before + 20_000,
      ),
    );
  });

  it('backward: the schedule does not stall until the clock catches up again', async () => {
    let offset = 0;
    const now = () => Date.now() + offset;
    const core = await openCore({ now });
    const taskId = await addTask(core, { command: 'true', misfirePolicy: 'skip' });
    await core.start();
    // Generous waits: on a loaded CI machine the PostgreSQL pass runs many files at once. They stay well
    // under the 30 s that a stalled schedule would take.
    await waitFor(async () => (await executions(core, taskId)).some((r) => r.status === 'success'), 15_000);
    offset -= 30_000;
    const jumpedAt = now();
    // a slot on the new (earlier) clock runs within seconds, not 30 s later (when the old plan's slot is due)
    const row = await waitFor(
      async () =>
        (await executions(core, taskId)).find(
          (r) =>
            r.trigger === 'schedule' &&
            r.scheduled_at! >= jumpedAt - 1000 &&
            r.scheduled_at! < jumpedAt + 12_000,
        ),
      15_000,
      'a run after the clock went back',
    );
    expect(row.status).not.toBe('missed');
  }, 45_000);
});
