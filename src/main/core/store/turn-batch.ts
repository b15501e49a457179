// Writes made in the same turn of the event loop, per database, gathered into one statement issued right
// after that turn (setImmediate). A tick starting 50 runs, or 50 runs ending together, costs one round trip
// instead of 50, and the claims of the next second do not queue behind 50 statements on the connection.
import type { Database } from '../db/database';

interface Pending<T> {
  item: T;
  resolve: () => void;
  reject: (err: unknown) => void;
}

/** Rows per statement (a statement's parameters stay far below SQLite's and PostgreSQL's limits). */
const CHUNK = 200;

export class TurnBatch<T> {
  private readonly pending = new Map<Database, Pending<T>[]>();

  constructor(private readonly write: (db: Database, items: T[]) => Promise<void>) {}

  /** Settles when the statement carrying `item` has been written (or has failed). */
  add(db: Database, item: T): Promise<void> {
    return new Promise((resolve, reject) => {
      let batch = this.pending.get(db);
      if (!batch) {
        const fresh: Pending<T>[] = (batch = []);
        this.pending.set(db, fresh);
        setImmediate(() => {
          this.pending.delete(db);
          void this.flush(db, fresh);
        });
      }
      batch.push({ item, resolve, reject });
    });
  }

  private async flush(db: Database, batch: Pending<T>[]): Promise<void> {
    for (let i = 0; i < batch.length; i += CHUNK) {
      const chunk = batch.slice(i, i + CHUNK);
      try {
        await this.write(
          db,
          chunk.map((p) => p.item),
        );
        for (const p of chunk) p.resolve();
      } catch (err) {
        for (const p of chunk) p.reject(err);
      }
    }
  }
}
