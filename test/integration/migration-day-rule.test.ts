// Migration 0007 (cron's day rule): stored schedules keep their expressions; the ones whose runs change
// are found at migration time, recorded, written once into the application log at the next start-up with
// one, and their last slot moves to now so that the new rule catches up nothing. Runs on SQLite, and on
// PostgreSQL when CRONKEEPER_TEST_DATABASE_URL is set.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { QueryTypes, type Sequelize } from 'sequelize';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { AppLog } from '../../src/main/core/app-log';
import { createCore } from '../../src/main/core/core';
import { openDatabase } from '../../src/main/core/db/connection';
import { MIGRATIONS, migrateToLatest } from '../../src/main/core/db/migrator';
import { testDatabaseUrl } from './test-database';

let dir: string;
let url: string | undefined;
let sequelize: Sequelize;

beforeEach(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ck-'));
  url = await testDatabaseUrl(dir);
  sequelize = await openDatabase({ storage: path.join(dir, 'cronkeeper.db'), url });
});
afterEach(async () => {
  await sequelize.close().catch(() => {});
  fs.rmSync(dir, { recursive: true, force: true });
});

const SCHEDULES: [string, string][] = [
  ['odd Mondays', '0 0 */2 * 1'], // changes: either -> both
  ['the 13th', '0 4 13 * 0-7'], // changes: only the 13th -> every day
  ['every 5 minutes', '*/5 * * * *'],
  ['13th or Monday', '0 4 13 * 1'],
  ['weekdays', '0 9 * * 1-5'],
  ['never now', '0 0 30 2 */2'], // changes: Sundays... in February -> never
];
const LAST_SLOT = 1_700_000_000_000;

async function seedBeforeDayRule(): Promise<void> {
  const before = MIGRATIONS.filter((m) => m.name < '0007');
  await migrateToLatest(sequelize, before);
  for (const [i, [name, cron]] of SCHEDULES.entries()) {
    await sequelize.query(
      `INSERT INTO scheduled_tasks (id, name, command, cron_expression, timezone, last_slot_at, created_at, updated_at)
       VALUES (?, ?, 'true', ?, 'UTC', ?, 1, 1)`,
      { replacements: [i + 1, name, cron, LAST_SLOT] },
    );
  }
}

it('finds the stored schedules whose meaning changes, leaves every expression as written, logs them once', async () => {
  await seedBeforeDayRule();
  const started = Date.now();
  expect(await migrateToLatest(sequelize)).toContain('0007-day-rule');
  const rows = await sequelize.query<{ id: number; cron_expression: string; last_slot_at: number }>(
    'SELECT id, cron_expression, last_slot_at FROM scheduled_tasks ORDER BY id',
    { type: QueryTypes.SELECT },
  );
  expect(rows.map((r) => r.cron_expression)).toEqual(SCHEDULES.map(([, cron]) => cron));
  const moved = rows.filter((r) => Number(r.last_slot_at) >= started).map((r) => Number(r.id));
  expect(moved).toEqual([1, 2, 6]);
  expect(
    rows.filter((r) => !moved.includes(Number(r.id))).every((r) => Number(r.last_slot_at) === LAST_SLOT),
  ).toBe(true);
  const [notice] = await sequelize.query<{ value_json: string }>(
    "SELECT value_json FROM settings WHERE key = 'notice.dayRule'",
    { type: QueryTypes.SELECT },
  );
  const recorded = JSON.parse(notice.value_json) as {
    logged: boolean;
    changes: { id: number; line: string }[];
  };
  expect(recorded.logged).toBe(false);
  expect(recorded.changes.map((c) => c.id)).toEqual([1, 2, 6]);
  await sequelize.close();

  // A one-shot core (the CLI) has no application log: the notice waits for the app or `serve`.
  const oneShot = await createCore({ dataDir: dir, databaseUrl: url, schedule: false });
  await oneShot.start();
  await oneShot.stop(0);

  const appLog = new AppLog(dir);
  const core = await createCore({ dataDir: dir, databaseUrl: url, schedule: false, appLog });
  await core.start();
  await core.stop(0);
  const log = fs.readFileSync(appLog.path, 'utf8');
  expect(log).toMatch(/WARN .*3 stored schedules change meaning/);
  expect(log).toContain(
    'Task "odd Mondays" (id 1): "0 0 */2 * 1" ran on days that match its day of month or its day of week; ' +
      "under cron's day rule it now runs on days that match both its day of month and its day of week. " +
      'To keep the old runs, change it to "0 0 1-31/2 * 1".',
  );
  expect(log).toContain(
    'Task "the 13th" (id 2): "0 4 13 * 0-7" ran on the days of the month it lists; under cron\'s day rule ' +
      'it now runs every day. To keep the old runs, change it to "0 4 13 * *".',
  );
  expect(log).toContain('Task "never now" (id 6): "0 0 30 2 */2"');
  expect(log).toContain('it now never runs. To keep the old runs, change it to "0 0 30 2 0-7/2".');
  expect(log).not.toContain('weekdays');

  // The next start-up does not repeat it.
  const again = await createCore({ dataDir: dir, databaseUrl: url, schedule: false, appLog });
  await again.start();
  await again.stop(0);
  const after = fs.readFileSync(appLog.path, 'utf8');
  expect(after.match(/change meaning/g)).toHaveLength(1);
});

it('records nothing when no stored schedule changes', async () => {
  await migrateToLatest(
    sequelize,
    MIGRATIONS.filter((m) => m.name < '0007'),
  );
  await sequelize.query(
    `INSERT INTO scheduled_tasks (id, name, command, cron_expression, timezone, created_at, updated_at)
     VALUES (1, 'a', 'true', '0 4 13 * 1', 'UTC', 1, 1)`,
  );
  await migrateToLatest(sequelize);
  const notices = await sequelize.query("SELECT key FROM settings WHERE key = 'notice.dayRule'", {
    type: QueryTypes.SELECT,
  });
  expect(notices).toEqual([]);
});
