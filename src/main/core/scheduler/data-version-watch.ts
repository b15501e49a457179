// Notices commits made by other processes (the CLI, a second core): SQLite's `PRAGMA data_version` changes
// on a connection only when ANOTHER connection commits, so it must be read on the same connection our own
// writes use (Sequelize's default, non-transaction connection); then our own writes never trigger it.
// On PostgreSQL (team mode) a digest query stands in for it (store/team-signals.ts).
import type { Database } from '../db/database';
import { readDataVersion } from '../store/team-signals';

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

  private read(): Promise<number | string> {
    return readDataVersion(this.db);
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
