// One action on many selected tasks (tasks.bulk): enable, disable, pause or resume the schedule, run now, or
// delete. The flags and the delete are a few chunked statements in one transaction (store/task-bulk.ts)
// followed by one re-plan of the scheduler, not one trip per task through the single-task path; Run now
// goes task by task (each run is its own claim and start). What cannot be done to a task (it was deleted
// meanwhile, its run could not start) is reported for that task with why, and the others go on.
import type { BulkAction, BulkResult } from '../../../shared/contract';
import type { Database } from '../db/database';
import { serializeError } from '../errors';
import type { CoreEvents } from '../events';
import type { Scheduler } from '../scheduler/index';
import { deleteTasks, loadBulkRows, setTaskFlag, type BulkTaskRow } from '../store/task-bulk';
import { checkpointSoon } from '../store/tasks';

export interface BulkDeps {
  db: Database;
  scheduler: Scheduler;
  events: CoreEvents;
  now: () => number;
}

const FLAGS: Record<
  Exclude<BulkAction, 'run' | 'delete'>,
  { column: 'enabled' | 'paused'; value: boolean }
> = {
  enable: { column: 'enabled', value: true },
  disable: { column: 'enabled', value: false },
  pause: { column: 'paused', value: true },
  resume: { column: 'paused', value: false },
};

type Failure = BulkResult['failed'][number];

export async function runBulkAction(deps: BulkDeps, ids: number[], action: BulkAction): Promise<BulkResult> {
  const unique = [...new Set(ids)];
  const rows = await loadBulkRows(deps.db, unique);
  const failed: Failure[] = unique
    .filter((id) => !rows.has(id))
    .map((id) => ({ id, name: null, code: 'NOT_FOUND', message: `Task ${id} does not exist` }));
  const present = unique.filter((id) => rows.has(id));
  if (action === 'run') return runEach(deps, present, rows, failed);
  if (action === 'delete') {
    await deps.scheduler.cancelTasks(present);
    const { deleted, deletedExecutions, large } = await deleteTasks(deps.db, present);
    const gone = new Set(deleted);
    // Deleted by someone else between the read and the delete.
    for (const id of present) if (!gone.has(id)) failed.push(missing(id, rows.get(id)));
    await deps.scheduler.tasksChanged(deleted);
    for (const id of deleted) deps.events.emit('task.changed', { taskId: id, deleted: true });
    if (large) checkpointSoon(deps.db);
    return { action, done: deleted, failed, deletedExecutions };
  }
  const { column, value } = FLAGS[action];
  const now = deps.now();
  const changed: number[] = [];
  const done: number[] = [];
  for (const id of present) {
    const row = rows.get(id)!;
    done.push(id);
    if (row[column] !== value) changed.push(id); // already so: nothing to write
  }
  await setTaskFlag(deps.db, column, value, changed, now);
  // next_run_at has one writer, the scheduler's planner: it stores the new next runs, then re-plans.
  await deps.scheduler.tasksSaved(changed);
  await deps.scheduler.tasksChanged(changed);
  for (const id of changed) deps.events.emit('task.changed', { taskId: id, deleted: false });
  return { action, done, failed };
}

async function runEach(
  deps: BulkDeps,
  ids: number[],
  rows: Map<number, BulkTaskRow>,
  failed: Failure[],
): Promise<BulkResult> {
  const done: number[] = [];
  for (const id of ids) {
    try {
      await deps.scheduler.runNow(id, 'manual');
      done.push(id);
    } catch (err) {
      const { code, message } = serializeError(err);
      failed.push({ id, name: rows.get(id)?.name ?? null, code, message });
    }
  }
  return { action: 'run', done, failed };
}

function missing(id: number, row: BulkTaskRow | undefined): Failure {
  return { id, name: row?.name ?? null, code: 'NOT_FOUND', message: `Task ${id} does not exist` };
}
