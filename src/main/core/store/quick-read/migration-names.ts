// The name of every schema migration, oldest first, WITHOUT importing the migrations themselves (they load
// Sequelize's query interface): the CLI's quick read path compares this list with the database's
// sequelize_meta table to know that the schema is the one its SQL was written for. A test keeps it equal to
// db/migrator.ts's MIGRATIONS.
export const MIGRATION_NAMES: readonly string[] = [
  '0001-initial',
  '0002-engine-columns',
  '0003-host-tag',
  '0004-cancel-request',
  '0005-run-pause',
  '0006-output-encoding',
  '0007-day-rule',
  '0008-retry-of',
  '0009-task-tags',
  '0010-triggers',
  '0011-run-links-unenforced',
];
