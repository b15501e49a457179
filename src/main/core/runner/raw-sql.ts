// The runner's hot statements, straight on sqlite3's default connection (the one Sequelize uses outside
// transactions, so `PRAGMA data_version` still ignores our own writes). Sequelize costs about a millisecond
// per statement on top of SQLite (it formats a stack trace for every query, and parses the result); at
// hundreds of fires a second that was most of the fire path's database time.
import type { Database as SqliteDatabase, RunResult } from 'sqlite3';
import type { Database } from '../db/database';

type Connection = Pick<SqliteDatabase, 'all' | 'run'>;

async function connectionOf(db: Database): Promise<Connection> {
  const manager = db.sequelize.connectionManager as unknown as {
    getConnection: (opts?: unknown) => Promise<Connection>;
  };
  // Sequelize's sqlite dialect keeps one connection per `uuid`; no uuid is its default connection.
  return manager.getConnection({});
}

export async function rawAll<T>(db: Database, sql: string, params: unknown[] = []): Promise<T[]> {
  const conn = await connectionOf(db);
  return new Promise((resolve, reject) =>
    conn.all(sql, params, (err: Error | null, rows: T[]) => (err ? reject(err) : resolve(rows))),
  );
}

/** Runs a write; returns the rows changed and the last inserted id. */
export async function rawRun(
  db: Database,
  sql: string,
  params: unknown[] = [],
): Promise<{ changes: number; lastID: number }> {
  const conn = await connectionOf(db);
  return new Promise((resolve, reject) =>
    conn.run(sql, params, function (this: RunResult, err: Error | null) {
      if (err) reject(err);
      else resolve({ changes: this.changes, lastID: this.lastID });
    }),
  );
}
