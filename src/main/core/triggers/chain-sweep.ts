// The chain sweep: chain runs that should have started and did not. A chain run starts after the upstream
// run's record is written; if the process dies in between (a crash, a power cut, a kill), or stops just
// then, nothing else would start it. So at start every scheduler (the app, `serve`; in team mode each
// machine's, and then every minute for the last quarter hour, since a machine may die while the others go
// on) looks for upstream runs that ended within the last day whose downstream task, by its chain
// condition, should have run and has no run for them, and starts those. The claim on (task_id,
// upstream_execution_id) keeps it to one run per upstream run, however many schedulers sweep at once.
// Retried upstreams fire only after their final outcome (a run that a retry follows, or that its task's
// policy will still retry, fires nothing); links deleted meanwhile are simply not found; a downstream task
// saved since the upstream run ended (paused, disabled, edited) is left as it is (store/chain-gaps.ts).
import type { Database } from '../db/database';
import { CANCEL_MESSAGES } from '../runner/process-run';
import { shouldRetry } from '../scheduler/retry';
import { chainGaps } from '../store/chain-gaps';
import { getExecution } from '../store/executions';
import { chainFires } from './chain-graph';
import type { ChainRunner } from './chain-runner';

/** How far back the sweep at start looks: older upstream runs are no longer worth a late chain run. */
export const CHAIN_SWEEP_WINDOW_MS = 24 * 3_600_000;
/**
 * Team mode: a machine may die while the others go on, so every scheduler also sweeps the recent past this
 * often, this far back, leaving alone runs that ended too recently for their own machine to have started
 * the chain (it does so right after writing the record).
 */
export const TEAM_SWEEP_EVERY_MS = 60_000;
export const TEAM_SWEEP_WINDOW_MS = 15 * 60_000;
export const LIVE_PATH_GRACE_MS = 30_000;

/** Starts the missing chain runs of upstream runs that ended in [since, until]; their ids. */
export async function sweepChains(
  db: Database,
  chains: Pick<ChainRunner, 'fire'>,
  range: { since: number; until: number },
  log: (line: string) => void,
): Promise<number[]> {
  const started: number[] = [];
  const shutdownMessage = CANCEL_MESSAGES.shutdown;
  for (const gap of await chainGaps(db, { ...range, shutdownMessage })) {
    const cancelled = gap.status === 'cancelled' || gap.cancelRequested;
    if (shouldRetry(gap.status, gap.retryCount, gap.maxRetries, cancelled)) continue;
    if (!chainFires(gap.condition, gap.status === 'success')) continue;
    const upstream = await getExecution(db, gap.upstreamExecutionId);
    if (!upstream) continue;
    const id = await chains.fire(upstream, { taskId: gap.downstreamTaskId, condition: gap.condition });
    if (id === null) continue;
    started.push(id);
    log(
      `Chain: started task ${gap.downstreamTaskId} after execution ${gap.upstreamExecutionId}, ` +
        'which a stopped process had not started',
    );
  }
  return started;
}

/** The sweep at start (the last day) and, in team mode, every minute (the last quarter hour). */
export class ChainSweep {
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<number[]> | null = null;

  constructor(
    private readonly db: Database,
    private readonly chains: Pick<ChainRunner, 'fire'>,
    private readonly now: () => number,
    private readonly log: (line: string) => void,
  ) {}

  async start(team: boolean): Promise<void> {
    await this.sweep(CHAIN_SWEEP_WINDOW_MS, 0);
    if (!team) return;
    this.timer = setInterval(() => void this.recent(), TEAM_SWEEP_EVERY_MS);
    this.timer.unref();
  }

  /** Team mode's periodic pass (also callable on its own). */
  recent(): Promise<number[]> {
    return this.sweep(TEAM_SWEEP_WINDOW_MS, LIVE_PATH_GRACE_MS);
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.running;
  }

  private async sweep(windowMs: number, graceMs: number): Promise<number[]> {
    if (this.running) return [];
    const now = this.now();
    this.running = sweepChains(
      this.db,
      this.chains,
      { since: now - windowMs, until: now - graceMs },
      this.log,
    )
      .catch((err: unknown) => {
        this.log(`Chain sweep: ${String(err)}`);
        return [];
      })
      .finally(() => (this.running = null));
    return this.running;
  }
}
