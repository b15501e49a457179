import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { ProgressUpdate } from '../../src/main/core/runner/progress-parser';
import { ProgressThrottle } from '../../src/main/core/runner/progress-throttle';

const p = (progressPercent: number): ProgressUpdate => ({ progressPercent });

beforeEach(() => {
  vi.useFakeTimers();
  vi.setSystemTime(0);
});
afterEach(() => vi.useRealTimers());

function setup(persistDelayMs = 0) {
  const emitted: { at: number; percent: number | null }[] = [];
  const persisted: { at: number; percent: number | null }[] = [];
  const throttle = new ProgressThrottle({
    emit: (u) => emitted.push({ at: Date.now(), percent: u.progressPercent ?? null }),
    persist: (u) => {
      persisted.push({ at: Date.now(), percent: u.progressPercent ?? null });
      return persistDelayMs > 0 ? new Promise((r) => setTimeout(r, persistDelayMs)) : undefined;
    },
  });
  return { emitted, persisted, throttle };
}

describe('ProgressThrottle', () => {
  it('caps a flood at 10 events/s and 1 write/s, latest wins, trailing edge delivered', async () => {
    const { emitted, persisted, throttle } = setup();
    // 1000 reports a second for 3 s.
    for (let i = 1; i <= 3000; i++) {
      throttle.push(p(i / 30));
      await vi.advanceTimersByTimeAsync(1);
    }
    await vi.advanceTimersByTimeAsync(2000);
    expect(emitted.length).toBeGreaterThanOrEqual(29);
    expect(emitted.length).toBeLessThanOrEqual(31);
    expect(persisted.length).toBeGreaterThanOrEqual(3);
    expect(persisted.length).toBeLessThanOrEqual(4);
    for (let i = 1; i < emitted.length; i++)
      expect(emitted[i].at - emitted[i - 1].at).toBeGreaterThanOrEqual(100);
    for (let i = 1; i < persisted.length; i++)
      expect(persisted[i].at - persisted[i - 1].at).toBeGreaterThanOrEqual(1000);
    // The very last report arrives on both channels without a flush.
    expect(emitted.at(-1)!.percent).toBe(100);
    expect(persisted.at(-1)!.percent).toBe(100);
  });

  it('delivers the first report at once and drops the ones in between', async () => {
    const { emitted, persisted, throttle } = setup();
    throttle.push(p(1));
    expect(emitted.map((e) => e.percent)).toEqual([1]);
    expect(persisted.map((e) => e.percent)).toEqual([1]);
    throttle.push(p(2));
    throttle.push(p(3));
    await vi.advanceTimersByTimeAsync(100);
    expect(emitted.map((e) => e.percent)).toEqual([1, 3]);
    expect(persisted.map((e) => e.percent)).toEqual([1]);
    await vi.advanceTimersByTimeAsync(900);
    expect(persisted.map((e) => e.percent)).toEqual([1, 3]);
  });

  it('flush writes and emits the final state at once', async () => {
    const { emitted, persisted, throttle } = setup();
    throttle.push(p(1));
    throttle.push(p(50));
    throttle.push(p(99));
    await throttle.flush();
    expect(emitted.map((e) => e.percent)).toEqual([1, 99]);
    expect(persisted.map((e) => e.percent)).toEqual([1, 99]);
    expect(Date.now()).toBe(0);
    // Nothing left over: no timer fires later.
    await vi.advanceTimersByTimeAsync(5000);
    expect(emitted).toHaveLength(2);
    expect(persisted).toHaveLength(2);
  });

  it('never overlaps slow writes and flush waits for the one in flight', async () => {
    const { persisted, throttle } = setup(1500);
    throttle.push(p(1));
    await vi.advanceTimersByTimeAsync(1100);
    throttle.push(p(2));
    await vi.advanceTimersByTimeAsync(100);
    expect(persisted.map((e) => e.percent)).toEqual([1]); // first write still running
    await vi.advanceTimersByTimeAsync(300);
    expect(persisted.map((e) => e.percent)).toEqual([1, 2]); // started right after the first finished
    throttle.push(p(3));
    let flushed = false;
    void throttle.flush().then(() => (flushed = true));
    await vi.advanceTimersByTimeAsync(1000);
    expect(flushed).toBe(false);
    await vi.advanceTimersByTimeAsync(3000);
    expect(flushed).toBe(true);
    expect(persisted.map((e) => e.percent)).toEqual([1, 2, 3]);
  });

  it('keeps going after a failed write and reports the error', async () => {
    const errors: unknown[] = [];
    let calls = 0;
    const throttle = new ProgressThrottle({
      emit: () => {},
      persist: async () => {
        calls++;
        if (calls === 1) throw new Error('database is locked');
      },
      onError: (e) => errors.push(e),
    });
    throttle.push(p(1));
    throttle.push(p(2));
    await throttle.flush();
    expect(calls).toBe(2);
    expect(errors).toHaveLength(1);
  });

  it('dispose drops pending reports and ignores later ones', async () => {
    const { emitted, persisted, throttle } = setup();
    throttle.push(p(1));
    throttle.push(p(2));
    throttle.dispose();
    throttle.push(p(3));
    await vi.advanceTimersByTimeAsync(5000);
    await throttle.flush();
    expect(emitted.map((e) => e.percent)).toEqual([1]);
    expect(persisted.map((e) => e.percent)).toEqual([1]);
  });
});
