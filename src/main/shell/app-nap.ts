// macOS App Nap: a tray-only app with no visible window may be napped, and its timers delayed by seconds
// to minutes (electron#5101), so a scheduled slot would fire late and a running job's progress stall.
// While a run is active or one is due within a minute, the app holds
// powerSaveBlocker('prevent-app-suspension'), and lets go otherwise (so an idle Cronkeeper does not keep
// the Mac awake). Other platforms do not nap apps: nothing is held there.
import type { PowerSaveBlocker } from 'electron';

/** How soon a due run makes the app hold the blocker. */
export const DUE_SOON_MS = 60_000;
/** How often the need is re-checked besides run events (a slot comes within the minute). */
export const RECHECK_MS = 15_000;

export interface AppNapDeps {
  powerSaveBlocker: Pick<PowerSaveBlocker, 'start' | 'stop'>;
  platform: NodeJS.Platform;
  /** Runs going now in this process. */
  running: () => number;
  /** The next slot of this scheduler, epoch ms, or null. */
  nextDueAt: () => number | null;
  now?: () => number;
}

export class AppNapGuard {
  private blockerId: number | null = null;
  private timer: NodeJS.Timeout | null = null;
  private readonly now: () => number;

  constructor(private readonly deps: AppNapDeps) {
    this.now = deps.now ?? Date.now;
  }

  /** Starts watching (macOS only); returns the function that stops it and releases the blocker. */
  start(): () => void {
    if (this.deps.platform !== 'darwin') return () => {};
    this.update();
    this.timer = setInterval(() => this.update(), RECHECK_MS);
    this.timer.unref?.();
    return () => this.dispose();
  }

  get holding(): boolean {
    return this.blockerId !== null;
  }

  /** Takes or releases the blocker to match what the scheduler is doing now (call on run events too). */
  update(): void {
    if (this.deps.platform !== 'darwin') return;
    const next = this.deps.nextDueAt();
    const wanted = this.deps.running() > 0 || (next !== null && next - this.now() <= DUE_SOON_MS);
    if (wanted && this.blockerId === null) {
      this.blockerId = this.deps.powerSaveBlocker.start('prevent-app-suspension');
    } else if (!wanted && this.blockerId !== null) {
      this.deps.powerSaveBlocker.stop(this.blockerId);
      this.blockerId = null;
    }
  }

  private dispose(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    if (this.blockerId !== null) this.deps.powerSaveBlocker.stop(this.blockerId);
    this.blockerId = null;
  }
}
