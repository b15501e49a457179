// Which engine the integration tests run on. By default the data folder's SQLite file; with
// CRONKEEPER_TEST_DATABASE_URL=postgres://user:pass@127.0.0.1:5432/postgres every data folder a test opens
// gets a FRESH PostgreSQL database of its own (created on that server), so the same tests run on both
// engines. Tests about SQLite itself (pragmas, query plans, the file lease) skip themselves there.
import pg from 'pg';
import { openCoreDatabase, type Database } from '../../src/main/core/db/database';
import { isPostgresUrl } from '../../src/main/core/db/dialect';

const SERVER_URL = process.env.CRONKEEPER_TEST_DATABASE_URL;

/** True when this run's tests use PostgreSQL. */
export const onPostgres = isPostgresUrl(SERVER_URL);

const byDataDir = new Map<string, string>();
let counter = 0;

/** A new, empty database on the test server; returns its URL. */
export async function createPostgresDatabase(serverUrl = SERVER_URL as string): Promise<string> {
  const name = `ck_test_${process.pid}_${++counter}_${Math.random().toString(36).slice(2, 8)}`;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${name}`);
  } finally {
    await admin.end();
  }
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

/** The database URL for a data folder: undefined (SQLite) or the folder's own PostgreSQL database. */
export async function testDatabaseUrl(dataDir: string): Promise<string | undefined> {
  if (!onPostgres) return undefined;
  let url = byDataDir.get(dataDir);
  if (!url) {
    url = await createPostgresDatabase();
    byDataDir.set(dataDir, url);
  }
  return url;
}

/** openCoreDatabase on the engine under test. */
export async function openTestDatabase(dataDir: string, onQuery?: (sql: string) => void): Promise<Database> {
  return openCoreDatabase(dataDir, onQuery, await testDatabaseUrl(dataDir));
}
