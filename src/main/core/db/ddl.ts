// Helpers the migrations share: one list of statements, written in SQLite's words, serves both engines.
import type { Sequelize, Transaction } from 'sequelize';

export interface MigrationParams {
  context: Sequelize;
  /** PostgreSQL runs every migration in one transaction (a pool has no "current connection"). */
  transaction?: Transaction;
}

/** Whether a migration runs on PostgreSQL (the same migrations serve both engines). */
export const isPostgres = (sequelize: Sequelize) => sequelize.getDialect() === 'postgres';

/**
 * The DDL types of our SQLite statements in PostgreSQL's words: ids become BIGSERIAL, every INTEGER a BIGINT
 * (times are epoch milliseconds), REAL a DOUBLE PRECISION. SQLite statements pass through unchanged.
 */
export function ddl(sequelize: Sequelize, sql: string): string {
  if (!isPostgres(sequelize)) return sql;
  return sql
    .replace(/INTEGER PRIMARY KEY AUTOINCREMENT/g, 'BIGSERIAL PRIMARY KEY')
    .replace(/\bINTEGER\b/g, 'BIGINT')
    .replace(/\bREAL\b/g, 'DOUBLE PRECISION');
}

/** Runs a migration's statements in order (inside the PostgreSQL transaction when there is one). */
export async function runStatements(params: MigrationParams, statements: string[]): Promise<void> {
  const { context: sequelize, transaction } = params;
  for (const sql of statements) await sequelize.query(ddl(sequelize, sql), { transaction });
}
