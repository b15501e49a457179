// Tasks: create, update, delete, get, list, duplicate, export and import. Every input is validated in
// full before anything is written (zod shape, schedule, time zone, working folder, unique name), so bad
// input changes nothing. Deleting a task is one DELETE: the database's ON DELETE CASCADE removes its
// executions (never ORM hooks, which load and delete children one by one).
import { UniqueConstraintError, type Transaction } from 'sequelize';
import type { z } from 'zod';
import { taskInputSchema, taskPatchSchema, type ImportResult } from '../../../shared/contract';
import { quoteInput } from '../../../shared/text-fields';
import type { Task, TaskInput, TaskListItem } from '../../../shared/types';
import type { Database } from '../db/database';
import { CronkeeperError, conflict, notFound } from '../errors';
import { nextRunAfter } from '../schedule/schedule-math';
import { execute, insert, rowToTask, select, taskInputToColumns, taskToInput, type TaskRow } from './rows';
import { SettingsService } from './settings-service';
import { insertImportedTasks, validateImportEntries } from './task-import';
import { listTasks, type TaskListQuery } from './task-list';
import {
  checkCommandForPlatform,
  checkEncoding,
  checkCron,
  checkTimezone,
  checkWorkingDir,
} from './task-validation';

export { rowToExecution, rowToTask } from './rows';
export type { TaskListQuery } from './task-list';
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
   * Checks what zod cannot (cron, zone, folder, encoding, name free), inserts, computes next_run_at.
   * The input has passed the contract's schema (the dispatcher did it). Throws CronkeeperError.
   */
  async create(input: TaskCreateInput): Promise<Task> {
    const task = await this.checkInput(input);
    await this.assertNameFree(task.name);
    const id = await this.insertTask(task);
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
    if (changes.cronExpression !== undefined) next.cronExpression = checkCron(changes.cronExpression);
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
      next_run_at: this.nextRunAt(next),
      updated_at: this.now(),
    };
    const names = Object.keys(columns);
    await this.guardUnique(() =>
      execute(
        this.db,
        `UPDATE scheduled_tasks SET ${names.map((n) => `${n} = :${n}`).join(', ')} WHERE id = :id`,
        {
          ...columns,
          id,
        },
      ),
    );
    return this.get(id);
  }

  /** Counts, then ONE delete: the database cascades to the executions. */
  async delete(id: number): Promise<{ deletedExecutions: number }> {
    const result = await this.db.sequelize.transaction(async (transaction) => {
      const [row] = await select<{ id: number; n: number }>(
        this.db,
        'SELECT t.id, (SELECT COUNT(*) FROM task_executions e WHERE e.task_id = t.id) AS n FROM scheduled_tasks t WHERE t.id = ?',
        [id],
        transaction,
      );
      if (!row) throw notFound('Task', id);
      // A cascade over 100,000 executions dirties thousands of pages; with the default 2 MB cache SQLite
      // spills them to the WAL mid-transaction. Sequelize gives each transaction its own connection and
      // closes it afterwards, so this larger cache (allocated only as used) lives for this delete only.
      // SQLite only: PostgreSQL has neither pragma, and checkpoints by itself.
      const large = Number(row.n) > 10_000 && this.db.dialect.name === 'sqlite';
      if (large) {
        await this.db.sequelize.query('PRAGMA cache_size = -65536', { transaction });
        // The commit would otherwise also copy the ~20 MB of WAL it wrote back into the database file
        // (an automatic checkpoint, with an fsync) before the caller hears back. The commit is durable
        // in the WAL already; the checkpoint runs just after, see below.
        await this.db.sequelize.query('PRAGMA wal_autocheckpoint = 0', { transaction });
      }
      await execute(this.db, 'DELETE FROM scheduled_tasks WHERE id = ?', [id], transaction);
      return { deletedExecutions: Number(row.n), large };
    });
    if (result.large) this.checkpointSoon();
    return { deletedExecutions: result.deletedExecutions };
  }

  /** A passive WAL checkpoint shortly after a large delete: readers and writers are not blocked by it. */
  private checkpointSoon(): void {
    setTimeout(() => {
      this.db.sequelize.query('PRAGMA wal_checkpoint(PASSIVE)').catch(() => {
        // The database was closed meanwhile: SQLite checkpoints on close anyway.
      });
    }, 200).unref();
  }

  async get(id: number): Promise<Task> {
    const [row] = await select<TaskRow>(this.db, 'SELECT * FROM scheduled_tasks WHERE id = ?', [id]);
    if (!row) throw notFound('Task', id);
    return rowToTask(row);
  }

  async list(query: TaskListQuery = {}): Promise<{ items: TaskListItem[]; total: number }> {
    return listTasks(this.db, query);
  }

  async executionCount(id: number): Promise<number> {
    await this.get(id);
    const [{ n }] = await select<{ n: number }>(
      this.db,
      'SELECT COUNT(*) AS n FROM task_executions WHERE task_id = ?',
      [id],
    );
    return Number(n);
  }

  /** A copy named "X (copy)" (then "X (copy 2)", ...), created disabled so that it cannot double-run. */
  async duplicate(id: number): Promise<Task> {
    const source = await this.get(id);
    const name = await this.freeCopyName(source.name);
    const copy: TaskInput = { ...taskToInput(source), name, enabled: false };
    const newId = await this.insertTask(copy);
    return this.get(newId);
  }

  /** Every task as JSON that round-trips every task field. */
  async exportJson(): Promise<string> {
    const rows = await select<TaskRow>(this.db, 'SELECT * FROM scheduled_tasks ORDER BY id');
    return JSON.stringify(
      {
        format: EXPORT_FORMAT,
        version: EXPORT_VERSION,
        exportedAt: this.now(),
        tasks: rows.map((row) => taskToInput(rowToTask(row))),
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
      this.db.sequelize.transaction((transaction) => insertImportedTasks(this.db, tasks, now, transaction)),
    );
    return { created: tasks.length, names: tasks.map((t) => t.name), unsupported };
  }

  /** Tasks the scheduler must plan: enabled, not paused. Raw rows for speed. */
  async schedulable(): Promise<Task[]> {
    const rows = await select<TaskRow>(
      this.db,
      'SELECT * FROM scheduled_tasks WHERE enabled = 1 AND paused = 0 ORDER BY id',
    );
    return rows.map(rowToTask);
  }

  async setNextRunAt(id: number, nextRunAt: number | null): Promise<void> {
    await execute(this.db, 'UPDATE scheduled_tasks SET next_run_at = ? WHERE id = ?', [nextRunAt, id]);
  }

  /** The last schedule slot the engine claimed for a task (for misfire handling after a restart). */
  async getLastSlotAt(id: number): Promise<number | null> {
    const [row] = await select<{ last_slot_at: number | null }>(
      this.db,
      'SELECT last_slot_at FROM scheduled_tasks WHERE id = ?',
      [id],
    );
    if (!row) throw notFound('Task', id);
    return row.last_slot_at === null ? null : Number(row.last_slot_at);
  }

  async setLastSlotAt(id: number, slotAt: number | null): Promise<void> {
    await execute(this.db, 'UPDATE scheduled_tasks SET last_slot_at = ? WHERE id = ?', [slotAt, id]);
  }

  /** next_run_at for a task as stored: null when disabled, paused, or the schedule never fires again. */
  nextRunAt(task: Pick<TaskInput, 'enabled' | 'paused' | 'cronExpression' | 'timezone'>): number | null {
    if (!task.enabled || task.paused) return null;
    return nextRunAfter(task.cronExpression, task.timezone, this.now());
  }

  private async checkInput(input: TaskCreateInput): Promise<TaskInput> {
    const task = { ...input } as TaskInput;
    task.cronExpression = checkCron(task.cronExpression);
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
      next_run_at: this.nextRunAt(task),
      created_at: now,
      updated_at: now,
    };
    const names = Object.keys(columns);
    return this.guardUnique(() =>
      insert(
        this.db,
        `INSERT INTO scheduled_tasks (${names.join(', ')}) VALUES (${names.map((n) => `:${n}`).join(', ')})`,
        columns,
        transaction,
      ),
    );
  }

  /** Names are unique ignoring case (Unicode too), so "Backup" and "backup" cannot both exist. */
  private async assertNameFree(name: string, exceptId?: number): Promise<void> {
    const rows = await select<{ id: number; name: string }>(this.db, 'SELECT id, name FROM scheduled_tasks');
    const folded = name.toLowerCase();
    const clash = rows.find((r) => Number(r.id) !== exceptId && r.name.toLowerCase() === folded);
    if (clash) throw conflict(`A task named ${quoteInput(clash.name)} already exists`, 'name');
  }

  private async existingNames(names: string[]): Promise<string[]> {
    if (names.length === 0) return [];
    const rows = await select<{ name: string }>(this.db, 'SELECT name FROM scheduled_tasks');
    const wanted = new Map(names.map((n) => [n.toLowerCase(), n]));
    return rows.filter((r) => wanted.has(r.name.toLowerCase())).map((r) => wanted.get(r.name.toLowerCase())!);
  }

  private async freeCopyName(base: string): Promise<string> {
    const rows = await select<{ name: string }>(this.db, 'SELECT name FROM scheduled_tasks');
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
