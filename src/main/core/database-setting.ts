// Which database a data folder uses. The embedded SQLite file unless a PostgreSQL URL is given: on the
// command line (`--database-url URL`), in CRONKEEPER_DATABASE_URL, or as the data folder's setting file
// `database.json` ({"url": "postgres://..."}), which the app, `serve` and the CLI all read. The setting cannot
// live in the database it chooses, hence the file.
import fs from 'node:fs';
import path from 'node:path';
import type { DatabaseInfo } from '../../shared/types';
import { isPostgresUrl } from './db/dialect';
import { CronkeeperError } from './errors';
import { DB_FILE_NAME } from './paths';

export const DATABASE_SETTING_FILE = 'database.json';

/** The URL in the data folder's database.json, or undefined when there is none. */
export function readDatabaseSetting(dataDir: string): string | undefined {
  const file = path.join(dataDir, DATABASE_SETTING_FILE);
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
  let url: unknown;
  try {
    url = (JSON.parse(text) as { url?: unknown }).url;
  } catch {
    url = undefined;
  }
  if (url === undefined || url === null || url === '') return undefined;
  if (typeof url !== 'string' || !isPostgresUrl(url)) {
    throw new CronkeeperError('VALIDATION', `${file}: "url" must be a postgres:// or postgresql:// URL`);
  }
  return url;
}

/** `--database-url URL` or `--database-url=URL` wins, then CRONKEEPER_DATABASE_URL. */
export function databaseUrlFromArgs(
  argv: readonly string[] = process.argv,
  env: NodeJS.ProcessEnv = process.env,
): string | undefined {
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--database-url' && argv[i + 1]) return argv[i + 1];
    if (argv[i].startsWith('--database-url=')) return argv[i].slice('--database-url='.length);
  }
  return env.CRONKEEPER_DATABASE_URL || undefined;
}

/** Where a URL given to this process came from: `--database-url` or CRONKEEPER_DATABASE_URL. */
export function databaseUrlSource(
  argv: readonly string[] = process.argv,
  env: NodeJS.ProcessEnv = process.env,
): 'flag' | 'env' | undefined {
  if (argv.some((arg, i) => (arg === '--database-url' && argv[i + 1]) || arg.startsWith('--database-url=')))
    return 'flag';
  return env.CRONKEEPER_DATABASE_URL ? 'env' : undefined;
}

/**
 * Saves the data folder's database setting, or removes it (null). Written to a temporary file and renamed,
 * so a crash never leaves a half-written setting that would stop the next start.
 */
export function writeDatabaseSetting(dataDir: string, url: string | null): void {
  const file = path.join(dataDir, DATABASE_SETTING_FILE);
  if (url === null) {
    fs.rmSync(file, { force: true });
    return;
  }
  if (!isPostgresUrl(url)) {
    throw new CronkeeperError('VALIDATION', 'Use a postgres:// or postgresql:// URL', 'url');
  }
  const temporary = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(temporary, JSON.stringify({ url }, null, 2) + '\n', { mode: 0o600 });
  fs.renameSync(temporary, file);
}

/** A URL without its password: the UI shows it, and the password must never leave the core. */
export function urlWithoutPassword(url: string): string {
  try {
    const parsed = new URL(url);
    parsed.password = '';
    return parsed.toString();
  } catch {
    return url.replace(/(\/\/[^:/@]+):[^@]*@/, '$1@');
  }
}

/** host:port/dbname of a PostgreSQL URL (port 5432 unless given). */
export function postgresLocation(url: string): string {
  const parsed = new URL(url);
  const database = decodeURIComponent(parsed.pathname.replace(/^\//, '')) || '(default)';
  return `${parsed.hostname}:${parsed.port || '5432'}/${database}`;
}

/**
 * What database.get reports: the database this process opened at start (`urlInUse`, undefined for SQLite;
 * `explicit` when it came from the caller rather than database.json) and the setting saved for the next start.
 */
export function describeDatabase(
  dataDir: string,
  urlInUse: string | undefined,
  explicit: boolean,
  argv: readonly string[] = process.argv,
  env: NodeJS.ProcessEnv = process.env,
): DatabaseInfo {
  const fileUrl = readDatabaseSetting(dataDir) ?? null;
  const overrider = databaseUrlSource(argv, env);
  const source: DatabaseInfo['source'] =
    urlInUse === undefined ? 'default' : explicit ? (overrider ?? 'flag') : 'file';
  return {
    engine: isPostgresUrl(urlInUse) ? 'postgres' : 'sqlite',
    location: isPostgresUrl(urlInUse) ? postgresLocation(urlInUse) : path.join(dataDir, DB_FILE_NAME),
    url: urlInUse === undefined ? null : urlWithoutPassword(urlInUse),
    source,
    fileUrl: fileUrl === null ? null : urlWithoutPassword(fileUrl),
    fileOverridden: overrider !== undefined,
  };
}
