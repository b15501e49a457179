// Requests one process writes into a run's row for the process running it (cancel, pause, resume), and
// the reading of them by that process: the columns cancel_request and pause_request of task_executions.
import type { Database } from '../db/database';
import { placeholders, rawRun, select } from './sql';

/** Why another process asked for a run to stop (the column cancel_request). */
export type CancelRequest = 'user' | 'replace';

/**
 * Asks whichever process runs execution `id` to cancel it (it looks at its next heartbeat). True when the
 * run was still `running`; a request never overwrites an earlier one.
 */
export async function requestCancel(db: Database, id: number, reason: CancelRequest): Promise<boolean> {
  const { changes } = await rawRun(
    db,
    `UPDATE task_executions SET cancel_request = ? WHERE id = ? AND status = 'running' AND cancel_request IS NULL`,
    [reason, id],
  );
  return changes === 1;
}

/** What another process asked of a running execution besides cancelling it (the column pause_request). */
export type PauseRequest = 'pause' | 'resume';

/** Asks whichever process runs execution `id` to pause or resume it. True when the run was `running`. */
export async function requestPause(db: Database, id: number, request: PauseRequest): Promise<boolean> {
  const { changes } = await rawRun(
    db,
    `UPDATE task_executions SET pause_request = ? WHERE id = ? AND status = 'running'`,
    [request, id],
  );
  return changes === 1;
}

/** What other processes asked of runs among `ids` (this process's own runs): cancels and pauses. */
export interface RunRequests {
  cancels: Map<number, CancelRequest>;
  pauses: Map<number, PauseRequest>;
}

/**
 * Reads the requests for runs among `ids` in one query. A pause request is taken: cleared as it is read,
 * unless a newer one replaced it meanwhile (that one is read on the next poll). A cancel request stays.
 */
export async function takeRunRequests(db: Database, ids: number[]): Promise<RunRequests> {
  const requests: RunRequests = { cancels: new Map(), pauses: new Map() };
  if (ids.length === 0) return requests;
  const rows = await select<{
    id: number;
    cancel_request: CancelRequest | null;
    pause_request: PauseRequest | null;
  }>(
    db,
    `SELECT id, cancel_request, pause_request FROM task_executions
      WHERE (cancel_request IS NOT NULL OR pause_request IS NOT NULL) AND id IN (${placeholders(ids.length)})`,
    ids,
  );
  for (const row of rows) {
    const id = Number(row.id);
    if (row.cancel_request) requests.cancels.set(id, row.cancel_request);
    if (!row.pause_request) continue;
    requests.pauses.set(id, row.pause_request);
    await rawRun(db, 'UPDATE task_executions SET pause_request = NULL WHERE id = ? AND pause_request = ?', [
      id,
      row.pause_request,
    ]);
  }
  return requests;
}
