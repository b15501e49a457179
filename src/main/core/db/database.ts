// One call that gives the core a ready database: opened, pragmas set, migrated, models defined.
import type { Sequelize } from 'sequelize';
import { databasePath } from '../paths';
import { openDatabase } from './connection';
import { dialectOf, isPostgresUrl, redactUrl, type SqlDialect } from './dialect';
import { migrateToLatest } from './migrator';
import { defineModels, type Models } from '../store/models';

export interface Database {
  sequelize: Sequelize;
  models: Models;
  /** The SQLite file, or the PostgreSQL URL with its password hidden. */
  path: string;
  /** The engine's SQL fragments (db/dialect.ts). */
  dialect: SqlDialect;
  close(): Promise<void>;
}

/** `databaseUrl` (postgres://...) selects the shared engine; without it, the data folder's SQLite file. */
export async function openCoreDatabase(
  dataDir: string,
  onQuery?: (sql: string) => void,
  databaseUrl?: string,
): Promise<Database> {
  const url = isPostgresUrl(databaseUrl) ? databaseUrl : undefined;
  if (databaseUrl && !url) throw new Error('The database URL must start with postgres:// or postgresql://');
  const file = databasePath(dataDir);
  const sequelize = await openDatabase({ storage: file, url, onQuery });
  await migrateToLatest(sequelize);
  const models = defineModels(sequelize);
  return {
    sequelize,
    models,
    path: url ? redactUrl(url) : file,
    dialect: dialectOf(url ? 'postgres' : 'sqlite'),
    close: () => sequelize.close(),
  };
}
