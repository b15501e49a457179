// The rows of task_triggers and task_chains and their one mapper to TaskTriggers, with the one statement
// that reads them. Free of Sequelize and zod: the app's store (triggers.ts) and the CLI's quick read path
// both run these, so the two cannot disagree.
import {
  NO_TRIGGERS,
  type ChainCondition,
  type TaskTriggers,
  type WebhookMode,
  type WebhookOn,
} from '../../../shared/trigger-types';
import { placeholders } from './sql-text';

export interface TriggerRow {
  task_id: number;
  on_startup: number | boolean;
  startup_delay_seconds: number;
  watch_folder: string | null;
  watch_glob: string | null;
  watch_debounce_ms: number;
  only_on_ac: number | boolean;
  stop_on_battery: number | boolean;
  keep_awake: number | boolean;
  webhook_mode: string;
  webhook_url: string | null;
  webhook_on: string;
  webhook_secret: string | null;
}

export interface ChainRow {
  taskId: number;
  upstreamTaskId: number;
  condition: ChainCondition;
}

export const TRIGGER_COLUMNS = `task_id, on_startup, startup_delay_seconds, watch_folder, watch_glob, watch_debounce_ms,
  only_on_ac, stop_on_battery, keep_awake, webhook_mode, webhook_url, webhook_on, webhook_secret`;

/** The one mapper: a task_triggers row (or none) and its chain rows to TaskTriggers. */
export function rowToTriggers(row: TriggerRow | undefined, chains: ChainRow[]): TaskTriggers {
  const links = chains.map((c) => ({ upstreamTaskId: c.upstreamTaskId, condition: c.condition }));
  if (!row) return { ...NO_TRIGGERS, chains: links };
  return {
    chains: links,
    onStartup: Boolean(Number(row.on_startup)),
    startupDelaySeconds: Number(row.startup_delay_seconds),
    watch: row.watch_folder
      ? { folder: row.watch_folder, glob: row.watch_glob, debounceMs: Number(row.watch_debounce_ms) }
      : null,
    onlyOnAc: Boolean(Number(row.only_on_ac)),
    stopOnBattery: Boolean(Number(row.stop_on_battery)),
    keepAwake: Boolean(Number(row.keep_awake)),
    webhookMode: row.webhook_mode as WebhookMode,
    webhookUrl: row.webhook_url,
    webhookOn: row.webhook_on as WebhookOn,
    webhookSecret: row.webhook_secret,
  };
}

export const mapChain = (r: { task_id: number; upstream_task_id: number; condition: string }): ChainRow => ({
  taskId: Number(r.task_id),
  upstreamTaskId: Number(r.upstream_task_id),
  condition: r.condition as ChainCondition,
});

/**
 * The triggers of the given tasks in ONE statement, for the task list, one task, the coordinator and the
 * export alike: the trigger rows and the chain rows, told apart by `kind`. Without `taskIds`, every task
 * that has a trigger row or a chain link (a task with neither keeps NO_TRIGGERS and is not in the map).
 */
export async function readTriggers(
  run: <T>(sql: string, params: unknown[]) => Promise<T[]>,
  taskIds?: number[],
): Promise<Map<number, TaskTriggers>> {
  if (taskIds && taskIds.length === 0) return new Map();
  const where = taskIds ? ` WHERE task_id IN (${placeholders(taskIds.length)})` : '';
  const rows = await run<TriggerRow & { kind: string; upstream_task_id: number | null; cond: string | null }>(
    `SELECT 'g' AS kind, ${TRIGGER_COLUMNS}, NULL AS upstream_task_id, NULL AS cond
       FROM task_triggers${where}
     UNION ALL
     SELECT 'c' AS kind, task_id, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL,
            upstream_task_id, "condition" FROM task_chains${where}`,
    taskIds ? [...taskIds, ...taskIds] : [],
  );
  const byTask = new Map<number, TriggerRow>();
  const chains = new Map<number, ChainRow[]>();
  for (const r of rows) {
    const taskId = Number(r.task_id);
    if (r.kind === 'g') byTask.set(taskId, r);
    else {
      const link = mapChain({
        task_id: taskId,
        upstream_task_id: Number(r.upstream_task_id),
        condition: r.cond ?? '',
      });
      chains.set(taskId, [...(chains.get(taskId) ?? []), link]);
    }
  }
  for (const links of chains.values()) links.sort((a, b) => a.upstreamTaskId - b.upstreamTaskId);
  const ids = taskIds ?? [...new Set([...byTask.keys(), ...chains.keys()])];
  return new Map(ids.map((id) => [id, rowToTriggers(byTask.get(id), chains.get(id) ?? [])]));
}
