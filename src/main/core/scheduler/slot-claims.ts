// Batched slot claims: every slot claimed in the same turn of the event loop (a tick firing 200 tasks) is
// inserted by ONE statement right after that turn (insertSlotExecutions), instead of one round trip each.
// The unique (task_id, scheduled_at) makes each claim win at most once across processes.
import type { Database } from '../db/database';
import { insertSlotExecutions, type NewExecution } from '../store/execution-writes';

export class SlotClaims {
  private pending: {
    row: NewExecution;
    resolve: (id: number | null) => void;
    reject: (e: unknown) => void;
  }[] = [];

  constructor(private readonly db: Database) {}

  /** Resolves with the new row's id, or null when the slot was already taken. */
  claim(row: NewExecution): Promise<number | null> {
    return new Promise((resolve, reject) => {
      if (this.pending.length === 0) setImmediate(() => void this.flush());
      this.pending.push({ row, resolve, reject });
    });
  }

  private async flush(): Promise<void> {
    const batch = this.pending;
    this.pending = [];
    if (batch.length === 0) return;
    try {
      const ids = await insertSlotExecutions(
        this.db,
        batch.map((c) => c.row),
      );
      batch.forEach((c, i) => c.resolve(ids[i]));
    } catch (err) {
      for (const c of batch) c.reject(err);
    }
  }
}
