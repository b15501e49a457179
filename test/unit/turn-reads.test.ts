// Reads asked for in one turn share one statement (store/turn-reads.ts): the chain links of a burst's runs
// ending together are read once, each run still gets its own answer.
import { describe, expect, it } from 'vitest';
import type { Database } from '../../src/main/core/db/database';
import { TurnReads } from '../../src/main/core/store/turn-reads';

const db = {} as Database;
const otherDb = {} as Database;

function doubling() {
  const reads: { db: Database; keys: number[] }[] = [];
  const reader = new TurnReads<number, number>(async (on, keys) => {
    reads.push({ db: on, keys });
    return new Map(keys.filter((k) => k !== 0).map((k) => [k, k * 2]));
  }, -1);
  return { reads, reader };
}

describe('TurnReads', () => {
  it('answers the questions of one turn with one read of the distinct keys, each its own answer', async () => {
    const { reads, reader } = doubling();
    const answers = await Promise.all([
      reader.get(db, 1),
      reader.get(db, 2),
      reader.get(db, 1),
      reader.get(db, 0),
    ]);
    expect(answers).toEqual([2, 4, 2, -1]); // 0 left out by the read: the absent answer
    expect(reads).toEqual([{ db, keys: [1, 2, 0] }]);
  });

  it('reads again for a later turn, and once per database', async () => {
    const { reads, reader } = doubling();
    await Promise.all([reader.get(db, 1), reader.get(otherDb, 3)]);
    await reader.get(db, 5);
    expect(reads).toEqual([
      { db, keys: [1] },
      { db: otherDb, keys: [3] },
      { db, keys: [5] },
    ]);
  });

  it('fails every question a failed read carried, and reads afresh next turn', async () => {
    let fail = true;
    const reader = new TurnReads<number, string>(async (_db, keys) => {
      if (fail) throw new Error('database is locked');
      return new Map(keys.map((k) => [k, `row ${k}`]));
    }, '');
    const results = await Promise.allSettled([reader.get(db, 1), reader.get(db, 2)]);
    expect(results.map((r) => r.status)).toEqual(['rejected', 'rejected']);
    fail = false;
    await expect(reader.get(db, 1)).resolves.toBe('row 1');
  });

  it('splits a turn with more than 200 distinct keys into reads of at most 200', async () => {
    const { reads, reader } = doubling();
    const keys = Array.from({ length: 450 }, (_, i) => i + 1);
    const answers = await Promise.all(keys.map((k) => reader.get(db, k)));
    expect(answers).toEqual(keys.map((k) => k * 2));
    expect(reads.map((r) => r.keys.length)).toEqual([200, 200, 50]);
  });
});
