// Team mode on a real PostgreSQL server (runs when CRONKEEPER_TEST_DATABASE_URL is set; .ci/run sets it):
// two schedulers in separate processes on one database run every slot of an every-second task exactly once.
// A file of its own: its 60 s window runs next to team-postgres.test.ts instead of after it.
import fs from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { closeCores, executions, openCore, sleep, waitFor, createTask } from './scheduler-helpers';
import { killLeftovers, spawnScheduler, stop } from './team-processes';
import { createPostgresDatabase, onPostgres } from './test-database';

afterEach(async () => {
  killLeftovers();
  await closeCores();
});

describe.skipIf(!onPostgres)('team mode on PostgreSQL', () => {
  it('two schedulers on one database run each of 60 every-second slots exactly once', async () => {
    const databaseUrl = await createPostgresDatabase();
    const admin = await openCore({ databaseUrl, schedule: false });
    const task = await createTask(admin, {
      name: 'every second',
      command: 'echo "$CK_SCHEDULER"',
      cronExpression: '* * * * * *',
      timezone: 'UTC',
      misfirePolicy: 'run-all', // a slot both schedulers were late for still runs (once)
    });
    const [a, b] = await Promise.all([
      spawnScheduler(databaseUrl, { name: 'A' }),
      spawnScheduler(databaseUrl, { name: 'B' }),
    ]);
    const from = Math.ceil(Date.now() / 1000) * 1000 + 1000;
    const slots = Array.from({ length: 60 }, (_, i) => from + i * 1000);
    await waitFor(
      async () => {
        const rows = await executions(admin, task.id);
        return (
          rows.filter((r) => r.scheduled_at !== null && r.scheduled_at >= slots[59] && r.status === 'success')
            .length > 0
        );
      },
      90_000,
      'the 60th slot to run',
    );
    await sleep(1500); // any late duplicate would show up now
    await Promise.all([stop(a), stop(b)]);

    const rows = (await executions(admin, task.id)).filter(
      (r) => r.scheduled_at !== null && r.scheduled_at >= from && r.scheduled_at <= slots[59],
    );
    const bySlot = new Map<number, typeof rows>();
    for (const row of rows) bySlot.set(row.scheduled_at!, [...(bySlot.get(row.scheduled_at!) ?? []), row]);
    expect([...bySlot.keys()].sort((x, y) => x - y)).toEqual(slots);
    for (const slot of slots) {
      expect(bySlot.get(slot)).toHaveLength(1);
      expect(bySlot.get(slot)![0].status).toBe('success');
    }
    // Both schedulers took part: the claim, not a standby, decides who runs a slot. Each run's log (on
    // this machine) says which scheduler's environment it ran in.
    const ranBy = rows.map((r) => fs.readFileSync(r.log_path!, 'utf8').trim());
    expect(ranBy.filter((who) => who === 'A').length + ranBy.filter((who) => who === 'B').length).toBe(60);
    expect(ranBy).toContain('A');
    expect(ranBy).toContain('B');
  }, 150_000);
});
