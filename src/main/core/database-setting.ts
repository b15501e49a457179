// Which database a data folder uses. The embedded SQLite file unless a PostgreSQL URL is given: on the
// command line (`--database-url URL`), in CRONKEEPER_DATABASE_URL, or as the data folder's setting file
// `database.json` ({"url": "postgres://..."}), which the app, `serve` and the CLI all read. The setting cannot
// live in the database it chooses, hence the file.
import fs from 'node:fs';
import path from 'node:path';
import { isPostgresUrl } from './db/dialect';
import { CronkeeperError } from './errors';

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
