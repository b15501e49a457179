// Schema migrations with Umzug, recorded in the SequelizeMeta table of the database itself. They run at
// every start-up before anything else touches the data, so a user's database survives upgrades.
import { QueryTypes, type Sequelize } from 'sequelize';
import { SequelizeStorage, Umzug } from 'umzug';
import { initial } from './migrations/0001-initial';
import { engineColumns } from './migrations/0002-engine-columns';

export interface Migration {
  name: string;
  /** Set when the migration drops and recreates a table: foreign keys must be off around it. */
  rebuildsTables?: boolean;
  up(params: { context: Sequelize }): Promise<void>;
}

/** Every migration, oldest first. */
export const MIGRATIONS: Migration[] = [initial, engineColumns];

export function createMigrator(sequelize: Sequelize, migrations: Migration[] = MIGRATIONS) {
  return new Umzug<Sequelize>({
    migrations: migrations.map((m) => ({
      name: m.name,
      up: (params) => runMigration(sequelize, m, params.context),
    })),
    context: sequelize,
    storage: new SequelizeStorage({ sequelize }),
    logger: undefined,
  });
}

async function runMigration(sequelize: Sequelize, migration: Migration, context: Sequelize): Promise<void> {
  if (!migration.rebuildsTables) {
    await migration.up({ context });
    return;
  }
  // PRAGMA foreign_keys is a no-op inside a transaction, so this runs on the plain connection.
  await sequelize.query('PRAGMA foreign_keys = OFF');
  try {
    await migration.up({ context });
    const violations = await sequelize.query('PRAGMA foreign_key_check', { type: QueryTypes.SELECT });
    if (violations.length > 0) {
      throw new Error(`Migration ${migration.name} left ${violations.length} foreign-key violations`);
    }
  } finally {
    await sequelize.query('PRAGMA foreign_keys = ON');
  }
}

/** Applies every pending migration; returns the names applied. */
export async function migrateToLatest(
  sequelize: Sequelize,
  migrations: Migration[] = MIGRATIONS,
): Promise<string[]> {
  const applied = await createMigrator(sequelize, migrations).up();
  return applied.map((m) => m.name);
}
