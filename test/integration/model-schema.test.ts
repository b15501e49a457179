// The Sequelize models are the schema in code: every model's attributes, their types and nullability must
// be exactly the columns the migrations create, on SQLite (PRAGMA table_info) and on PostgreSQL
// (information_schema; runs when CRONKEEPER_TEST_DATABASE_URL is set). A column added by a migration but
// not to its model (as host_tag, paused_at and pause_request once were) fails here.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DataTypes, QueryTypes, type ModelStatic, type Model, type Sequelize } from 'sequelize';
import { afterEach, describe, expect, it } from 'vitest';
import { openCoreDatabase, type Database } from '../../src/main/core/db/database';
import { createPostgresDatabase, onPostgres } from './test-database';

interface Column {
  name: string;
  /** SQLite: the declared type; PostgreSQL: information_schema's data_type. */
  type: string;
  nullable: boolean;
}

/** How each model type is declared by the migrations (ddl.ts maps INTEGER to BIGINT on PostgreSQL). */
const STORED_AS: Record<string, { sqlite: string[]; postgres: string }> = {
  INTEGER: { sqlite: ['INTEGER'], postgres: 'bigint' },
  BIGINT: { sqlite: ['INTEGER', 'BIGINT'], postgres: 'bigint' },
  TEXT: { sqlite: ['TEXT'], postgres: 'text' },
  'DOUBLE PRECISION': { sqlite: ['REAL'], postgres: 'double precision' },
};

/** Tables the migrations create that no model describes (yet): the migrator's own and the team lease. */
const WITHOUT_MODEL = ['sequelize_meta', 'scheduler_leases'];

async function columnsOf(sequelize: Sequelize, table: string): Promise<Column[]> {
  if (sequelize.getDialect() === 'postgres') {
    const rows = await sequelize.query<{ column_name: string; data_type: string; is_nullable: string }>(
      `SELECT column_name, data_type, is_nullable FROM information_schema.columns
        WHERE table_schema = 'public' AND table_name = ?`,
      { replacements: [table], type: QueryTypes.SELECT },
    );
    return rows.map((r) => ({ name: r.column_name, type: r.data_type, nullable: r.is_nullable === 'YES' }));
  }
  const rows = await sequelize.query<{ name: string; type: string; notnull: number; pk: number }>(
    `PRAGMA table_info(${table})`,
    { type: QueryTypes.SELECT },
  );
  // A primary key cannot hold NULL for our purposes (SQLite's table_info reports notnull 0 for it).
  return rows.map((r) => ({ name: r.name, type: r.type.toUpperCase(), nullable: !r.notnull && !r.pk }));
}

async function tablesOf(sequelize: Sequelize): Promise<string[]> {
  const sql =
    sequelize.getDialect() === 'postgres'
      ? `SELECT table_name AS name FROM information_schema.tables WHERE table_schema = 'public'`
      : `SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'`;
  const rows = await sequelize.query<{ name: string }>(sql, { type: QueryTypes.SELECT });
  return rows.map((r) => r.name).sort();
}

/** Every difference between a model and its table, as readable lines (none: they match). */
async function drift(sequelize: Sequelize, model: ModelStatic<Model>): Promise<string[]> {
  const table = model.getTableName() as string;
  const columns = await columnsOf(sequelize, table);
  const engine = sequelize.getDialect() === 'postgres' ? 'postgres' : 'sqlite';
  const problems: string[] = [];
  if (columns.length === 0) return [`${table}: no such table`];
  const attributes = model.getAttributes();
  for (const column of columns) {
    const attribute = Object.values(attributes).find((a) => (a.field ?? '') === column.name);
    if (!attribute) {
      problems.push(`${table}.${column.name}: in the schema, missing from the model`);
      continue;
    }
    const key = (attribute.type as { key: string }).key;
    const stored = STORED_AS[key];
    const accepted = stored ? (engine === 'postgres' ? [stored.postgres] : stored.sqlite) : [];
    if (!accepted.includes(column.type)) {
      problems.push(`${table}.${column.name}: model type ${key}, column type ${column.type}`);
    }
    const modelNullable = attribute.allowNull !== false && !attribute.primaryKey;
    if (modelNullable !== column.nullable) {
      problems.push(
        `${table}.${column.name}: model ${modelNullable ? 'allows' : 'refuses'} NULL, column ${column.nullable ? 'allows' : 'refuses'} it`,
      );
    }
  }
  for (const attribute of Object.values(attributes)) {
    if (!columns.some((c) => c.name === attribute.field)) {
      problems.push(`${table}.${attribute.field}: in the model, missing from the schema`);
    }
  }
  return problems;
}

const opened: Database[] = [];
const dirs: string[] = [];
afterEach(async () => {
  for (const db of opened.splice(0)) await db.close();
  for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

async function open(url?: string): Promise<Database> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ck-'));
  dirs.push(dir);
  const db = await openCoreDatabase(dir, undefined, url);
  opened.push(db);
  return db;
}

const engines: [string, boolean, () => Promise<string | undefined>][] = [
  ['SQLite', false, async () => undefined],
  ['PostgreSQL', !onPostgres, () => createPostgresDatabase()],
];

describe.each(engines)('models against the migrated schema on %s', (_engine, skip, url) => {
  it.skipIf(skip)('every model matches its table: attributes, types and nullability', async () => {
    const db = await open(await url());
    const models = Object.values(db.models);
    expect(models.map((m) => m.getTableName())).toEqual([
      'scheduled_tasks',
      'task_executions',
      'settings',
      'task_triggers',
      'task_chains',
    ]);
    for (const model of models) expect(await drift(db.sequelize, model)).toEqual([]);
  });

  it.skipIf(skip)('every table but the listed ones has a model', async () => {
    const db = await open(await url());
    const modelled = Object.values(db.models).map((m) => m.getTableName() as string);
    const tables = await tablesOf(db.sequelize);
    expect(tables.filter((t) => !modelled.includes(t) && !WITHOUT_MODEL.includes(t))).toEqual([]);
  });

  it.skipIf(skip)('notices a model that lacks a column, has one too many, or a wrong type', async () => {
    const db = await open(await url());
    const { id, name, command, ...rest } = db.models.ScheduledTask.getAttributes();
    const { host_tag: _dropped, ...withoutHostTag } = rest;
    const lacking = db.sequelize.define(
      'Lacking',
      { id, name, command, ...withoutHostTag },
      { tableName: 'scheduled_tasks', timestamps: false },
    );
    expect(await drift(db.sequelize, lacking)).toContain(
      'scheduled_tasks.host_tag: in the schema, missing from the model',
    );
    const extra = db.sequelize.define(
      'Extra',
      { ...db.models.ScheduledTask.getAttributes(), colour: { type: DataTypes.TEXT } },
      { tableName: 'scheduled_tasks', timestamps: false },
    );
    expect(await drift(db.sequelize, extra)).toContain(
      'scheduled_tasks.colour: in the model, missing from the schema',
    );
    const wrong = db.sequelize.define(
      'Wrong',
      { id, name: { ...name, allowNull: true }, command: { ...command, type: DataTypes.DOUBLE } },
      { tableName: 'scheduled_tasks', timestamps: false },
    );
    const problems = await drift(db.sequelize, wrong);
    expect(problems).toContain('scheduled_tasks.name: model allows NULL, column refuses it');
    expect(problems.some((p) => p.startsWith('scheduled_tasks.command: model type DOUBLE PRECISION'))).toBe(
      true,
    );
  });
});
