// Runs due in the same second are spawned a few per turn of the event loop (spawn-pacer.ts): a spawn blocks
// the thread until the child has exec'd, and a burst spawned back to back held the next second's timer and
// the database callbacks behind all of it. A turn spawns until it has used its budget, then yields: a timer
// set at the first spawn of a burst longer than the budget fires before the burst is over.
import { spawn as nodeSpawn } from 'node:child_process';
import { performance } from 'node:perf_hooks';
import { afterEach, describe, expect, it } from 'vitest';
import { setSpawnForTests } from '../../src/main/core/runner/executor';
import { TURN_BUDGET_MS } from '../../src/main/core/scheduler/spawn-pacer';
import { addTask, closeCores, openCore } from './scheduler-helpers';

const TASKS = 8;

afterEach(async () => {
  setSpawnForTests(undefined);
  await closeCores();
});

async function waitFor(cond: () => boolean, timeoutMs: number): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!cond() && Date.now() < until) await new Promise((r) => setTimeout(r, 20));
}

describe('spawn pacing', () => {
  it('lets a timer run between the spawns of runs due in the same second', async () => {
    const order: string[] = [];
    const spawned = () => order.filter((e) => e === 'spawn').length;
    setSpawnForTests(((...args: Parameters<typeof nodeSpawn>) => {
      if (spawned() === 0) setTimeout(() => order.push('timer'), 0);
      order.push('spawn');
      // Each spawn holds the thread at least this long: the burst lasts well past one turn's budget.
      const until = performance.now() + TURN_BUDGET_MS / 2;
      while (performance.now() < until) {
        // a slow fork
      }
      return nodeSpawn(...args);
    }) as typeof nodeSpawn);
    const core = await openCore();
    await core.handlers['settings.update']({ concurrencyLimit: 64 });
    for (let i = 0; i < TASKS; i++) await addTask(core, { overlapPolicy: 'parallel' });
    await core.start();
    await waitFor(() => spawned() >= TASKS && order.includes('timer'), 20_000);
    expect(spawned()).toBeGreaterThanOrEqual(TASKS);
    // Every task is due at the same instant: the first TASKS spawns are one burst.
    const lastOfBurst = order.map((e, i) => (e === 'spawn' ? i : -1)).filter((i) => i >= 0)[TASKS - 1];
    expect(order.indexOf('timer')).toBeGreaterThan(-1);
    expect(order.indexOf('timer')).toBeLessThan(lastOfBurst);
  }, 30_000);
});
