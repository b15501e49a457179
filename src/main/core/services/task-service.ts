// STUB (owned by the data-services work): create, update, delete, get, list tasks.
import type { z } from 'zod';
import type { ImportResult, taskListQuerySchema, taskPatchSchema } from '../../../shared/contract';
import type { Task, TaskInput, TaskListItem } from '../../../shared/types';
import type { Database } from '../db/database';

export type TaskListQuery = z.output<typeof taskListQuerySchema>;
export type TaskPatch = z.output<typeof taskPatchSchema>;

export interface TaskServiceOptions {
  now?: () => number;
}

export class TaskService {
  constructor(
    readonly db: Database,
    readonly options: TaskServiceOptions = {},
  ) {}
  /** Validates (zod + cron + zone + folder), inserts, computes next_run_at. Throws CronkeeperError. */
  async create(_input: Partial<TaskInput>): Promise<Task> {
    throw new Error('not implemented');
  }
  async update(_id: number, _patch: TaskPatch): Promise<Task> {
    throw new Error('not implemented');
  }
  async delete(_id: number): Promise<{ deletedExecutions: number }> {
    throw new Error('not implemented');
  }
  async get(_id: number): Promise<Task> {
    throw new Error('not implemented');
  }
  async list(_query: TaskListQuery): Promise<{ items: TaskListItem[]; total: number }> {
    throw new Error('not implemented');
  }
  async executionCount(_id: number): Promise<number> {
    throw new Error('not implemented');
  }
  async duplicate(_id: number): Promise<Task> {
    throw new Error('not implemented');
  }
  /** Every task as JSON that round-trips every task field. */
  async exportJson(): Promise<string> {
    throw new Error('not implemented');
  }
  /** All or nothing: validates every task first, then inserts them in one transaction. */
  async importJson(_json: string): Promise<ImportResult> {
    throw new Error('not implemented');
  }
  /** Tasks the scheduler must plan: enabled, not paused. Raw rows for speed. */
  async schedulable(): Promise<Task[]> {
    throw new Error('not implemented');
  }
  async setNextRunAt(_id: number, _nextRunAt: number | null): Promise<void> {
    throw new Error('not implemented');
  }
}
