// STUB (owned by the data-services work): settings stored as key/value JSON rows, with defaults.
import type { Settings } from '../../../shared/types';
import type { Database } from '../db/database';

export class SettingsService {
  constructor(readonly db: Database) {}
  async get(): Promise<Settings> {
    throw new Error('not implemented');
  }
  async update(_patch: Partial<Settings>): Promise<Settings> {
    throw new Error('not implemented');
  }
}
