// A due tick goes first (planner.ts queueWake/tickSoon, run-queue.ts schedulePump): at 200 runs a second the
// timer's tick waited in the scheduler's chain behind pumps after run endings, and behind extra wakes that a
// pump's rearm of an already due timer queued, so every claim of the second was asked ~70 ms late.
import { afterEach, describe, expect, it } from 'vitest';
import type { Database } from '../../src/main/core/db/database';
import { Planner, type PlannerDeps } from '../../src/main/core/scheduler/planner';
import { RunQueue, type RunQueueDeps } from '../../src/main/core/scheduler/run-queue';
import { PauseAll } from '../../src/main/core/scheduler/run-control';
import type { Serial } from '../../src/main/core/scheduler/shared';

/** A database that must not be used: any access is recorded (and fails, as a dead connection would). */
function untouchableDb(used: string[]): Database {
  return new Proxy({} as Database, {
    get(_target, key) {
      used.push(String(key));
      throw new Error(`database used: ${String(key)}`);
    },
  });
}

/** The chain, run by hand: what was queued waits until the test runs it. */
function manualSerial(): Serial & { queued: (() => Promise<unknown>)[]; runNext(): Promise<void> } {
  const queued: (() => Promise<unknown>)[] = [];
  return {
    queued,
    exclusive: <T>(fn: () => Promise<T>) => {
      queued.push(fn);
      return new Promise<T>(() => {});
    },
    background: (fn) => void queued.push(fn),
    async runNext() {
      await queued.shift()!().catch(() => {});
    },
  };
}

const waitMs = (ms: number) => new Promise((r) => setTimeout(r, ms));
const planners: Planner[] = [];
afterEach(() => planners.splice(0).forEach((p) => p.stopTimer()));

function planner(serial: Serial, life: { scheduling: boolean; stopping: boolean; suspended: boolean }) {
  const used: string[] = [];
  const health = { degraded: false, outageOf: () => null };
  let dueAt: number | null = null;
  const deps = {
    db: untouchableDb(used),
    events: {} as PlannerDeps['events'],
    now: Date.now,
    log: () => {},
    life,
    serial,
    health,
    pause: new PauseAll(),
    runsHere: () => true,
    slots: {} as PlannerDeps['slots'],
    pump: async () => {},
    queuedDueAt: () => dueAt,
    afterTick: () => {},
    beforeExternalReplan: async () => {},
    noteError: () => {},
    emitState: () => {},
  } satisfies PlannerDeps;
  const p = new Planner(deps);
  p.startTimer();
  planners.push(p);
  return { p, health, setDue: (at: number | null) => (dueAt = at) };
}

describe('a due tick goes first', () => {
  it('queues one tick for wakes that come while a wake waits in the chain', async () => {
    const serial = manualSerial();
    const life = { scheduling: true, stopping: false, suspended: false };
    const { p, setDue } = planner(serial, life);
    setDue(Date.now() - 5); // a queued run is due: the timer fires at once
    p.rearm();
    await waitMs(30);
    expect(serial.queued).toHaveLength(1);
    // A pump's rearm while that wake waits: the timer, still due, fires again.
    p.rearm();
    await waitMs(30);
    p.rearm();
    await waitMs(30);
    expect(serial.queued).toHaveLength(1);
    // Once the tick has begun, a new wake is a new tick.
    life.scheduling = false; // (the tick then does nothing: no database in this test)
    await serial.runNext();
    life.scheduling = true;
    p.rearm();
    await waitMs(30);
    expect(serial.queued).toHaveLength(1);
  });

  it('says a tick is soon when a wake waits or the timer is about to fire, never while degraded', async () => {
    const serial = manualSerial();
    const life = { scheduling: true, stopping: false, suspended: false };
    const { p, health, setDue } = planner(serial, life);
    setDue(Date.now() + 10_000);
    p.rearm();
    expect(p.tickSoon(50)).toBe(false);
    setDue(Date.now() + 30);
    p.rearm();
    expect(p.tickSoon(50)).toBe(true);
    health.degraded = true; // a degraded tick does not pump: nothing may wait for it
    expect(p.tickSoon(50)).toBe(false);
    health.degraded = false;
    await waitMs(80);
    expect(serial.queued).toHaveLength(1); // the wake waits in the chain
    expect(p.tickSoon(0)).toBe(true);
  });

  it('leaves a pump after run endings to a tick that is due, but never twice in a row', async () => {
    const serial = manualSerial();
    let reads = 0;
    const life = { scheduling: true, stopping: false, suspended: false };
    const queue = new RunQueue({
      // A pump's first step is its read of the queue (which then fails here).
      db: {
        get dialect() {
          reads++;
          return { name: 'sqlite' };
        },
      } as unknown as Database,
      now: Date.now,
      log: () => {},
      life,
      serial,
      settings: {} as RunQueueDeps['settings'],
      runs: {} as RunQueueDeps['runs'],
      pause: new PauseAll(),
      coordinator: { team: false, runsHere: () => true, liveSchedulerElsewhere: async () => false },
      plannedTask: () => undefined,
      skipReason: () => null,
      skipQueued: async () => false,
      rearm: () => {},
      tickSoon: () => true,
      emitState: () => {},
    });
    queue.schedulePump();
    await serial.runNext();
    expect(reads).toBe(0); // no pump: the tick pumps after its claims
    queue.schedulePump();
    await serial.runNext();
    expect(reads).toBeGreaterThan(0); // the next one pumps
  });
});
