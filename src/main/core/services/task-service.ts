// Tasks: create, update, delete, get, list, duplicate, export and import. Every input is validated in
// full before anything is written (zod shape, schedule, time zone, working folder, unique name), so bad
// input changes nothing. The statements are in store/tasks.ts (deleting a task is one DELETE there: the
// database's ON DELETE CASCADE removes its executions).
import { UniqueConstraintError, type Transaction } from 'sequelize';
import type { z } from 'zod';
import { taskInputSchema, taskPatchSchema, type ImportResult } from '../../../shared/contract';
import { quoteInput } from '../../../shared/text-fields';
import type { Task, TaskInput, TaskListItem } from '../../../shared/types';
import type { Database } from '../db/database';
import { CronkeeperError, conflict, notFound } from '../errors';
import { listTasks, type TaskListQuery } from '../store/task-list';
import { taskInputToColumns, taskToInput } from '../store/task-row';
import * as store from '../store/tasks';
import { triggersOf } from '../store/triggers';
import { NO_TRIGGERS } from '../../../shared/triggers';
import { SettingsService } from './settings-service';
import { insertImportedTasks, validateImportEntries } from './task-import';
import { exportTriggers, isPlain, saveImportedTriggers, secretLeftOutNote } from '../import/trigger-transfer';
import { checkSchedule, checkTriggers, withTriggers } from './task-triggers';
import { checkCommandForPlatform, checkEncoding, checkTimezone, checkWorkingDir } from './task-validation';

export type { TaskListQuery } from '../store/task-list';
export type TaskPatch = z.output<typeof taskPatchSchema>;
/** A new task as the contract's schema leaves it: defaults applied, text trimmed. */
export type TaskCreateInput = z.output<typeof taskInputSchema>;

export interface TaskServiceOptions {
  now?: () => number;
}

export const EXPORT_FORMAT = 'cronkeeper-tasks';
export const EXPORT_VERSION = 1;
const NAME_MAX = 200;

export class TaskService {
  private readonly settings: SettingsService;

  constructor(
    readonly db: Database,
    readonly options: TaskServiceOptions = {},
  ) {
    this.settings = new SettingsService(db);
  }

  private now(): number {
    return (this.options.now ?? Date.now)();
  }

  /**
   * Checks what zod cannot (cron, zone, folder, encoding, name free), inserts. The input has passed the
   * contract's schema (the dispatcher did it). Throws CronkeeperError. next_run_at is not written here: the
   * scheduler's planner is its one writer (core.ts calls scheduler.tasksSaved after a save).
   */
  async create(input: TaskCreateInput): Promise<Task> {
    const task = await this.checkInput(input);
    await this.assertNameFree(task.name);
    const triggers = input.triggers ? await checkTriggers(this.db, null, task.name, input.triggers) : null;
    const id = await withTriggers(
      this.db,
      triggers,
      (transaction) => this.insertTask(task, transaction),
      (newId) => newId,
    );
    return this.get(id);
  }

  /** The patch has passed the contract's schema (the dispatcher did it); the rest is checked here. */
  async update(id: number, patch: TaskPatch): Promise<Task> {
    const current = await this.get(id);
    const changes = patch;
    const next: TaskInput = { ...taskToInput(current) };
    for (const [key, value] of Object.entries(changes)) {
      if (value !== undefined) (next as unknown as Record<string, unknown>)[key] = value;
    }
    // Only what changed is re-checked: a folder deleted since must not block pausing the task.
    const triggers = changes.triggers ? await checkTriggers(this.db, id, next.name, changes.triggers) : null;
    if (changes.cronExpression !== undefined || triggers) {
      next.cronExpression = checkSchedule(next.cronExpression, triggers ?? current.triggers);
    }
    if (changes.timezone !== undefined) {
      next.timezone = checkTimezone(changes.timezone, (await this.settings.get()).defaultTimezone);
    }
    if (changes.workingDir !== undefined) next.workingDir = checkWorkingDir(changes.workingDir);
    if (changes.outputEncoding !== undefined) next.outputEncoding = checkEncoding(changes.outputEncoding);
    if (changes.command !== undefined || changes.workingDir !== undefined) {
      checkCommandForPlatform(next.command, next.workingDir);
    }
    if (changes.name !== undefined) await this.assertNameFree(next.name, id);
    const columns = {
      ...taskInputToColumns(next),
      updated_at: this.now(),
    };
    await this.guardUnique(() =>
      withTriggers(
        this.db,
        triggers,
        (transaction) => store.updateTask(this.db, id, columns, transaction),
        () => id,
      ),
    );
    return this.get(id);
  }

  /** Counts, then ONE delete: the database cascades to the executions. */
  async delete(id: number): Promise<{ deletedExecutions: number }> {
    const deletedExecutions = await store.deleteTask(this.db, id);
    if (deletedExecutions === null) throw notFound('Task', id);
    return { deletedExecutions };
  }

  async get(id: number): Promise<Task> {
    const task = await store.findTask(this.db, id);
    if (!task) throw notFound('Task', id);
    task.triggers = (await triggersOf(this.db, [id])).get(id) ?? NO_TRIGGERS;
    return task;
  }

  /** The page, its total, and (one more statement) the page's triggers. */
  async list(query: TaskListQuery = {}): Promise<{ items: TaskListItem[]; total: number }> {
    const page = await listTasks(this.db, query);
    const triggers = await triggersOf(
      this.db,
      page.items.map((t) => t.id),
    );
    for (const item of page.items) item.triggers = triggers.get(item.id) ?? NO_TRIGGERS;
    return page;
  }

  async executionCount(id: number): Promise<number> {
    const count = await store.countTaskExecutions(this.db, id);
    if (count === null) throw notFound('Task', id);
    return count;
  }

  /** A copy named "X (copy)" (then "X (copy 2)", ...), created disabled so that it cannot double-run. */
  async duplicate(id: number): Promise<Task> {
    const source = await this.get(id);
    const name = await this.freeCopyName(source.name);
    const copy: TaskInput = { ...taskToInput(source), name, enabled: false };
    const newId = await this.insertTask(copy);
    return this.get(newId);
  }

  /**
   * Every task as JSON that round-trips every task field, except a task's own webhook secret unless
   * `includeSecrets` (trigger-transfer.ts).
   */
  async exportJson(options: { includeSecrets?: boolean } = {}): Promise<string> {
    const tasks = await store.allTasks(this.db);
    // Triggers go with their task, upstream tasks by name (trigger-transfer.ts); plain ones are left out.
    const triggers = await triggersOf(this.db);
    const nameOf = new Map(tasks.map((t) => [t.id, t.name]));
    return JSON.stringify(
      {
        format: EXPORT_FORMAT,
        version: EXPORT_VERSION,
        exportedAt: this.now(),
        tasks: tasks.map((task) => {
          const t = triggers.get(task.id);
          return t && !isPlain(t)
            ? { ...taskToInput(task), triggers: exportTriggers(t, nameOf, options.includeSecrets) }
            : taskToInput(task);
        }),
      },
      null,
      2,
    );
  }

  /** All or nothing: validates every task first, then inserts them in one transaction. */
  async importJson(json: string): Promise<ImportResult> {
    let document: unknown;
    try {
      document = JSON.parse(json);
    } catch {
      throw new CronkeeperError('VALIDATION', 'The file is not valid JSON');
    }
    const doc = document as { format?: unknown; version?: unknown; tasks?: unknown };
    if (
      typeof doc !== 'object' ||
      doc === null ||
      doc.format !== EXPORT_FORMAT ||
      !Array.isArray(doc.tasks)
    ) {
      throw new CronkeeperError('VALIDATION', 'The file is not a Cronkeeper task export');
    }
    if (doc.version !== EXPORT_VERSION) {
      throw new CronkeeperError('UNSUPPORTED', `Export version ${String(doc.version)} is not supported`);
    }
    // The settings are read once for the whole file, not once per task.
    const defaultZone = (await this.settings.get()).defaultTimezone;
    const { tasks, unsupported } = validateImportEntries(doc.tasks as unknown[], defaultZone);
    const taken = await this.existingNames(tasks.map((t) => t.name));
    if (taken.length > 0) {
      const shown = taken
        .slice(0, 5)
        .map((n) => quoteInput(n))
        .join(', ');
      const more = taken.length > 5 ? ` and ${taken.length - 5} more` : '';
      throw conflict(`These tasks already exist: ${shown}${more}`, 'name');
    }
    const now = this.now();
    await this.guardUnique(() =>
      this.db.sequelize.transaction(async (transaction) => {
        await insertImportedTasks(this.db, tasks, now, transaction);
        await saveImportedTriggers(this.db, tasks, transaction);
      }),
    );
    const secretNote = secretLeftOutNote(tasks);
    return {
      created: tasks.length,
      names: tasks.map((t) => t.name),
      unsupported,
      ...(secretNote ? { notes: [secretNote] } : {}),
    };
  }

  /** Tasks the scheduler must plan: enabled, not paused. */
  async schedulable(): Promise<Task[]> {
    return store.schedulableTasks(this.db);
  }

  /** The last schedule slot the engine claimed for a task (for misfire handling after a restart). */
  async getLastSlotAt(id: number): Promise<number | null> {
    const slot = await store.getLastSlotAt(this.db, id);
    if (slot === undefined) throw notFound('Task', id);
    return slot;
  }

  async setLastSlotAt(id: number, slotAt: number | null): Promise<void> {
    await store.setLastSlotAt(this.db, id, slotAt);
  }

  private async checkInput(input: TaskCreateInput): Promise<TaskInput> {
    const task = { ...input } as TaskInput;
    task.cronExpression = checkSchedule(task.cronExpression, input.triggers);
    task.timezone = checkTimezone(task.timezone, (await this.settings.get()).defaultTimezone);
    task.workingDir = checkWorkingDir(task.workingDir);
    task.outputEncoding = checkEncoding(task.outputEncoding);
    checkCommandForPlatform(task.command, task.workingDir);
    return task;
  }

  private async insertTask(task: TaskInput, transaction?: Transaction): Promise<number> {
    const now = this.now();
    const columns = {
      ...taskInputToColumns(task),
      created_at: now,
      updated_at: now,
    };
    return this.guardUnique(() => store.createTask(this.db, columns, transaction));
  }

  /** Names are unique ignoring case (Unicode too), so "Backup" and "backup" cannot both exist. */
  private async assertNameFree(name: string, exceptId?: number): Promise<void> {
    const rows = await store.taskNames(this.db);
    const folded = name.toLowerCase();
    const clash = rows.find((r) => Number(r.id) !== exceptId && r.name.toLowerCase() === folded);
    if (clash) throw conflict(`A task named ${quoteInput(clash.name)} already exists`, 'name');
  }

  private async existingNames(names: string[]): Promise<string[]> {
    if (names.length === 0) return [];
    const rows = await store.taskNames(this.db);
    const wanted = new Map(names.map((n) => [n.toLowerCase(), n]));
    return rows.filter((r) => wanted.has(r.name.toLowerCase())).map((r) => wanted.get(r.name.toLowerCase())!);
  }

  private async freeCopyName(base: string): Promise<string> {
    const rows = await store.taskNames(this.db);
    const taken = new Set(rows.map((r) => r.name.toLowerCase()));
    for (let n = 1; ; n++) {
      const suffix = n === 1 ? ' (copy)' : ` (copy ${n})`;
      const name =
        Array.from(base)
          .slice(0, NAME_MAX - suffix.length)
          .join('') + suffix;
      if (!taken.has(name.toLowerCase())) return name;
    }
  }

  /** The UNIQUE index is the last word if two writers race past assertNameFree. */
  private async guardUnique<T>(write: () => Promise<T>): Promise<T> {
    try {
      return await write();
    } catch (err) {
      if (err instanceof UniqueConstraintError)
        throw conflict('A task with this name already exists', 'name');
      throw err;
    }
  }
}
