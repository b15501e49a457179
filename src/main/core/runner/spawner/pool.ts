// The run helpers of a scheduling core: one, and a second one for bursts. A helper starts one process at a
// time (each spawn waits for its child's exec), so 100 runs due in the same second wait in one queue; two
// helpers start them two at a time on two CPUs. The second helper costs memory (a small Node process), so
// it is started only when a burst is under way (BURST_STARTS starts unanswered) and then kept: a machine
// that has bursts keeps having them. Starts go to the helper with the fewest unanswered ones.
import type { RunningProcess, StartOptions } from '../executor';
import { RunHelperClient } from './client';
import type { HelperLauncher } from './transport';

/** Unanswered starts on the first helper that make it worth starting the second. */
export const BURST_STARTS = 8;

export class RunHelperPool {
  private readonly clients: RunHelperClient[];
  private active = 1;

  constructor(
    launch: HelperLauncher,
    log: (line: string) => void,
    /** How many helpers at most (1 on a single CPU: two would only take turns). */
    readonly size = 2,
  ) {
    this.clients = Array.from({ length: Math.max(1, size) }, () => new RunHelperClient(launch, log));
  }

  /** The first helper's pid while it runs (tests), else undefined. */
  get helperPid(): number | undefined {
    return this.clients[0].helperPid;
  }

  /** Every helper's pid, the unstarted ones as undefined (tests). */
  get helperPids(): (number | undefined)[] {
    return this.clients.slice(0, this.active).map((c) => c.helperPid);
  }

  /** Whether runs are started in this process now (the first helper could not be kept running). */
  get inProcess(): boolean {
    return this.clients[0].inProcess;
  }

  /** Starts the first helper ahead of the first run. */
  warm(): void {
    this.clients[0].warm();
  }

  /** The run as a helper started it; null when no helper can be kept running (start it here). */
  start(opts: StartOptions): Promise<RunningProcess> | null {
    const first = this.clients[0];
    if (first.inProcess) return null;
    if (this.active < this.clients.length && first.startsInFlight >= BURST_STARTS) {
      this.clients[this.active++].warm();
    }
    let best = first;
    for (const client of this.clients.slice(1, this.active))
      if (!client.inProcess && client.startsInFlight < best.startsInFlight) best = client;
    return best.start(opts);
  }

  close(): void {
    for (const client of this.clients) client.close();
  }
}
