// Team mode keeps time by the database server's clock. Every machine writes start times, heartbeats and
// lease times that the others compare with their own "now": with a machine's clock off by more than the
// heartbeat bound (10 s), its healthy runs would look dead to the others and be reaped, and its slots would
// fire early or late. So each core measures its offset to the server (one query, corrected by half the
// round trip) at start and every minute, and its clock is the local clock plus that offset.
//
// A step of the local clock (NTP, the user, a wake from sleep) would carry the offset's clock with it until
// the next measure: a step forward of an hour makes every other machine's heartbeat look an hour old, and
// the reaper would interrupt their healthy runs. So the clock watches the local clock against the monotonic
// one, and the scheduler re-measures before anything time-critical (a tick, a reaper pass) once they part.
import { performance } from 'node:perf_hooks';
import type { Database } from './database';
import { serverTimeMs } from '../store/team-signals';

const RESYNC_MS = 60_000;
/** Offsets within this of the current one are noise (the round trip's): time does not wobble for them. */
const NOISE_MS = 25;
/** The local clock moving this much more (or less) than the monotonic clock is a step, not drift. */
export const STEP_MS = 2_000;

export class ServerClock {
  private offsetMs = 0;
  private timer: NodeJS.Timeout | null = null;
  /** Local and monotonic readings at the last measure: how a step of the local clock is seen. */
  private localAtSync = 0;
  private monoAtSync = 0;
  private syncing: Promise<number> | null = null;

  constructor(
    private readonly db: Database,
    private readonly local: () => number,
    private readonly log: (line: string) => void = () => {},
    private readonly mono: () => number = () => performance.now(),
  ) {}

  /** The server's time, as well as this machine can tell it. */
  readonly now = (): number => this.local() + this.offsetMs;

  get offset(): number {
    return this.offsetMs;
  }

  /** Measures the offset once; returns it. Concurrent calls share one query. */
  sync(): Promise<number> {
    this.syncing ??= this.measure().finally(() => (this.syncing = null));
    return this.syncing;
  }

  /** Whether the local clock stepped against the monotonic one since the last measure. */
  stepped(): boolean {
    const localMoved = this.local() - this.localAtSync;
    const monoMoved = this.mono() - this.monoAtSync;
    return Math.abs(localMoved - monoMoved) > STEP_MS;
  }

  /** Re-measures when the local clock stepped since the last measure (two clock reads otherwise). */
  async resyncIfStepped(): Promise<void> {
    if (!this.stepped()) return;
    this.log("Team: this machine's clock stepped; measuring the database server's time again");
    await this.sync();
  }

  private async measure(): Promise<number> {
    const before = this.local();
    const serverTime = await serverTimeMs(this.db);
    const after = this.local();
    this.localAtSync = after;
    this.monoAtSync = this.mono();
    const measured = Math.round(serverTime - (before + after) / 2);
    if (Math.abs(measured - this.offsetMs) > NOISE_MS) {
      if (Math.abs(measured) > 1_000) {
        const direction = measured > 0 ? 'behind' : 'ahead of';
        this.log(
          `Team: this machine's clock is ${(Math.abs(measured) / 1000).toFixed(1)} s ${direction} ` +
            `the database server's; Cronkeeper keeps the server's time`,
        );
      }
      this.offsetMs = measured;
    }
    return this.offsetMs;
  }

  /** Re-measures every minute (clocks drift, and NTP may step this one). */
  start(): void {
    if (this.timer) return;
    this.timer = setInterval(() => void this.sync().catch(() => {}), RESYNC_MS);
    this.timer.unref?.();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }
}
