// The store for triggers beyond cron: task_triggers (one row per task that has any) and task_chains (the
// "run after" links). Its one mapper turns their rows into the shared TaskTriggers shape. A task without a
// row has NO_TRIGGERS, so tasks created before migration 0010 need nothing written.
import type { Transaction } from 'sequelize';
import type { TaskTriggers } from '../../../shared/trigger-types';
import type { ExecutionStatus } from '../../../shared/types';
import type { Database } from '../db/database';
import { execute, placeholders, rawAll, select } from './sql';
import { TurnReads } from './turn-reads';
import { mapChain, readTriggers, TRIGGER_COLUMNS, type ChainRow } from './trigger-rows';

export { rowToTriggers, type ChainRow } from './trigger-rows';

/** Every chain link (for cycle checks and the task list's chain column). */
export async function allChains(db: Database, transaction?: Transaction): Promise<ChainRow[]> {
  const rows = await select<{ task_id: number; upstream_task_id: number; condition: string }>(
    db,
    `SELECT task_id, upstream_task_id, "condition" FROM task_chains ORDER BY task_id, upstream_task_id`,
    [],
    transaction,
  );
  return rows.map(mapChain);
}

/** The chain links of each upstream task asked for in one turn, read by one statement (turn-reads.ts). */
const linksFrom = new TurnReads<number, ChainRow[]>(async (db, upstreamIds) => {
  const rows = await rawAll<{ task_id: number; upstream_task_id: number; condition: string }>(
    db,
    `SELECT task_id, upstream_task_id, "condition" FROM task_chains
      WHERE upstream_task_id IN (${placeholders(upstreamIds.length)}) ORDER BY upstream_task_id, task_id`,
    upstreamIds,
  );
  const byUpstream = new Map<number, ChainRow[]>();
  for (const link of rows.map(mapChain)) {
    const links = byUpstream.get(link.upstreamTaskId);
    if (links) links.push(link);
    else byUpstream.set(link.upstreamTaskId, [link]);
  }
  return byUpstream;
}, []);

/**
 * The links fired by a run of `upstreamTaskId`, in downstream task order. Read at the end of every run, so
 * straight on the driver (sql.ts), and shared by the runs ending in the same turn: through Sequelize, one
 * statement per run, it cost a formatted stack trace and a prepared statement apiece on the scheduler's
 * thread while a burst of runs was starting.
 */
export function chainsFrom(db: Database, upstreamTaskId: number): Promise<ChainRow[]> {
  return linksFrom.get(db, upstreamTaskId);
}

/**
 * The triggers of the given tasks (every task with any when `taskIds` is omitted), in one statement: the
 * task list's page, one task, the coordinator and the export all read them so (trigger-rows.ts).
 */
export function triggersOf(db: Database, taskIds?: number[]): Promise<Map<number, TaskTriggers>> {
  return readTriggers((sql, params) => select(db, sql, params), taskIds);
}

/** Replaces a task's triggers (inside the caller's transaction, with the task's own save). */
export async function saveTriggers(
  db: Database,
  taskId: number,
  t: TaskTriggers,
  transaction?: Transaction,
): Promise<void> {
  await execute(db, `DELETE FROM task_triggers WHERE task_id = ?`, [taskId], transaction);
  await execute(db, `DELETE FROM task_chains WHERE task_id = ?`, [taskId], transaction);
  const plain =
    !t.onStartup &&
    t.watch === null &&
    !t.onlyOnAc &&
    !t.stopOnBattery &&
    !t.keepAwake &&
    t.webhookMode === 'default' &&
    t.startupDelaySeconds === 0;
  if (!plain) {
    await execute(
      db,
      `INSERT INTO task_triggers (${TRIGGER_COLUMNS}) VALUES (${placeholders(13)})`,
      [
        taskId,
        t.onStartup ? 1 : 0,
        t.startupDelaySeconds,
        t.watch?.folder ?? null,
        t.watch?.glob ?? null,
        t.watch?.debounceMs ?? 2_000,
        t.onlyOnAc ? 1 : 0,
        t.stopOnBattery ? 1 : 0,
        t.keepAwake ? 1 : 0,
        t.webhookMode,
        t.webhookMode === 'custom' ? t.webhookUrl : null,
        t.webhookOn,
        t.webhookMode === 'custom' ? t.webhookSecret : null,
      ],
      transaction,
    );
  }
  for (const link of t.chains) {
    await execute(
      db,
      `INSERT INTO task_chains (task_id, upstream_task_id, "condition") VALUES (?, ?, ?)`,
      [taskId, link.upstreamTaskId, link.condition],
      transaction,
    );
  }
}

/** Tasks (enabled, not paused) that run when the scheduler starts, with their delay. */
export async function startupTasks(db: Database): Promise<{ taskId: number; delaySeconds: number }[]> {
  const rows = await select<{ task_id: number; startup_delay_seconds: number }>(
    db,
    `SELECT g.task_id, g.startup_delay_seconds FROM task_triggers g
       JOIN scheduled_tasks t ON t.id = g.task_id
      WHERE g.on_startup <> 0 AND t.enabled <> 0 AND t.paused = 0
      ORDER BY g.task_id`,
  );
  return rows.map((r) => ({ taskId: Number(r.task_id), delaySeconds: Number(r.startup_delay_seconds) }));
}

/** Tasks (enabled) with a folder to watch. Paused tasks keep their watcher; their runs are skipped. */
export async function watchedFolders(
  db: Database,
): Promise<{ taskId: number; folder: string; glob: string | null; debounceMs: number }[]> {
  const rows = await select<{
    task_id: number;
    watch_folder: string;
    watch_glob: string | null;
    watch_debounce_ms: number;
  }>(
    db,
    `SELECT g.task_id, g.watch_folder, g.watch_glob, g.watch_debounce_ms FROM task_triggers g
       JOIN scheduled_tasks t ON t.id = g.task_id
      WHERE g.watch_folder IS NOT NULL AND t.enabled <> 0
      ORDER BY g.task_id`,
  );
  return rows.map((r) => ({
    taskId: Number(r.task_id),
    folder: r.watch_folder,
    glob: r.watch_glob,
    debounceMs: Number(r.watch_debounce_ms),
  }));
}

/** Stores the last webhook delivery's outcome on the execution (shown in the drawer). */
export async function recordWebhookOutcome(
  db: Database,
  executionId: number,
  outcome: unknown,
): Promise<void> {
  await execute(db, `UPDATE task_executions SET webhook_outcome = ? WHERE id = ?`, [
    JSON.stringify(outcome),
    executionId,
  ]);
}

/** The chain runs an execution started (the drawer links them), with their task's name and status. */
export async function downstreamRuns(
  db: Database,
  executionId: number,
): Promise<{ id: number; taskId: number; taskName: string | null; status: ExecutionStatus }[]> {
  const rows = await select<{ id: number; task_id: number; task_name: string | null; status: string }>(
    db,
    `SELECT e.id, e.task_id, t.name AS task_name, e.status FROM task_executions e
       LEFT JOIN scheduled_tasks t ON t.id = e.task_id
      WHERE e.upstream_execution_id = ? ORDER BY e.id`,
    [executionId],
  );
  return rows.map((r) => ({
    id: Number(r.id),
    taskId: Number(r.task_id),
    taskName: r.task_name,
    status: r.status as ExecutionStatus,
  }));
}
