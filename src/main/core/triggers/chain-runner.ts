// Chains: when a run ends, start the tasks chained to its task whose condition matches. A run that will be
// retried has not reached its final outcome, so it fires nothing yet; the retry that ends it does. The
// downstream run gets the upstream's id, status and result in its environment (the result capped), and
// runs once per upstream run: the host claims it with the upstream execution's id.
import type { Execution } from '../../../shared/types';
import type { Database } from '../db/database';
import { shouldRetry } from '../scheduler/retry';
import { chainsFrom, type ChainRow } from '../store/triggers';
import { chainFires } from './chain-graph';
import type { TriggerHost, TriggerTasks } from './trigger-host';

/** The upstream's result JSON in the environment is capped: environments have OS limits (32 KB on Windows). */
export const UPSTREAM_RESULT_CAP = 16_000;

export function upstreamEnv(upstream: Execution): Record<string, string> {
  let result = JSON.stringify(upstream.result ?? {});
  if (result.length > UPSTREAM_RESULT_CAP) {
    result = JSON.stringify({
      truncated: true,
      note: `the result is over ${UPSTREAM_RESULT_CAP} characters`,
    });
  }
  return {
    CRONKEEPER_UPSTREAM_EXECUTION_ID: String(upstream.id),
    CRONKEEPER_UPSTREAM_TASK_ID: String(upstream.taskId),
    CRONKEEPER_UPSTREAM_STATUS: upstream.status,
    CRONKEEPER_UPSTREAM_RESULT: result,
  };
}

export class ChainRunner {
  constructor(
    private readonly db: Database,
    private readonly host: TriggerHost,
    private readonly tasks: TriggerTasks,
    private readonly log: (line: string) => void,
  ) {}

  /** Called when a run's final record is written. */
  async runEnded(upstream: Execution): Promise<number[]> {
    if (upstream.status === 'queued' || upstream.status === 'running') return [];
    // Slots that never ran (missed, skipped) are not runs that ended: nothing to follow up.
    if (upstream.status === 'missed' || upstream.status === 'skipped') return [];
    const links = await chainsFrom(this.db, upstream.taskId);
    if (links.length === 0) return [];
    const info = await this.tasks.taskInfo(upstream.taskId);
    const cancelled = upstream.status === 'cancelled';
    if (info && shouldRetry(upstream.status, upstream.retryCount, info.maxRetries, cancelled)) return [];
    const succeeded = upstream.status === 'success';
    const started: number[] = [];
    for (const link of links) {
      if (!chainFires(link.condition, succeeded)) continue;
      const id = await this.fire(upstream, link);
      if (id !== null) started.push(id);
    }
    return started;
  }

  /**
   * Starts the downstream run of one link for `upstream` (claimed by its id: a second start, here or
   * elsewhere, starts nothing); its id, or null. Also the chain sweep's way (chain-sweep.ts).
   */
  async fire(upstream: Execution, link: Pick<ChainRow, 'taskId' | 'condition'>): Promise<number | null> {
    try {
      return await this.host.runTriggered(link.taskId, {
        trigger: 'chain',
        upstreamExecutionId: upstream.id,
        env: upstreamEnv(upstream),
        detail: {
          upstreamExecutionId: upstream.id,
          upstreamTaskId: upstream.taskId,
          condition: link.condition,
        },
      });
    } catch (err) {
      this.log(`Chain: starting task ${link.taskId} after execution ${upstream.id} failed: ${String(err)}`);
      return null;
    }
  }
}
