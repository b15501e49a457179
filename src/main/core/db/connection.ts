// Opens the database through Sequelize: the embedded SQLite file, or a shared PostgreSQL server by URL.
// SQLite pragmas are per connection, and Sequelize's sqlite dialect opens a fresh connection for every
// transaction, so the pragmas are applied to each connection the moment it is created (Sequelize has no
// afterConnect hook for sqlite).
import fs from 'node:fs';
import path from 'node:path';
import type pg from 'pg';
import { QueryTypes, Sequelize, type Options } from 'sequelize';
import type { Database as SqliteDatabase } from 'sqlite3';

export const CONNECTION_PRAGMAS = [
  'PRAGMA journal_mode = WAL',
  'PRAGMA synchronous = NORMAL',
  'PRAGMA foreign_keys = ON',
  'PRAGMA busy_timeout = 10000',
  // Reads through a memory map instead of a read() call per page: the task list's 1,000 index lookups
  // (one per task, each on a different page of a large history index) cost less than half as much.
  // Address space only; the OS shares these pages with its file cache.
  'PRAGMA mmap_size = 268435456',
];

export interface OpenDatabaseOptions {
  /** Path of the SQLite file (created with its folder when missing). */
  storage: string;
  /** A postgres:// URL: the shared engine instead of the file. */
  url?: string;
  /** Called with every SQL statement Sequelize runs (used by tests that count statements). */
  onQuery?: (sql: string) => void;
}

function exec(connection: SqliteDatabase, sql: string): Promise<void> {
  return new Promise((resolve, reject) => connection.exec(sql, (err) => (err ? reject(err) : resolve())));
}

let pgDriver: typeof pg | null = null;

/** The pg driver, loaded on first use: SQLite users (and every CLI command on SQLite) skip its ~80 ms. */
export async function loadPg(): Promise<typeof pg> {
  if (!pgDriver) {
    const driver = (await import('pg')).default;
    // Times are epoch ms in BIGINT columns and ids are BIGSERIAL: pg returns int8 as text by default. Every
    // value we store is far below 2^53, so numbers are exact (and the services' Number() calls stay no-ops).
    driver.types.setTypeParser(driver.types.builtins.INT8, (value: string) => Number(value));
    pgDriver = driver;
  }
  return pgDriver;
}

/** Opens a PostgreSQL database; nothing per connection is needed (no pragmas). */
export async function openPostgres(url: string, onQuery?: (sql: string) => void): Promise<Sequelize> {
  const sequelize = new Sequelize(url, {
    dialect: 'postgres',
    dialectModule: await loadPg(),
    logging: onQuery ? (sql: string) => onQuery(sql) : false,
    define: { underscored: true, timestamps: false },
    pool: { max: 10, min: 0, idle: 10_000 },
  } as Options);
  await sequelize.authenticate();
  return sequelize;
}

export async function openDatabase(options: OpenDatabaseOptions): Promise<Sequelize> {
  if (options.url) return openPostgres(options.url, options.onQuery);
  fs.mkdirSync(path.dirname(options.storage), { recursive: true });
  const sequelize = new Sequelize({
    dialect: 'sqlite',
    storage: options.storage,
    // We set foreign_keys ourselves, together with the other pragmas.
    foreignKeys: false,
    logging: options.onQuery ? (sql: string) => options.onQuery?.(sql) : false,
    define: { underscored: true, timestamps: false },
  } as Options);

  const manager = sequelize.connectionManager as unknown as {
    getConnection: (opts?: unknown) => Promise<SqliteDatabase>;
  };
  const configured = new WeakSet<SqliteDatabase>();
  const getConnection = manager.getConnection.bind(manager);
  manager.getConnection = async (opts?: unknown) => {
    const connection = await getConnection(opts);
    if (!configured.has(connection)) {
      configured.add(connection);
      await exec(connection, CONNECTION_PRAGMAS.join(';\n') + ';');
    }
    return connection;
  };
  await sequelize.authenticate();
  return sequelize;
}

/** Runs a read-only query and returns plain rows. */
export async function selectRows<T>(
  sequelize: Sequelize,
  sql: string,
  replacements: unknown[] | Record<string, unknown> = [],
): Promise<T[]> {
  return sequelize.query(sql, {
    replacements: replacements as never,
    raw: true,
    type: QueryTypes.SELECT,
  }) as Promise<T[]>;
}
