// Triggers through export and import (issue #16). An export names each upstream task by NAME (ids mean
// nothing in another database): "chains": [{"upstreamTask": "Import", "condition": "success"}]. On import
// the names are set aside before the entry is validated, and resolved to ids once every task of the file
// is written (an upstream may be in the file or already in Cronkeeper). An upstream that is in neither, or
// links that would make a cycle, refuse the import with an error naming them. Exports without triggers
// (older versions) import as before.
// A task's own webhook secret is left out of an export unless it is asked for (`cronkeeper export
// --include-secrets`): the file says so ("webhookSecretOmitted": true), and its import keeps the webhook
// URL, without a secret, with a note that the secret must be set again.
import type { Transaction } from 'sequelize';
import {
  CHAIN_CONDITIONS,
  NO_TRIGGERS,
  type ChainCondition,
  type TaskTriggers,
} from '../../../shared/triggers';
import { quoteInput } from '../../../shared/text-fields';
import type { TaskInput } from '../../../shared/types';
import type { Database } from '../db/database';
import { CronkeeperError } from '../errors';
import { taskIdsByName } from '../store/import-names';
import { allChains, saveTriggers } from '../store/triggers';

export interface ExportedChain {
  upstreamTask: string;
  condition: ChainCondition;
}
export type ExportedTriggers = Omit<TaskTriggers, 'chains'> & { chains: ExportedChain[] };

/** Whether a task's triggers are all defaults (then the export leaves them out). */
export function isPlain(t: TaskTriggers): boolean {
  const keys = Object.keys(NO_TRIGGERS) as (keyof TaskTriggers)[];
  return (
    t.chains.length === 0 &&
    keys.every((k) => k === 'chains' || JSON.stringify(t[k]) === JSON.stringify(NO_TRIGGERS[k]))
  );
}

/**
 * A task's triggers as exported: upstream tasks by name (a link to a task that is gone is left out), and
 * its webhook secret only when `includeSecrets` (otherwise the file marks that it had one).
 */
export function exportTriggers(
  t: TaskTriggers,
  nameOf: Map<number, string>,
  includeSecrets = false,
): ExportedTriggers & { webhookSecretOmitted?: true } {
  const chains = t.chains
    .filter((c) => nameOf.has(c.upstreamTaskId))
    .map((c) => ({ upstreamTask: nameOf.get(c.upstreamTaskId)!, condition: c.condition }));
  if (includeSecrets || !t.webhookSecret) return { ...t, chains };
  return { ...t, chains, webhookSecret: null, webhookSecretOmitted: true };
}

/** The triggers of imported tasks whose file left their webhook secret out. */
const secretLeftOut = new WeakSet<object>();

/** The names of imported tasks whose webhook secret the file left out. */
export function secretLeftOutNames(tasks: readonly TaskInput[]): string[] {
  return tasks.filter((t) => t.triggers && secretLeftOut.has(t.triggers)).map((t) => t.name);
}

/** The import's note for tasks whose webhook secret the file left out, or null when there are none. */
export function secretLeftOutNote(tasks: readonly TaskInput[]): string | null {
  const names = secretLeftOutNames(tasks);
  if (names.length === 0) return null;
  const shown = names.slice(0, 5).map((n) => quoteInput(n));
  if (names.length > 5) shown.push(`${names.length - 5} more`);
  return `the webhook secret of ${shown.join(', ')} was not in the file: set it again in the task's webhook settings`;
}

/** The "run after" names of imported tasks, kept by their triggers object (which survives renames). */
const pendingChains = new WeakMap<object, ExportedChain[]>();

/**
 * Takes the by-name chains out of a raw import entry (before it is validated) so that the rest of its
 * triggers validate as TaskInput.triggers; `attach` gives them back to the validated task. Also takes out
 * an export's `webhookSecretOmitted` mark (`attach` remembers it for secretLeftOutNote).
 */
export function takeImportChains(entry: Record<string, unknown>): {
  entry: Record<string, unknown>;
  attach(task: TaskInput): void;
} {
  let triggers = entry.triggers as Record<string, unknown> | undefined;
  // The export's mark of a left-out secret is not a task field: taken out here, noted once validated.
  let omitted = false;
  if (triggers && typeof triggers === 'object' && 'webhookSecretOmitted' in triggers) {
    const { webhookSecretOmitted, ...rest } = triggers;
    omitted = webhookSecretOmitted === true && rest.webhookMode === 'custom' && !rest.webhookSecret;
    triggers = rest;
    entry = { ...entry, triggers };
  }
  const mark = (task: TaskInput) => {
    if (omitted && task.triggers) secretLeftOut.add(task.triggers);
  };
  if (
    !triggers ||
    typeof triggers !== 'object' ||
    !Array.isArray(triggers.chains) ||
    triggers.chains.length === 0
  )
    return { entry, attach: mark };
  const chains: ExportedChain[] = [];
  for (const raw of triggers.chains as unknown[]) {
    const c = raw as { upstreamTask?: unknown; condition?: unknown } | null;
    if (
      !c ||
      typeof c.upstreamTask !== 'string' ||
      !c.upstreamTask.trim() ||
      !(CHAIN_CONDITIONS as readonly unknown[]).includes(c.condition ?? 'success')
    )
      throw new CronkeeperError(
        'VALIDATION',
        'triggers.chains: each entry is {"upstreamTask": NAME, "condition": "success" | "failure" | "always"}',
        'triggers.chains',
      );
    chains.push({ upstreamTask: c.upstreamTask, condition: (c.condition ?? 'success') as ChainCondition });
  }
  return {
    entry: { ...entry, triggers: { ...triggers, chains: [] } },
    attach(task) {
      if (task.triggers) pendingChains.set(task.triggers, chains);
      mark(task);
    },
  };
}

/** The cycle through `start` in the graph (task → its upstream tasks), as ids, or null. */
function cycleFrom(start: number, upstreams: Map<number, number[]>): number[] | null {
  const path: number[] = [];
  const done = new Set<number>();
  const visit = (id: number): number[] | null => {
    if (path.includes(id)) return [...path.slice(path.indexOf(id)), id];
    if (done.has(id)) return null;
    path.push(id);
    for (const up of upstreams.get(id) ?? []) {
      const found = visit(up);
      if (found) return found;
    }
    path.pop();
    done.add(id);
    return null;
  };
  return visit(start);
}

/**
 * Writes the triggers of just-imported tasks (inside the import's transaction, after all of them are
 * inserted), resolving their "run after" names to ids.
 */
export async function saveImportedTriggers(
  db: Database,
  tasks: TaskInput[],
  transaction: Transaction,
): Promise<void> {
  const withTriggers = tasks.filter(
    (t) => t.triggers && (!isPlain(t.triggers) || pendingChains.has(t.triggers)),
  );
  if (withTriggers.length === 0) return;
  const ids = await taskIdsByName(db, transaction);
  const nameOf = new Map([...ids].map(([name, id]) => [id, name]));
  const upstreams = new Map<number, number[]>();
  for (const link of await allChains(db, transaction))
    upstreams.set(link.taskId, [...(upstreams.get(link.taskId) ?? []), link.upstreamTaskId]);
  const imported: number[] = [];
  for (const task of withTriggers) {
    const id = ids.get(task.name)!;
    const chains = (pendingChains.get(task.triggers!) ?? []).map((c) => {
      const upstreamTaskId = ids.get(c.upstreamTask);
      if (upstreamTaskId === undefined)
        throw new CronkeeperError(
          'VALIDATION',
          `Task ${quoteInput(task.name)} runs after ${quoteInput(c.upstreamTask)}, which is neither in the file nor in Cronkeeper; nothing was imported`,
          'triggers.chains',
        );
      return { upstreamTaskId, condition: c.condition };
    });
    upstreams.set(
      id,
      chains.map((c) => c.upstreamTaskId),
    );
    await saveTriggers(db, id, { ...task.triggers!, chains }, transaction);
    imported.push(id);
  }
  for (const id of imported) {
    const cycle = cycleFrom(id, upstreams);
    if (cycle)
      throw new CronkeeperError(
        'VALIDATION',
        `The imported chains make a cycle: ${cycle.map((c) => quoteInput(nameOf.get(c) ?? `#${c}`)).join(' → ')}; nothing was imported`,
        'triggers.chains',
      );
  }
}
