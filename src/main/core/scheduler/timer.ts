// The runner's ONE timer. It sleeps until the earliest due time, but never longer than 60 s per wait, so a
// wall-clock change or a sleep of the machine is noticed within a minute. Each wake compares how far the
// wall clock moved with how far the monotonic clock moved: a difference of more than a few seconds is a
// clock jump (or a suspend), reported so the scheduler re-plans. In team mode the clock is the database
// server's: a step of the local clock alone is re-measured away first (`resync`), so it is no jump.
import { performance } from 'node:perf_hooks';

export const MAX_WAIT_MS = 60_000;
export const CLOCK_JUMP_MS = 5_000;

export class WakeTimer {
  private handle: NodeJS.Timeout | null = null;
  private target: number | null = null;
  private stopped = true;

  constructor(
    private readonly onWake: (clockJumped: boolean) => void,
    private readonly now: () => number = Date.now,
    private readonly resync?: () => Promise<void>,
  ) {}

  start(): void {
    this.stopped = false;
  }

  stop(): void {
    this.stopped = true;
    this.clear();
  }

  /** Arms the timer for `at` (epoch ms; null = nothing due, just check the clock every 60 s). */
  armFor(at: number | null): void {
    if (this.stopped) return;
    this.clear();
    this.target = at;
    const wallStart = this.now();
    const monoStart = performance.now();
    const wait = at === null ? MAX_WAIT_MS : Math.max(0, Math.min(MAX_WAIT_MS, at - wallStart));
    this.handle = setTimeout(() => {
      this.handle = null;
      const measure = () => {
        const wallMoved = this.now() - wallStart;
        const monoMoved = performance.now() - monoStart;
        this.onWake(Math.abs(wallMoved - monoMoved) > CLOCK_JUMP_MS);
      };
      if (!this.resync) return measure();
      void this.resync().then(measure, measure);
    }, wait);
  }

  get armedFor(): number | null {
    return this.handle ? this.target : null;
  }

  private clear(): void {
    if (this.handle) clearTimeout(this.handle);
    this.handle = null;
  }
}
