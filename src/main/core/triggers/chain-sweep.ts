// The chain sweep: chain runs that should have started and did not. A chain run starts after the upstream
// run's record is written; if the process dies in between (a crash, a power cut, a kill), or stops just
// then, nothing else would start it. So at start every scheduler (the app, `serve`; in team mode each
// machine's) looks for upstream runs that ended within the last day whose downstream task, by its chain
// condition, should have run and has no run for them, and starts those. The claim on (task_id,
// upstream_execution_id) keeps it to one run per upstream run, however many schedulers sweep at once.
// Retried upstreams fire only after their final outcome (a run that a retry follows, or that its task's
// policy will still retry, fires nothing); links deleted meanwhile are simply not found; a downstream task
// saved since the upstream run ended (paused, disabled, edited) is left as it is (store/chain-gaps.ts).
import type { Database } from '../db/database';
import { shouldRetry } from '../scheduler/retry';
import { chainGaps } from '../store/chain-gaps';
import { getExecution } from '../store/executions';
import { chainFires } from './chain-graph';
import type { ChainRunner } from './chain-runner';

/** How far back the sweep looks: older upstream runs are no longer worth a late chain run. */
export const CHAIN_SWEEP_WINDOW_MS = 24 * 3_600_000;

/** Starts the missing chain runs; returns the ids of the runs it started. */
export async function sweepChains(
  db: Database,
  chains: Pick<ChainRunner, 'fire'>,
  now: number,
  log: (line: string) => void,
): Promise<number[]> {
  const started: number[] = [];
  for (const gap of await chainGaps(db, now - CHAIN_SWEEP_WINDOW_MS)) {
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
