// The runner's hot statements, straight on sqlite3's default connection (the one Sequelize uses outside
// transactions, so `PRAGMA data_version` still ignores our own writes). Sequelize costs about a millisecond
// per statement on top of SQLite (it formats a stack trace for every query, and parses the result); at
// hundreds of fires a second that was most of the fire path's database time.
import type { Database as SqliteDatabase, RunResult } from 'sqlite3';
import type { Database } from '../db/database';
import { pgQuery } from '../db/pg-raw';

type Connection = Pick<SqliteDatabase, 'all' | 'run'>;

async function connectionOf(db: Database): Promise<Connection> {
  const manager = db.sequelize.connectionManager as unknown as {
    getConnection: (opts?: unknown) => Promise<Connection>;
  };
  // Sequelize's sqlite dialect keeps one connection per `uuid`; no uuid is its default connection.
  return manager.getConnection({});
}

export async function rawAll<T>(db: Database, sql: string, params: unknown[] = []): Promise<T[]> {
  if (db.dialect.name === 'postgres') return (await pgQuery<T>(db.sequelize, sql, params)).rows;
  const conn = await connectionOf(db);
  return new Promise((resolve, reject) =>
    conn.all(sql, params, (err: Error | null, rows: T[]) => (err ? reject(err) : resolve(rows))),
  );
}

/** Runs a write; returns the rows changed and the last inserted id (on PostgreSQL: INSERT ... RETURNING id). */
export async function rawRun(
  db: Database,
  sql: string,
  params: unknown[] = [],
): Promise<{ changes: number; lastID: number }> {
  if (db.dialect.name === 'postgres') {
    const { rows, rowCount } = await pgQuery<{ id?: number }>(db.sequelize, sql, params);
    return { changes: rowCount, lastID: Number(rows[0]?.id ?? 0) };
  }
  const conn = await connectionOf(db);
  return new Promise((resolve, reject) =>
    conn.run(sql, params, function (this: RunResult, err: Error | null) {
      if (err) reject(err);
      else resolve({ changes: this.changes, lastID: this.lastID });
    }),
  );
}
