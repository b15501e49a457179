// Raw statements on PostgreSQL: a pooled pg client straight from Sequelize's pool, with the services' `?`
// placeholders numbered ($1, $2, ...). The runner's hot statements use it as they use sqlite3 directly.
import type { PoolClient } from 'pg';
import type { Sequelize } from 'sequelize';

interface Manager {
  getConnection(opts: { type: 'read' | 'write' }): Promise<PoolClient>;
  releaseConnection(connection: PoolClient): Promise<void> | void;
}

/** `?` to `$n`, leaving quoted text and identifiers alone. */
export function numberPlaceholders(sql: string): string {
  let n = 0;
  return sql.replace(/'(?:[^']|'')*'|"(?:[^"]|"")*"|\?/g, (match) => (match === '?' ? `$${++n}` : match));
}

export async function pgQuery<T>(
  sequelize: Sequelize,
  sql: string,
  params: unknown[],
): Promise<{ rows: T[]; rowCount: number }> {
  const manager = sequelize.connectionManager as unknown as Manager;
  const client = await manager.getConnection({ type: 'write' });
  try {
    const result = await client.query(numberPlaceholders(sql), params as unknown[]);
    return { rows: result.rows as T[], rowCount: result.rowCount ?? 0 };
  } finally {
    await manager.releaseConnection(client);
  }
}
