// A task's triggers as the task service saves them (issue #16): what zod cannot check (the upstream tasks
// exist, no chain cycle, a usable webhook URL, an absolute watched folder), the schedule that may be empty
// when something else starts the task, and the save itself inside the task's own transaction.
import path from 'node:path';
import type { Transaction } from 'sequelize';
import { quoteInput } from '../../../shared/text-fields';
import { hasEventTriggers, type TaskTriggers } from '../../../shared/triggers';
import type { Database } from '../db/database';
import { CronkeeperError, conflict } from '../errors';
import { allChains, saveTriggers } from '../store/triggers';
import { taskNames } from '../store/tasks';
import { chainCycle, describeCycle } from '../triggers/chain-graph';
import { webhookUrlProblem } from '../triggers/webhook';
import { checkCron } from './task-validation';

const CHAINS_FIELD = 'triggers.chains';

/**
 * The schedule: a cron expression, or empty when a chain, start-up or folder trigger starts the task (the
 * planner then plans no slot for it: an empty expression has no next run).
 */
export function checkSchedule(expression: string, triggers: TaskTriggers | null | undefined): string {
  if (expression.trim() === '') {
    if (triggers && hasEventTriggers(triggers)) return '';
    throw new CronkeeperError(
      'VALIDATION',
      'Schedule is required (or a chain, start-up or folder trigger)',
      'cronExpression',
    );
  }
  return checkCron(expression);
}

/**
 * Checks a task's triggers against the stored tasks; returns them as stored (the folder resolved). `taskId`
 * is null for a new task (nothing can run after it yet, so it closes no cycle). `name` is its name.
 */
export async function checkTriggers(
  db: Database,
  taskId: number | null,
  name: string,
  triggers: TaskTriggers,
): Promise<TaskTriggers> {
  const t: TaskTriggers = { ...triggers, chains: [...triggers.chains] };
  if (t.chains.length > 0) {
    const names = new Map((await taskNames(db)).map((r) => [r.id, r.name]));
    if (taskId !== null) names.set(taskId, name);
    for (const link of t.chains) {
      if (link.upstreamTaskId === taskId) {
        throw conflict(
          `A task cannot run after itself: ${describeCycle([taskId, taskId], (id) => names.get(id))}`,
          CHAINS_FIELD,
        );
      }
      if (!names.has(link.upstreamTaskId)) {
        throw new CronkeeperError(
          'VALIDATION',
          `Upstream task ${link.upstreamTaskId} does not exist`,
          CHAINS_FIELD,
        );
      }
    }
    if (taskId !== null) {
      const links = (await allChains(db)).map((c) => ({ ...c, upstreamId: c.upstreamTaskId }));
      const cycle = chainCycle(
        links,
        taskId,
        t.chains.map((c) => c.upstreamTaskId),
      );
      if (cycle) {
        throw conflict(
          `These chains would make a cycle: ${describeCycle(cycle, (id) => names.get(id))}`,
          CHAINS_FIELD,
        );
      }
    }
  }
  if (t.webhookMode === 'custom' && t.webhookUrl) {
    const problem = webhookUrlProblem(t.webhookUrl);
    if (problem) throw new CronkeeperError('VALIDATION', problem, 'triggers.webhookUrl');
  }
  if (t.watch) {
    // A folder that does not exist (yet) is allowed: the task shows a warning until it appears.
    if (!path.isAbsolute(t.watch.folder)) {
      throw new CronkeeperError(
        'VALIDATION',
        `The watched folder ${quoteInput(t.watch.folder)} must be a full path`,
        'triggers.watch.folder',
      );
    }
    t.watch = { ...t.watch, folder: path.resolve(t.watch.folder), glob: t.watch.glob || null };
  }
  return t;
}

/** Writes the task (`write`) and its triggers in one transaction; without triggers, the write alone. */
export async function withTriggers<T>(
  db: Database,
  triggers: TaskTriggers | null,
  write: (transaction?: Transaction) => Promise<T>,
  taskIdOf: (written: T) => number,
): Promise<T> {
  if (!triggers) return write();
  return db.sequelize.transaction(async (transaction) => {
    const written = await write(transaction);
    await saveTriggers(db, taskIdOf(written), triggers, transaction);
    return written;
  });
}
