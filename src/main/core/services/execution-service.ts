// STUB (owned by the data-services work): history, one execution, stats, dashboard.
import type { z } from 'zod';
import type { DashboardData, HistoryPage, historyQuerySchema } from '../../../shared/contract';
import type { Execution, TaskStats } from '../../../shared/types';
import type { Database } from '../db/database';

export type HistoryQuery = z.output<typeof historyQuerySchema>;

export class ExecutionService {
  constructor(
    readonly db: Database,
    readonly options: { now?: () => number } = {},
  ) {}
  /** Newest first, keyset pagination by (start_time, id) with an opaque cursor; never OFFSET. */
  async history(_query: HistoryQuery): Promise<HistoryPage> {
    throw new Error('not implemented');
  }
  async get(_id: number): Promise<Execution> {
    throw new Error('not implemented');
  }
  async stats(_query: { taskId?: number; from?: number; to?: number }): Promise<TaskStats> {
    throw new Error('not implemented');
  }
  async dashboard(_upcoming: { taskId: number; taskName: string; at: number }[]): Promise<DashboardData> {
    throw new Error('not implemented');
  }
}
