// Reads asked for in the same turn of the event loop, per database, answered by one statement issued right
// after that turn: a TurnBatch (turn-batch.ts) whose items are keys and whose answers are what each key
// read. The runs of a burst end together; each asked its own question (which chain links it fires), one
// prepared statement apiece on the scheduler's thread, while the rest of the burst waited for the same
// CPUs. Now the turn's runs share one statement.
import type { Database } from '../db/database';
import { TurnBatch } from './turn-batch';

export class TurnReads<K, R> {
  private readonly batch: TurnBatch<K, R>;

  /**
   * `read` answers for a set of distinct keys; a key it leaves out gets `absent`. A failed read fails every
   * question it carried.
   */
  constructor(read: (db: Database, keys: K[]) => Promise<Map<K, R>>, absent: R) {
    this.batch = new TurnBatch<K, R>(async (db, keys) => {
      const answers = await read(db, [...new Set(keys)]);
      return keys.map((key) => (answers.has(key) ? answers.get(key)! : absent));
    });
  }

  get(db: Database, key: K): Promise<R> {
    return this.batch.add(db, key);
  }
}
