// Reads asked for in the same turn of the event loop, per database, answered by one statement issued right
// after that turn (turn-batch.ts does the same for writes). The runs of a burst end together; each asked
// its own question (which chain links it fires), one prepared statement apiece on the scheduler's thread,
// while the rest of the burst waited for the same CPUs. Now the turn's runs share one statement.
import type { Database } from '../db/database';

interface Waiting<R> {
  resolve: (value: R) => void;
  reject: (err: unknown) => void;
}

/** Keys per statement (parameters stay far below SQLite's and PostgreSQL's limits). */
const CHUNK = 200;

export class TurnReads<K, R> {
  private readonly pending = new Map<Database, Map<K, Waiting<R>[]>>();

  /**
   * `read` answers for a set of distinct keys; a key it leaves out gets `absent`. A failed read fails every
   * question it carried.
   */
  constructor(
    private readonly read: (db: Database, keys: K[]) => Promise<Map<K, R>>,
    private readonly absent: R,
  ) {}

  get(db: Database, key: K): Promise<R> {
    return new Promise((resolve, reject) => {
      let batch = this.pending.get(db);
      if (!batch) {
        const fresh = (batch = new Map<K, Waiting<R>[]>());
        this.pending.set(db, fresh);
        setImmediate(() => {
          this.pending.delete(db);
          void this.flush(db, fresh);
        });
      }
      const waiting = batch.get(key);
      if (waiting) waiting.push({ resolve, reject });
      else batch.set(key, [{ resolve, reject }]);
    });
  }

  private async flush(db: Database, batch: Map<K, Waiting<R>[]>): Promise<void> {
    const keys = [...batch.keys()];
    for (let i = 0; i < keys.length; i += CHUNK) {
      const chunk = keys.slice(i, i + CHUNK);
      try {
        const answers = await this.read(db, chunk);
        for (const key of chunk) {
          const answer = answers.has(key) ? answers.get(key)! : this.absent;
          for (const w of batch.get(key)!) w.resolve(answer);
        }
      } catch (err) {
        for (const key of chunk) for (const w of batch.get(key)!) w.reject(err);
      }
    }
  }
}
