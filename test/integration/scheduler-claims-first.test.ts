// A tick's due slots are claimed before any further spawn (planner.ts holds the spawn pacer while a tick
// claims): the claim's statement used to wait behind a turn of the spawns still due from the previous
// second, and at 200 runs a second claims were hundreds of ms late.
import { spawn as nodeSpawn } from 'node:child_process';
import { performance } from 'node:perf_hooks';
import { afterEach, describe, expect, it } from 'vitest';
import { setSpawnForTests } from '../../src/main/core/runner/executor';
import { addTask, closeCores, executions, openCore, waitFor, type ExecRow } from './scheduler-helpers';
import { onPostgres } from './test-database';

const TASKS = 5;
/** Each spawn holds the thread this long: a second's burst runs into the next second. */
const SPAWN_MS = 250;

afterEach(async () => {
  setSpawnForTests(undefined);
  await closeCores();
});

describe('claims before spawns', () => {
  // The claim's moment is read from an SQLite trigger (the bench's measurement hook).
  it.skipIf(onPostgres)(
    'no spawn starts between a tick asking for its claims and the claim',
    async () => {
      const spawnedAt: number[] = [];
      setSpawnForTests(((...args: Parameters<typeof nodeSpawn>) => {
        spawnedAt.push(Date.now());
        const until = performance.now() + SPAWN_MS;
        while (performance.now() < until) {
          // a slow fork
        }
        return nodeSpawn(...args);
      }) as typeof nodeSpawn);
      const core = await openCore();
      await core.handlers['settings.update']({ concurrencyLimit: 64 });
      const q = core.db.sequelize;
      await q.query('CREATE TABLE test_claims (execution_id INTEGER PRIMARY KEY, claimed_at REAL NOT NULL)');
      await q.query(`CREATE TRIGGER test_claim AFTER INSERT ON task_executions BEGIN
      INSERT INTO test_claims VALUES (NEW.id, (julianday('now') - 2440587.5) * 86400000.0); END`);
      for (let i = 0; i < TASKS; i++) await addTask(core, { overlapPolicy: 'parallel' });
      await core.start();
      // Six seconds of slots: the later ones are claimed while the earlier bursts are still spawning.
      const rows = (await waitFor(
        async () => {
          const all = await executions(core);
          const slots = new Set(all.map((r) => r.scheduled_at));
          return slots.size >= 6 && all;
        },
        30_000,
        'six seconds of slots',
      )) as (ExecRow & { created_at: number })[];
      const claims = (await q.query('SELECT execution_id, claimed_at FROM test_claims', {
        raw: true,
      })) as unknown as [{ execution_id: number; claimed_at: number }[]];
      const claimedAt = new Map(claims[0].map((c) => [Number(c.execution_id), Number(c.claimed_at)]));
      const firstSlot = Math.min(...rows.map((r) => r.scheduled_at!));
      const later = rows.filter((r) => r.scheduled_at! > firstSlot);
      expect(later.length).toBeGreaterThan(0);
      // A later slot was asked for (created_at) while spawns of an earlier one were still waiting.
      expect(later.some((r) => spawnedAt.some((t) => t > Number(r.created_at)))).toBe(true);
      for (const row of later) {
        const asked = Number(row.created_at);
        const claimed = claimedAt.get(row.id)!;
        expect(claimed).toBeGreaterThanOrEqual(asked - 2);
        const between = spawnedAt.filter((t) => t > asked && t < claimed - 1);
        expect({ slot: row.scheduled_at, between }).toEqual({ slot: row.scheduled_at, between: [] });
      }
    },
    60_000,
  );
});
