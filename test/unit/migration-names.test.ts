// The quick read path's list of migration names (store/quick-read/migration-names.ts) is written out by
// hand so that it loads none of the migrations; it must name exactly the migrator's migrations, in order,
// or the quick path would read a schema it was not written for (or never be taken).
import { expect, it } from 'vitest';
import { MIGRATIONS } from '../../src/main/core/db/migrator';
import { MIGRATION_NAMES } from '../../src/main/core/store/quick-read/migration-names';

it('names every migration of the migrator, in order', () => {
  expect(MIGRATION_NAMES).toEqual(MIGRATIONS.map((migration) => migration.name));
});
