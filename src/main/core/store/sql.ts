// The one set of query helpers, and the only place that talks to the drivers. Two kinds of statement:
// - through Sequelize (`select`, `insert`, `execute`): ordinary paths, and anything inside a transaction;
// - straight on the driver (`rawAll`, `rawRun`): the hot paths. Sequelize costs about a millisecond per
//   statement on top of SQLite (it formats a stack trace for every query, and parses the result); at
//   hundreds of fires a second that was most of the fire path's database time. On SQLite they use sqlite3's
//   default connection (the one Sequelize uses outside transactions, so `PRAGMA data_version` still ignores
//   our own writes); on PostgreSQL a pooled pg client from Sequelize's pool, with `?` numbered ($1, $2, ...).
// Statements use `?` placeholders on both engines.
import type { PoolClient } from 'pg';
import { QueryTypes, type Sequelize, type Transaction } from 'sequelize';
import type { Database as SqliteDatabase, RunResult } from 'sqlite3';
import type { Database } from '../db/database';

type Replacements = unknown[] | Record<string, unknown>;

export async function select<T>(
  db: Database,
  sql: string,
  replacements: Replacements = [],
  transaction?: Transaction,
): Promise<T[]> {
  return db.sequelize.query(sql, {
    replacements: replacements as never,
    type: QueryTypes.SELECT,
    raw: true,
    transaction,
  }) as Promise<T[]>;
}

/** Runs an INSERT; returns the new row's id (PostgreSQL: through RETURNING id). */
export async function insert(
  db: Database,
  sql: string,
  replacements: Replacements,
  transaction?: Transaction,
): Promise<number> {
  if (db.dialect.name === 'postgres') {
    const [row] = await select<{ id: number }>(db, `${sql} RETURNING id`, replacements, transaction);
    return Number(row.id);
  }
  const [lastId] = (await db.sequelize.query(sql, {
    replacements: replacements as never,
    type: QueryTypes.INSERT,
    transaction,
  })) as unknown as [number, number];
  return lastId;
}

/** Runs an UPDATE or DELETE; returns the number of rows changed. */
export async function execute(
  db: Database,
  sql: string,
  replacements: Replacements = [],
  transaction?: Transaction,
): Promise<number> {
  return (await db.sequelize.query(sql, {
    replacements: replacements as never,
    type: QueryTypes.BULKUPDATE,
    transaction,
  })) as unknown as number;
}

// The text helpers live in sql-text.ts, which loads no driver (the CLI's quick read path uses them).
export { containsPattern, placeholders } from './sql-text';

interface Manager {
  getConnection(opts: { type: 'read' | 'write' }): Promise<PoolClient>;
  releaseConnection(connection: PoolClient): Promise<void> | void;
}

/** `?` to `$n`, leaving quoted text and identifiers alone. */
export function numberPlaceholders(sql: string): string {
  let n = 0;
  return sql.replace(/'(?:[^']|'')*'|"(?:[^"]|"")*"|\?/g, (match) => (match === '?' ? `$${++n}` : match));
}

async function pgQuery<T>(
  sequelize: Sequelize,
  sql: string,
  params: unknown[],
): Promise<{ rows: T[]; rowCount: number }> {
  const manager = sequelize.connectionManager as unknown as Manager;
  const client = await manager.getConnection({ type: 'write' });
  try {
    const result = await client.query(numberPlaceholders(sql), params as unknown[]);
    return { rows: result.rows as T[], rowCount: result.rowCount ?? 0 };
  } finally {
    await manager.releaseConnection(client);
  }
}

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
