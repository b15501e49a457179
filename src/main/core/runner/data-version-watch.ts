// Notices commits made by other processes (the CLI, a second core): SQLite's `PRAGMA data_version` changes
// on a connection only when ANOTHER connection commits, so it must be read on the same connection our own
// writes use (Sequelize's default, non-transaction connection); then our own writes never trigger it.
// On PostgreSQL (team mode) a digest query stands in for it (readPostgres).
import { QueryTypes } from 'sequelize';
import type { Database } from '../db/database';

export const DATA_VERSION_POLL_MS = 500;

export class DataVersionWatch {
  private handle: NodeJS.Timeout | null = null;
  private last: number | string | null = null;
  private busy = false;

  constructor(
    private readonly db: Database,
    private readonly onChange: () => Promise<void> | void,
    private readonly onError: (err: unknown) => void = () => {},
  ) {}

  async start(): Promise<void> {
    this.last = await this.read();
    this.handle = setInterval(() => void this.poll(), DATA_VERSION_POLL_MS);
    this.handle.unref?.();
  }

  stop(): void {
    if (this.handle) clearInterval(this.handle);
    this.handle = null;
  }

  private async read(): Promise<number | string> {
    if (this.db.dialect.name === 'postgres') return this.readPostgres();
    const rows = (await this.db.sequelize.query('PRAGMA data_version', {
      type: QueryTypes.SELECT,
      raw: true,
    })) as { data_version: number }[];
    return Number(rows[0]?.data_version ?? 0);
  }

  /**
   * PostgreSQL has no data_version: a digest of what other schedulers and the CLI change (tasks, settings,
   * queued runs) in one cheap statement. Our own next_run_at writes leave it alone (updated_at is unchanged).
   */
  private async readPostgres(): Promise<string> {
    const rows = (await this.db.sequelize.query(
      `SELECT (SELECT COUNT(*) || ':' || COALESCE(MAX(updated_at), 0) || ':' || COALESCE(SUM(id), 0)
                 FROM scheduled_tasks)
          || '|' || (SELECT COALESCE(md5(string_agg(key || value_json, ',' ORDER BY key)), '') FROM settings)
          || '|' || (SELECT COUNT(*) || ':' || COALESCE(MAX(id), 0) FROM task_executions WHERE status = 'queued')
          AS v`,
      { type: QueryTypes.SELECT, raw: true },
    )) as { v: string }[];
    return rows[0]?.v ?? '';
  }

  private async poll(): Promise<void> {
    if (this.busy || !this.handle) return;
    this.busy = true;
    try {
      const version = await this.read();
      if (version !== this.last) {
        this.last = version;
        await this.onChange();
      }
    } catch (err) {
      this.onError(err);
    } finally {
      this.busy = false;
    }
  }
}
