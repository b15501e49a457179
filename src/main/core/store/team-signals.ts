// The small statements that tell a scheduler about its database and the other processes on it: the server's
// clock (team mode keeps its time), the change digest the data-version watch polls, the health probe and
// the pool reset after an outage (scheduler/db-health.ts decides when), and the team's notifications
// (PostgreSQL NOTIFY). None of them changes a user's data.
import { loadPg } from '../db/connection';
import type { Database } from '../db/database';
import { select } from './sql';

/** The database server's clock, in epoch ms (PostgreSQL: clock_timestamp(), the time of this statement). */
export async function serverTimeMs(db: Database): Promise<number> {
  const [row] = await select<{ t: number | string }>(
    db,
    'SELECT EXTRACT(EPOCH FROM clock_timestamp()) * 1000 AS t',
  );
  return Number(row.t);
}

/**
 * A value that changes when ANOTHER process commits. SQLite: `PRAGMA data_version`, which changes on a
 * connection only when another connection commits; it is read on the connection our own writes use
 * (Sequelize's default, non-transaction connection), so our own writes never change it. PostgreSQL has no
 * data_version: a digest of what other schedulers and the CLI change (tasks, settings, queued runs) in one
 * cheap statement; our own next_run_at writes leave it alone (updated_at is unchanged).
 */
export async function readDataVersion(db: Database): Promise<number | string> {
  if (!db.dialect.teamMode) {
    const rows = await select<{ data_version: number }>(db, 'PRAGMA data_version');
    return Number(rows[0]?.data_version ?? 0);
  }
  const rows = await select<{ v: string }>(
    db,
    `SELECT (SELECT COUNT(*) || ':' || COALESCE(MAX(updated_at), 0) || ':' || COALESCE(SUM(id), 0)
               FROM scheduled_tasks)
        || '|' || (SELECT COALESCE(md5(string_agg(key || value_json, ',' ORDER BY key)), '') FROM settings)
        || '|' || (SELECT COUNT(*) || ':' || COALESCE(MAX(id), 0) FROM task_executions WHERE status = 'queued')
        AS v`,
  );
  return rows[0]?.v ?? '';
}

/** One cheap read that fails while the database cannot be reached (the team-mode health probe). */
export async function probeRead(db: Database): Promise<void> {
  await select(db, 'SELECT 1');
}

/**
 * PostgreSQL: after the server went away, the pool's idle connections are dead (each would fail once more);
 * they are dropped before a recovery so that its statements connect afresh.
 */
export async function dropIdleConnections(db: Database): Promise<void> {
  const manager = (
    db.sequelize as unknown as { connectionManager?: { pool?: { destroyAllNow?: () => Promise<void> } } }
  ).connectionManager;
  await manager?.pool?.destroyAllNow?.().catch(() => undefined);
}

/** Sends each of `messages` as one PostgreSQL notification on `channel`, in one statement. */
export async function notifyAll(db: Database, channel: string, messages: string[]): Promise<void> {
  await select(db, `SELECT pg_notify(:channel, m) FROM unnest(ARRAY[:messages]::text[]) AS m`, {
    channel,
    messages,
  });
}

/**
 * Tasks edited since `since` (a team member's catch-up after its listening connection came back). A read of
 * scheduled_tasks kept here, beside the other catch-up, since only team events ask it.
 */
export async function changedTaskIdsSince(db: Database, since: number, limit: number): Promise<number[]> {
  const rows = await select<{ id: number }>(
    db,
    'SELECT id FROM scheduled_tasks WHERE updated_at >= ? ORDER BY id LIMIT ?',
    [since, limit],
  );
  return rows.map((r) => Number(r.id));
}

/** A dedicated connection listening for notifications (outside the pool: it stays open). */
export interface Listener {
  close(): Promise<void>;
}

/**
 * Opens a connection to `url` that LISTENs on `channel`. `message` gets each notification's payload; `lost`
 * is told once the connection fails or the server closes it (the caller reconnects).
 */
export async function listenOn(
  url: string,
  channel: string,
  handlers: { message(payload: string): void; lost(listener: Listener, why: string): void },
): Promise<Listener> {
  const { Client } = await loadPg();
  const client = new Client({ connectionString: url });
  const listener: Listener = { close: () => client.end().catch(() => {}) };
  client.on('error', (err) => handlers.lost(listener, String(err)));
  client.on('end', () => handlers.lost(listener, 'closed by the server'));
  client.on('notification', (n) => {
    if (n.channel === channel && n.payload) handlers.message(n.payload);
  });
  try {
    await client.connect();
    await client.query(`LISTEN ${channel}`);
  } catch (err) {
    client.removeAllListeners('end');
    await client.end().catch(() => {});
    throw err;
  }
  return listener;
}
