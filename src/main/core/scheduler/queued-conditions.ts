// A queued run is checked against the run conditions again when it finally starts (issue #16's gap): a run
// that waited for its task's previous run (overlap `queue`) or for room under the concurrency limit may
// find the computer on battery by then. It is recorded `skipped` with the reason, as a slot on battery is,
// and the finished event tells the app. A manual run is never held back (it is not checked when asked for
// either: the user asked for it now).
import type { Trigger } from '../../../shared/types';
import type { Database } from '../db/database';
import type { CoreEvents } from '../events';
import { endQueued } from '../store/execution-writes';
import { emitFinishedFromRow } from './shared';

export interface QueuedConditionDeps {
  db: Database;
  events: CoreEvents;
  now: () => number;
  log: (line: string) => void;
  /** Why a run of the task must not start now (a power condition), or null. */
  skipReason: (taskId: number) => string | null;
}

/**
 * Whether the queued run must not start now; if so it is recorded skipped (true). False: start it.
 */
export async function skipQueuedByCondition(
  deps: QueuedConditionDeps,
  row: { id: number; task_id: number; trigger: Trigger },
): Promise<boolean> {
  if (row.trigger === 'manual') return false;
  const reason = deps.skipReason(row.task_id);
  if (!reason) return false;
  if (await endQueued(deps.db, row.id, 'skipped', deps.now(), reason)) {
    deps.log(`Scheduler: queued execution ${row.id} skipped: ${reason}`);
    await emitFinishedFromRow(deps.db, deps.events, row.id);
  }
  return true;
}
