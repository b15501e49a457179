// Cancel and pause of a run that ANOTHER process is running (another machine's scheduler in team mode, the
// CLI, or `serve` while the app has no lease): the request is written to the run's row, that process acts
// on it within its poll (about 2 s), and the caller waits a little for the row to show it, so that it
// usually answers with the final state. And the other side: applying such requests to our own runs.
import { enText } from '../../../shared/messages';
import type { Database } from '../db/database';
import { CronkeeperError } from '../errors';
import { requestCancel, requestPause, takeRunRequests } from '../store/execution-requests';
import { touchHeartbeats } from '../store/execution-writes';
import { getExecution, getStatus } from '../store/executions';
import type { ProcessRun } from '../runner/process-run';
import { canPauseProcesses } from '../runner/process-tree';

/** How long a request waits for the run's process to act on it before it answers. */
export const REMOTE_REQUEST_WAIT_MS = 6_000;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Reads the row every 200 ms until `done` says the request was acted on, or the wait is over. */
async function awaitOtherProcess<T>(
  now: () => number,
  read: () => Promise<T>,
  done: (row: T) => boolean,
): Promise<T> {
  const deadline = now() + REMOTE_REQUEST_WAIT_MS;
  let row = await read();
  while (!done(row) && now() < deadline) {
    await sleep(200);
    row = await read();
  }
  return row;
}

/** `cancelled` says that the request stands; the run ends `cancelled` when its process has stopped it. */
export async function cancelElsewhere(
  db: Database,
  executionId: number,
  now: () => number,
): Promise<{ cancelled: boolean }> {
  if (!(await requestCancel(db, executionId, 'user'))) {
    const row = await getStatus(db, executionId);
    return { cancelled: row?.status === 'cancelled' };
  }
  await awaitOtherProcess(
    now,
    () => getStatus(db, executionId),
    (row) => row?.status !== 'running',
  );
  return { cancelled: true };
}

/** False when the execution is not running or already so. The caller checked that the row exists. */
export async function setPausedElsewhere(
  db: Database,
  executionId: number,
  paused: boolean,
  now: () => number,
): Promise<boolean> {
  const row = await getExecution(db, executionId);
  const isSo = (e: { pausedAt?: number | null }) => (e.pausedAt != null) === paused;
  if (!row || row.status !== 'running' || isSo(row)) return false;
  if (!(await requestPause(db, executionId, paused ? 'pause' : 'resume'))) return false;
  const latest = await awaitOtherProcess(
    now,
    () => getExecution(db, executionId),
    (e) => !e || e.status !== 'running' || isSo(e),
  );
  // Still running but not paused: the owner did not confirm (Windows cannot pause, or it is gone).
  if (latest?.status === 'running' && !isSo(latest)) throw pauseNotConfirmed(executionId, paused);
  return latest?.status === 'running';
}

const pauseNotConfirmed = (id: number, paused: boolean) =>
  new CronkeeperError(
    'UNSUPPORTED',
    enText(paused ? 'exec.pauseNotConfirmed' : 'exec.resumeNotConfirmed', { id }),
  );

export const PAUSE_UNSUPPORTED = new CronkeeperError(
  'UNSUPPORTED',
  'Pausing a run stops its processes with POSIX signals, which Windows does not have; cancel it instead',
);

/** Our runs that other processes asked to stop (executions.cancel, a remote `replace`), pause or resume. */
export async function applyRunRequests(
  db: Database,
  active: ReadonlyMap<number, ProcessRun>,
  log: (line: string) => void,
): Promise<void> {
  const ids = [...active.keys()];
  if (ids.length === 0) return;
  const { pauses, cancels } = await takeRunRequests(db, ids);
  for (const [id, request] of pauses) {
    const run = active.get(id);
    if (!run) continue;
    if (!canPauseProcesses) {
      log(`Scheduler: execution ${id} cannot be paused here: ${PAUSE_UNSUPPORTED.message}`);
      continue;
    }
    await run.setPaused(request === 'pause');
  }
  for (const [id, reason] of cancels) {
    const run = active.get(id);
    if (!run) continue;
    log(`Scheduler: execution ${id} cancelled at another process's request (${reason})`);
    run.cancel(reason);
  }
}

/** How often a process running tasks without the lease looks for cancel and pause requests of its runs. */
const CANCEL_POLL_MS = 1_000;

/**
 * A process without the lease (the CLI's `task run`) keeps its runs' rows alive (heartbeat_at, so that a
 * scheduler leaves them alone) and applies requests to them, until it has no run left or starts scheduling.
 */
export class RunRowsKeeper {
  private handle: NodeJS.Timeout | null = null;

  constructor(
    private readonly opts: {
      db: Database;
      active: ReadonlyMap<number, ProcessRun>;
      now: () => number;
      heartbeatMs: number;
      scheduling: () => boolean;
      applyRequests: () => Promise<void>;
    },
  ) {}

  start(): void {
    if (this.handle) return;
    // Requests are read every second; the heartbeat is written less often (each write wakes the data watch of
    // every other process on the database).
    const touchEvery = Math.round(this.opts.heartbeatMs / CANCEL_POLL_MS);
    let polls = 0;
    this.handle = setInterval(() => {
      const ids = [...this.opts.active.keys()];
      if (ids.length === 0 || this.opts.scheduling()) return this.stop();
      if (++polls % touchEvery === 0) {
        void touchHeartbeats(this.opts.db, ids, this.opts.now()).catch(() => {});
      }
      void this.opts.applyRequests().catch(() => {});
    }, CANCEL_POLL_MS);
    this.handle.unref?.();
  }

  stop(): void {
    if (this.handle) clearInterval(this.handle);
    this.handle = null;
  }
}
