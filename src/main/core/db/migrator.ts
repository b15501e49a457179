// Schema migrations with Umzug, recorded in the SequelizeMeta table of the database itself. They run at
// every start-up before anything else touches the data, so a user's database survives upgrades.
import { QueryTypes, type Sequelize } from 'sequelize';
import { isPostgres, type MigrationParams } from './ddl';
import { initial } from './migrations/0001-initial';
import { engineColumns } from './migrations/0002-engine-columns';
import { hostTag } from './migrations/0003-host-tag';
import { cancelRequest } from './migrations/0004-cancel-request';
import { runPause } from './migrations/0005-run-pause';
import { outputEncoding } from './migrations/0006-output-encoding';
import { dayRule } from './migrations/0007-day-rule';
import { retryOf } from './migrations/0008-retry-of';
import { taskTags } from './migrations/0009-task-tags';
import { triggers } from './migrations/0010-triggers';
import { runLinksUnenforced } from './migrations/0011-run-links-unenforced';

export type { MigrationParams };

export interface Migration {
  name: string;
  /** Set when the migration drops and recreates a table: foreign keys must be off around it (SQLite). */
  rebuildsTables?: boolean;
  up(params: MigrationParams): Promise<void>;
}

/** Every migration, oldest first. */
export const MIGRATIONS: Migration[] = [
  initial,
  engineColumns,
  hostTag,
  cancelRequest,
  runPause,
  outputEncoding,
  dayRule,
  retryOf,
  taskTags,
  triggers,
  runLinksUnenforced,
];

/** Umzug over the given migrations. Loaded on demand: it costs ~180 ms of start-up (its CLI comes with it). */
export async function createMigrator(sequelize: Sequelize, migrations: Migration[] = MIGRATIONS) {
  const { SequelizeStorage, Umzug } = await import('umzug');
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

/** An arbitrary constant: the advisory lock that serializes migrations across machines. */
const MIGRATION_LOCK = 72_610_001;

/**
 * PostgreSQL: every pending migration in ONE transaction under an advisory lock, so that schedulers on
 * several machines starting together migrate once; the others wait for the lock and then find nothing to
 * do. The migrations are recorded in the same table Umzug uses on SQLite (sequelize_meta, as the underscored naming calls it).
 */
async function migratePostgres(sequelize: Sequelize, migrations: Migration[]): Promise<string[]> {
  return sequelize.transaction(async (transaction) => {
    await sequelize.query(`SELECT pg_advisory_xact_lock(${MIGRATION_LOCK})`, { transaction });
    await sequelize.query('CREATE TABLE IF NOT EXISTS sequelize_meta (name VARCHAR(255) PRIMARY KEY)', {
      transaction,
    });
    const rows = await sequelize.query<{ name: string }>('SELECT name FROM sequelize_meta', {
      type: QueryTypes.SELECT,
      transaction,
    });
    const done = new Set(rows.map((r) => r.name));
    const applied: string[] = [];
    for (const migration of migrations) {
      if (done.has(migration.name)) continue;
      await migration.up({ context: sequelize, transaction });
      await sequelize.query('INSERT INTO sequelize_meta (name) VALUES (?)', {
        replacements: [migration.name],
        transaction,
      });
      applied.push(migration.name);
    }
    return applied;
  });
}

/**
 * SQLite: true when every migration is already recorded, read straight from Umzug's table, so that an
 * up-to-date database (every start but the first after an upgrade) never loads Umzug.
 */
async function sqliteUpToDate(sequelize: Sequelize, migrations: Migration[]): Promise<boolean> {
  const table = await sequelize.query(
    "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'sequelize_meta'",
    { type: QueryTypes.SELECT },
  );
  if (table.length === 0) return false;
  const rows = await sequelize.query<{ name: string }>('SELECT name FROM sequelize_meta', {
    type: QueryTypes.SELECT,
  });
  const done = new Set(rows.map((r) => r.name));
  return migrations.every((m) => done.has(m.name));
}

/** Applies every pending migration; returns the names applied. */
export async function migrateToLatest(
  sequelize: Sequelize,
  migrations: Migration[] = MIGRATIONS,
): Promise<string[]> {
  if (isPostgres(sequelize)) return migratePostgres(sequelize, migrations);
  if (await sqliteUpToDate(sequelize, migrations)) return [];
  const applied: string[] = [];
  for (let attempt = 1; ; attempt++) {
    try {
      const done = await (await createMigrator(sequelize, migrations)).up();
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
