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

/**
 * Runs one migration atomically (BEGIN IMMEDIATE on the plain connection), so that two processes opening a
 * new data folder at once cannot interleave: the loser's attempt fails and rolls back whole, and
 * migrateToLatest retries it once the winner has recorded it.
 */
async function inImmediateTransaction(sequelize: Sequelize, work: () => Promise<void>): Promise<void> {
  await sequelize.query('BEGIN IMMEDIATE');
  try {
    await work();
    await sequelize.query('COMMIT');
  } catch (err) {
    await sequelize.query('ROLLBACK').catch(() => {});
    throw err;
  }
}

async function runMigration(sequelize: Sequelize, migration: Migration, context: Sequelize): Promise<void> {
  if (!migration.rebuildsTables) {
    await inImmediateTransaction(sequelize, () => migration.up({ context }));
    return;
  }
  // PRAGMA foreign_keys is a no-op inside a transaction, so it is switched off before BEGIN.
  await sequelize.query('PRAGMA foreign_keys = OFF');
  try {
    await inImmediateTransaction(sequelize, async () => {
      await migration.up({ context });
      const violations = await sequelize.query('PRAGMA foreign_key_check', { type: QueryTypes.SELECT });
      if (violations.length > 0) {
        throw new Error(`Migration ${migration.name} left ${violations.length} foreign-key violations`);
      }
    });
  } finally {
    await sequelize.query('PRAGMA foreign_keys = ON');
  }
}

/** Applies every pending migration; returns the names applied. */
export async function migrateToLatest(
  sequelize: Sequelize,
  migrations: Migration[] = MIGRATIONS,
): Promise<string[]> {
  const applied: string[] = [];
  for (let attempt = 1; ; attempt++) {
    try {
      const done = await createMigrator(sequelize, migrations).up();
      applied.push(...done.map((m) => m.name));
      return applied;
    } catch (err) {
      // Another process migrating the same new database at the same moment makes our attempt fail
      // (its tables already exist); ours rolled back, so wait for it to record its work and look again.
      if (attempt >= 20) throw err;
      await new Promise((resolve) => setTimeout(resolve, 100 * attempt));
    }
  }
}
