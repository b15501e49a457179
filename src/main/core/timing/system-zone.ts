// Noticing a change of the system time zone without a restart (a laptop travelling, a user changing it).
//
// V8 and ICU read the host's zone once and cache it; Node drops that cache whenever process.env.TZ is
// assigned or deleted (it calls V8's DateTimeConfigurationChangeNotification). So re-reading the system
// default is: touch TZ (delete it when the user did not set it, reassign it when they did), then ask Intl.
// It is done when the scheduler handles a wake or a clock jump, and at least hourly; the default zone of
// new tasks and the statistics' day boundaries then follow the system.
import { systemTimezone } from './schedule-math';

export const ZONE_CHECK_MS = 3_600_000;

/** The system time zone as the OS says now, not as cached at start. */
export function refreshSystemTimezone(env: NodeJS.ProcessEnv = process.env): string {
  const userTz = env.TZ;
  if (userTz === undefined) delete env.TZ;
  else env.TZ = userTz;
  return systemTimezone();
}

/** Re-reads the zone hourly and on demand (wake, clock jump); logs a change. */
export class ZoneWatcher {
  private zone: string;
  private timer: NodeJS.Timeout | null = null;

  constructor(
    private readonly log: (line: string) => void,
    private readonly read: () => string = () => refreshSystemTimezone(),
    private readonly intervalMs = ZONE_CHECK_MS,
  ) {
    this.zone = systemTimezone();
  }

  start(): void {
    if (this.timer) return;
    this.timer = setInterval(() => this.check('hourly check'), this.intervalMs);
    this.timer.unref?.();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  /** Re-reads the zone now; true when it changed. */
  check(reason: string): boolean {
    const zone = this.read();
    if (zone === this.zone) return false;
    this.log(`System time zone changed from ${this.zone} to ${zone} (${reason})`);
    this.zone = zone;
    return true;
  }

  get current(): string {
    return this.zone;
  }
}
