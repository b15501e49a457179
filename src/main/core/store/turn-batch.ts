// Writes made in the same turn of the event loop, per database, gathered into one statement issued right
// after that turn (setImmediate). A tick starting 50 runs, or 50 runs ending together, costs one round trip
// instead of 50, and the claims of the next second do not queue behind 50 statements on the connection.
// A batch may also answer each item (`R`): turn-reads.ts gathers a turn's reads so.
import type { Database } from '../db/database';

interface Pending<T, R> {
  item: T;
  resolve: (answer: R) => void;
  reject: (err: unknown) => void;
}

/** Rows per statement (a statement's parameters stay far below SQLite's and PostgreSQL's limits). */
const CHUNK = 200;

export class TurnBatch<T, R = void> {
  private readonly pending = new Map<Database, Pending<T, R>[]>();

  /** `write` issues the statement for `items`; a batch with answers returns one per item, in order. */
  constructor(private readonly write: (db: Database, items: T[]) => Promise<R[] | void>) {}

  /** Settles when the statement carrying `item` has been written (or has failed), with its answer. */
  add(db: Database, item: T): Promise<R> {
    return new Promise((resolve, reject) => {
      let batch = this.pending.get(db);
      if (!batch) {
        const fresh: Pending<T, R>[] = (batch = []);
        this.pending.set(db, fresh);
        setImmediate(() => {
          this.pending.delete(db);
          void this.flush(db, fresh);
        });
      }
      batch.push({ item, resolve, reject });
    });
  }

  private async flush(db: Database, batch: Pending<T, R>[]): Promise<void> {
    for (let i = 0; i < batch.length; i += CHUNK) {
      const chunk = batch.slice(i, i + CHUNK);
      try {
        const answers = await this.write(
          db,
          chunk.map((p) => p.item),
        );
        chunk.forEach((p, n) => p.resolve(answers?.[n] as R));
      } catch (err) {
        for (const p of chunk) p.reject(err);
      }
    }
  }
}
