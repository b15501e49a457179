// The quick read path: the task list, the history and one task, read from the data folder's SQLite file
// through the sqlite3 driver alone, for one-shot reading commands (`cronkeeper task list`, `history`) that
// would otherwise spend most of their time loading Sequelize. It runs the app's own statements and row
// mappers (store/task-list-sql.ts, store/history-sql.ts, store/task-row.ts, store/execution-row.ts), so it answers exactly what
// the services answer. It opens the file read-only and only when everything is as expected: the file
// exists, it is in WAL mode (readers never block the scheduler, nor it them) and its schema has exactly the
// migrations this build knows. Otherwise open() says null and the caller takes the normal path, which
// creates, migrates or repairs what needs it.
import fs from 'node:fs';
import sqlite3 from 'sqlite3';
import type { Task, TaskListItem } from '../../../../shared/types';
import { sqliteDialect } from '../../db/dialect';
import { historyPageWith, type HistoryQuery } from '../history-sql';
import { listTasksSqlite, type TaskListQuery } from '../task-list-sql';
import { rowToTask, TASK_BY_ID_SQL, type TaskRow } from '../task-row';
import { readTriggers } from '../trigger-rows';
import { NO_TRIGGERS } from '../../../../shared/trigger-types';
import { MIGRATION_NAMES } from './migration-names';
import type { HistoryPage } from '../../../../shared/contract';

/** As the app's connections wait (db/connection.ts): a checkpoint or a recovery in progress is waited for. */
const BUSY_TIMEOUT_MS = 10_000;

/**
 * The app's statements use Sequelize's named replacements (:name), which ignore names the statement does
 * not use (the task count shares the page's parameters); the driver refuses those, so only the names the
 * text uses are bound, with the driver's ':' prefix.
 */
function bindings(sql: string, params: Record<string, unknown> | unknown[]): unknown {
  if (Array.isArray(params)) return params;
  const bound: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(params)) {
    if (new RegExp(`:${name}(?![\\w])`).test(sql)) bound[`:${name}`] = value;
  }
  return bound;
}

export class QuickReader {
  private constructor(private readonly db: sqlite3.Database) {}

  /** The reader over `file`, or null when the quick path must not be taken (see the top of this file). */
  static async open(file: string): Promise<QuickReader | null> {
    if (!fs.existsSync(file)) return null;
    const db = await new Promise<sqlite3.Database | null>((resolve) => {
      const opened: sqlite3.Database = new sqlite3.Database(file, sqlite3.OPEN_READONLY, (err) =>
        resolve(err ? null : opened),
      );
    });
    if (!db) return null;
    const reader = new QuickReader(db);
    try {
      db.configure('busyTimeout', BUSY_TIMEOUT_MS);
      if (await reader.usable()) return reader;
    } catch {
      // Anything unexpected (no meta table, a locked or damaged file): the normal path deals with it.
    }
    await reader.close();
    return null;
  }

  private async usable(): Promise<boolean> {
    const [mode] = await this.select<{ journal_mode: string }>('PRAGMA journal_mode', []);
    if (mode?.journal_mode !== 'wal') return false;
    const rows = await this.select<{ name: string }>('SELECT name FROM sequelize_meta', []);
    const applied = new Set(rows.map((row) => row.name));
    return applied.size === MIGRATION_NAMES.length && MIGRATION_NAMES.every((name) => applied.has(name));
  }

  private select<T>(sql: string, params: Record<string, unknown> | unknown[]): Promise<T[]> {
    return new Promise((resolve, reject) =>
      this.db.all(sql, bindings(sql, params), (err, rows) => (err ? reject(err) : resolve(rows as T[]))),
    );
  }

  /** tasks.list, as TaskService.list answers it on SQLite. */
  async listTasks(query: TaskListQuery): Promise<{ items: TaskListItem[]; total: number }> {
    const page = await listTasksSqlite(
      <T>(sql: string, params: Record<string, unknown>) => this.select<T>(sql, params),
      query,
    );
    // The page's triggers, by the same statement and mapper as TaskService.list.
    const triggers = await readTriggers(
      <T>(sql: string, params: unknown[]) => this.select<T>(sql, params),
      page.items.map((t) => t.id),
    );
    for (const item of page.items) item.triggers = triggers.get(item.id) ?? NO_TRIGGERS;
    return page;
  }

  /** executions.list, as ExecutionService.history answers it on SQLite. */
  history(query: HistoryQuery): Promise<HistoryPage> {
    return historyPageWith(
      <T>(sql: string, params: Record<string, unknown>) => this.select<T>(sql, params),
      sqliteDialect,
      query,
    );
  }

  /** One task, or null when there is none (the normal path then reports it). */
  async task(id: number): Promise<Task | null> {
    const [row] = await this.select<TaskRow>(TASK_BY_ID_SQL, [id]);
    return row ? rowToTask(row) : null;
  }

  close(): Promise<void> {
    return new Promise((resolve) => this.db.close(() => resolve()));
  }
}
