// One call that gives the core a ready database: opened, pragmas set, migrated, models defined.
import type { Sequelize } from 'sequelize';
import { databasePath } from '../paths';
import { openDatabase } from './connection';
import { migrateToLatest } from './migrator';
import { defineModels, type Models } from './models';

export interface Database {
  sequelize: Sequelize;
  models: Models;
  path: string;
  close(): Promise<void>;
}

export async function openCoreDatabase(dataDir: string, onQuery?: (sql: string) => void): Promise<Database> {
  const file = databasePath(dataDir);
  const sequelize = await openDatabase({ storage: file, onQuery });
  await migrateToLatest(sequelize);
  const models = defineModels(sequelize);
  return { sequelize, models, path: file, close: () => sequelize.close() };
}
