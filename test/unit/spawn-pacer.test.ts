// The spawn pacer (scheduler/spawn-pacer.ts): a turn of the event loop spawns until it has used its budget,
// then yields. Several quick spawns share a turn (one per turn doubled the time to the last start of a
// burst); slow ones still let the loop (timers, database callbacks) in between; the order is kept.
import { performance } from 'node:perf_hooks';
import { afterEach, describe, expect, it } from 'vitest';
import {
  HOLD_MAX_MS,
  holdSpawns,
  inSpawnTurn,
  setTurnBudget,
  spawnsUntil,
  WAKE_LEAD_MS,
} from '../../src/main/core/scheduler/spawn-pacer';

afterEach(() => {
  setTurnBudget(undefined);
  spawnsUntil(null);
});

/** Holds the thread for `ms`, as a spawn does. */
function busy(ms: number): void {
  const until = performance.now() + ms;
  while (performance.now() < until) {
    // spin
  }
}

/** Starts `count` spawns of `costMs` each; resolves with the loop turn each ran in, in start order. */
async function burst(count: number, costMs: number): Promise<{ order: number[]; turns: number[] }> {
  let turn = 0;
  let ticking = true;
  const tick = () => {
    turn++;
    if (ticking) setImmediate(tick);
  };
  setImmediate(tick);
  const order: number[] = [];
  const turns: number[] = [];
  await Promise.all(
    Array.from({ length: count }, (_, i) =>
      inSpawnTurn(() => {
        busy(costMs);
        order.push(i);
        turns.push(turn);
      }),
    ),
  );
  ticking = false;
  return { order, turns };
}

describe('spawn pacer', () => {
  it('starts several quick spawns in one turn, in order', async () => {
    setTurnBudget(1000);
    const { order, turns } = await burst(6, 1);
    expect(order).toEqual([0, 1, 2, 3, 4, 5]);
    expect(new Set(turns).size).toBe(1);
  });

  it('yields to the loop once a turn has used its budget', async () => {
    setTurnBudget(20);
    const { order, turns } = await burst(6, 8);
    expect(order).toEqual([0, 1, 2, 3, 4, 5]);
    // 8 ms each against 20 ms a turn: two or three per turn (fewer if the machine preempts us), never all.
    const perTurn = [...new Set(turns)].map((t) => turns.filter((x) => x === t).length);
    expect(perTurn.length).toBeGreaterThan(1);
    expect(Math.max(...perTurn)).toBeGreaterThanOrEqual(2);
    expect(Math.max(...perTurn)).toBeLessThanOrEqual(3);
  });

  it('starts one spawn a turn just before the planner wakes, so that the wake is not late', async () => {
    setTurnBudget(1000);
    spawnsUntil(Date.now() + 60_000); // far away: one turn for all
    expect(new Set((await burst(6, 1)).turns).size).toBe(1);
    spawnsUntil(Date.now() + 60_000, 120_000); // within the lead: one spawn per turn
    const { order, turns } = await burst(6, 1);
    expect(order).toEqual([0, 1, 2, 3, 4, 5]);
    expect(new Set(turns).size).toBe(6);
    spawnsUntil(Date.now() - 1); // passed: the timer runs before the next turn anyway
    expect(new Set((await burst(6, 1)).turns).size).toBe(1);
    expect(WAKE_LEAD_MS).toBeGreaterThan(0);
  });

  it('gives the start its result, or its error, and goes on with the next', async () => {
    const failing = inSpawnTurn(() => {
      throw new Error('spawn EAGAIN');
    });
    const next = inSpawnTurn(() => 42);
    await expect(failing).rejects.toThrow('spawn EAGAIN');
    await expect(next).resolves.toBe(42);
  });

  it('holds every spawn while a tick claims, then starts them in order', async () => {
    const order: string[] = [];
    const release = holdSpawns();
    const first = inSpawnTurn(() => order.push('a'));
    await new Promise((resolve) => setTimeout(resolve, 30));
    const second = inSpawnTurn(() => order.push('b'));
    await new Promise((resolve) => setTimeout(resolve, 30));
    expect(order).toEqual([]);
    release();
    release(); // twice is once
    await Promise.all([first, second]);
    expect(order).toEqual(['a', 'b']);
  });

  it('ends a hold that is never released after HOLD_MAX_MS', async () => {
    const t0 = performance.now();
    holdSpawns();
    await inSpawnTurn(() => {});
    expect(performance.now() - t0).toBeGreaterThanOrEqual(HOLD_MAX_MS - 5);
  }, 10_000);
});
