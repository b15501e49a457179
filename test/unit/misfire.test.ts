// Misfire policies (pure) and the capped search for missed slots.
import { describe, expect, it } from 'vitest';
import { missedSlotsSince, planMisfires } from '../../src/main/core/timing/misfire';
import { slotsBetween } from '../../src/main/core/timing/schedule-math';

const MIN = 60_000;
const now = Date.parse('2026-06-01T12:00:00Z');
/** Slots every 10 minutes for the last 3 hours, oldest first. */
const slots = Array.from({ length: 18 }, (_, i) => now - (18 - i) * 10 * MIN);

describe('planMisfires', () => {
  it('skip: runs nothing, records every slot as missed', () => {
    const plan = planMisfires({ policy: 'skip', missedSlots: slots, nowMs: now, graceSeconds: 3600 });
    expect(plan.run).toEqual([]);
    expect(plan.missed).toEqual(slots);
  });

  it('run-once: runs only the latest slot within the grace window', () => {
    const plan = planMisfires({ policy: 'run-once', missedSlots: slots, nowMs: now, graceSeconds: 3600 });
    expect(plan.run).toEqual([{ slot: now - 10 * MIN, trigger: 'catch-up' }]);
    expect(plan.missed).toEqual(slots.slice(0, -1));
  });

  it('run-once: nothing runs when every slot is older than the grace window', () => {
    const plan = planMisfires({ policy: 'run-once', missedSlots: slots, nowMs: now, graceSeconds: 5 * 60 });
    expect(plan.run).toEqual([]);
    expect(plan.missed).toEqual(slots);
  });

  it('run-all: runs each slot within the grace window, ascending', () => {
    const plan = planMisfires({ policy: 'run-all', missedSlots: slots, nowMs: now, graceSeconds: 3600 });
    const inGrace = slots.filter((s) => s >= now - 3600_000);
    expect(inGrace).toHaveLength(6);
    expect(plan.run.map((r) => r.slot)).toEqual(inGrace);
    expect(plan.run.every((r) => r.trigger === 'catch-up')).toBe(true);
    expect(plan.missed).toEqual(slots.filter((s) => s < now - 3600_000));
  });

  it('run-all: at most 10 (the most recent 10), the rest missed', () => {
    const plan = planMisfires({ policy: 'run-all', missedSlots: slots, nowMs: now, graceSeconds: 86_400 });
    expect(plan.run.map((r) => r.slot)).toEqual(slots.slice(-10));
    expect(plan.missed).toEqual(slots.slice(0, -10));
    const three = planMisfires({
      policy: 'run-all',
      missedSlots: slots,
      nowMs: now,
      graceSeconds: 86_400,
      maxRunAll: 3,
    });
    expect(three.run.map((r) => r.slot)).toEqual(slots.slice(-3));
  });

  it('every slot ends up in exactly one list, even unsorted and with a duplicate', () => {
    const messy = [slots[5], slots[1], slots[17], slots[5], slots[9]];
    for (const policy of ['skip', 'run-once', 'run-all'] as const) {
      const plan = planMisfires({ policy, missedSlots: messy, nowMs: now, graceSeconds: 7200 });
      const all = [...plan.run.map((r) => r.slot), ...plan.missed].sort((a, b) => a - b);
      expect(all).toEqual([slots[1], slots[5], slots[9], slots[17]]);
    }
  });

  it('a slot at exactly the edge of the grace window still counts as within it', () => {
    const edge = now - 600_000;
    const plan = planMisfires({ policy: 'run-once', missedSlots: [edge], nowMs: now, graceSeconds: 600 });
    expect(plan.run).toEqual([{ slot: edge, trigger: 'catch-up' }]);
  });

  it('no missed slots, no plan', () => {
    expect(planMisfires({ policy: 'run-all', missedSlots: [], nowMs: now, graceSeconds: 60 })).toEqual({
      run: [],
      missed: [],
    });
  });
});

describe('missedSlotsSince', () => {
  it('lists the slots after the last one up to now', () => {
    const last = Date.parse('2026-06-01T11:00:00Z');
    expect(missedSlotsSince('*/15 * * * *', 'UTC', last, now)).toEqual({
      slots: ['11:15', '11:30', '11:45', '12:00'].map((t) => Date.parse(`2026-06-01T${t}:00Z`)),
      capped: false,
    });
  });

  it('nothing missed when now is not after the last slot', () => {
    expect(missedSlotsSince('* * * * *', 'UTC', now, now)).toEqual({ slots: [], capped: false });
  });

  it('a year asleep at every second: the most recent 1000 slots, capped, quickly', () => {
    const started = performance.now();
    const result = missedSlotsSince('* * * * * *', 'Europe/Berlin', now - 365 * 86_400_000, now, 1000);
    const elapsed = performance.now() - started;
    expect(result.capped).toBe(true);
    expect(result.slots).toHaveLength(1000);
    expect(result.slots[999]).toBe(now);
    expect(result.slots[0]).toBe(now - 999_000);
    expect(elapsed).toBeLessThan(2000);
  });

  it('capped for an irregular schedule keeps the most recent slots too', () => {
    // Every second, but only during 03:xx UTC: a window of 3 days holds 3 * 3600 slots.
    const last = now - 3 * 86_400_000;
    const result = missedSlotsSince('* * 3 * * *', 'UTC', last, now, 500);
    expect(result.capped).toBe(true);
    expect(result.slots).toHaveLength(500);
    const expected = slotsBetween('* * 3 * * *', 'UTC', Date.parse('2026-06-01T03:00:00Z') - 1, now, 4000);
    expect(result.slots).toEqual(expected.slice(-500));
  });
});
