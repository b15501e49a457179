// The runner's small pure parts: the one timer's clock-jump detection, retry backoff and retry rules.
import { describe, expect, it } from 'vitest';
import { MAX_RETRY_DELAY_MS, retryDelayMs, shouldRetry } from '../../src/main/core/scheduler/retry';
import { CLOCK_JUMP_MS, MAX_WAIT_MS, WakeTimer } from '../../src/main/core/scheduler/timer';
import { etaSeconds, toProgress } from '../../src/main/core/runner/process-run';

describe('WakeTimer', () => {
  it('wakes at the target and reports no jump when the wall clock kept pace', async () => {
    const woke: boolean[] = [];
    const timer = new WakeTimer((jumped) => woke.push(jumped));
    timer.start();
    const t0 = Date.now();
    timer.armFor(t0 + 80);
    expect(timer.armedFor).toBe(t0 + 80);
    await new Promise((r) => setTimeout(r, 200));
    expect(woke).toEqual([false]);
    expect(timer.armedFor).toBeNull();
  });

  it('reports a clock jump when the wall clock moved far more than the monotonic clock', async () => {
    let offset = 0;
    const woke: boolean[] = [];
    const timer = new WakeTimer(
      (jumped) => woke.push(jumped),
      () => Date.now() + offset,
    );
    timer.start();
    timer.armFor(Date.now() + 50);
    offset = CLOCK_JUMP_MS + 3000; // the wall clock is set forward while we wait
    await new Promise((r) => setTimeout(r, 150));
    expect(woke).toEqual([true]);
  });

  it('never waits longer than 60 s, and a stopped timer never fires', async () => {
    const woke: boolean[] = [];
    const timer = new WakeTimer((jumped) => woke.push(jumped));
    timer.armFor(Date.now() + 10); // not started: ignored
    await new Promise((r) => setTimeout(r, 50));
    expect(woke).toEqual([]);
    timer.start();
    timer.armFor(Date.now() + 10 * MAX_WAIT_MS);
    expect(timer.armedFor).not.toBeNull();
    timer.stop();
    expect(timer.armedFor).toBeNull();
  });
});

describe('retries', () => {
  it('backs off exponentially from the task delay, capped at one hour', () => {
    expect(retryDelayMs(60, 0)).toBe(60_000);
    expect(retryDelayMs(60, 1)).toBe(120_000);
    expect(retryDelayMs(60, 3)).toBe(480_000);
    expect(retryDelayMs(60, 10)).toBe(MAX_RETRY_DELAY_MS);
    expect(retryDelayMs(0, 5)).toBe(0);
  });

  it('retries failures and timeouts up to max_retries, never a cancel or a success', () => {
    expect(shouldRetry('failed', 0, 2, false)).toBe(true);
    expect(shouldRetry('timed_out', 1, 2, false)).toBe(true);
    expect(shouldRetry('failed', 2, 2, false)).toBe(false);
    expect(shouldRetry('failed', 0, 2, true)).toBe(false);
    expect(shouldRetry('cancelled', 0, 2, false)).toBe(false);
    expect(shouldRetry('success', 0, 2, false)).toBe(false);
  });
});

describe('progress mapping', () => {
  it('keeps the executor report by its names, the percent within 0-100, and estimates the time left', () => {
    expect(
      toProgress({ progressPercent: 24.04, currentStep: 120, totalSteps: 500, message: 'Downloading' }),
    ).toEqual({ progressPercent: 24, currentStep: 120, totalSteps: 500, message: 'Downloading' });
    expect(toProgress({ progressPercent: 150 })).toEqual({ progressPercent: 100 });
    expect(etaSeconds(25, 10_000)).toBe(30);
    expect(etaSeconds(0, 10_000)).toBeNull();
    expect(etaSeconds(100, 10_000)).toBeNull();
    expect(etaSeconds(null, 10_000)).toBeNull();
  });
});
