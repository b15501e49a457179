// Team mode keeps time by the database server's clock. Every machine writes start times, heartbeats and
// lease times that the others compare with their own "now": with a machine's clock off by more than the
// heartbeat bound (10 s), its healthy runs would look dead to the others and be reaped, and its slots would
// fire early or late. So each core measures its offset to the server (one query, corrected by half the
// round trip) at start and every minute, and its clock is the local clock plus that offset.
import type { Database } from './database';
import { select } from '../services/rows';

const RESYNC_MS = 60_000;
/** Offsets within this of the current one are noise (the round trip's): time does not wobble for them. */
const NOISE_MS = 25;

export class ServerClock {
  private offsetMs = 0;
  private timer: NodeJS.Timeout | null = null;

  constructor(
    private readonly db: Database,
    private readonly local: () => number,
    private readonly log: (line: string) => void = () => {},
  ) {}

  /** The server's time, as well as this machine can tell it. */
  readonly now = (): number => this.local() + this.offsetMs;

  get offset(): number {
    return this.offsetMs;
  }

  /** Measures the offset once; returns it. */
  async sync(): Promise<number> {
    const before = this.local();
    const [row] = await select<{ t: number | string }>(
      this.db,
      'SELECT EXTRACT(EPOCH FROM clock_timestamp()) * 1000 AS t',
    );
    const after = this.local();
    const measured = Math.round(Number(row.t) - (before + after) / 2);
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
