import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { QueryTypes } from 'sequelize';
import { afterEach, expect, it } from 'vitest';
import { openCoreDatabase, type Database } from '../../src/main/core/db/database';

let db: Database | undefined;
afterEach(async () => db?.close());

it('opens, migrates and applies the pragmas on every connection, transactions included', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ck-'));
  db = await openCoreDatabase(dir);
  const seq = db.sequelize;
  const pragma = async (name: string, transaction?: never) => {
    const rows = await seq.query<Record<string, unknown>>(`PRAGMA ${name}`, {
      type: QueryTypes.SELECT,
      transaction,
    });
    return Object.values(rows[0])[0];
  };
  expect(await pragma('journal_mode')).toBe('wal');
  await seq.transaction(async (transaction) => {
    expect(await pragma('foreign_keys', transaction as never)).toBe(1);
    expect(await pragma('busy_timeout', transaction as never)).toBeGreaterThanOrEqual(5000);
    expect(await pragma('synchronous', transaction as never)).toBe(1); // NORMAL
  });
  expect(fs.existsSync(path.join(dir, 'cronkeeper.db'))).toBe(true);
});
