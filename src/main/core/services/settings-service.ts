// Settings stored as key/value JSON rows (one row per setting), merged over defaults. A row with an
// unknown key or a value that no longer validates is ignored, so an old or hand-edited database still opens.
import { settingsSchema } from '../../../shared/contract';
import type { Settings } from '../../../shared/types';
import type { Database } from '../db/database';
import { CronkeeperError } from '../errors';
import { isValidTimezone, systemTimezone } from '../timing/schedule-math';
import { defaultSettings } from '../settings-defaults';
import { settingRows, writeSettings } from '../store/settings';

export { defaultSettings };

type SettingKey = keyof Settings;
const SETTING_KEYS = Object.keys(settingsSchema.shape) as SettingKey[];

export class SettingsService {
  constructor(readonly db: Database) {}

  async get(): Promise<Settings> {
    const rows = await settingRows(this.db);
    const settings = defaultSettings() as unknown as Record<string, unknown>;
    for (const row of rows) {
      if (!(SETTING_KEYS as string[]).includes(row.key)) continue;
      let value: unknown;
      try {
        value = JSON.parse(row.value_json);
      } catch {
        continue;
      }
      const parsed = settingsSchema.shape[row.key as SettingKey].safeParse(value);
      if (parsed.success) settings[row.key] = parsed.data;
    }
    const result = settings as unknown as Settings;
    if (!isValidTimezone(result.defaultTimezone)) result.defaultTimezone = systemTimezone();
    return result;
  }

  /**
   * The patch has passed the contract's schema (the dispatcher did it); the zone is checked here, before
   * anything is written, so bad input writes nothing.
   */
  async update(patch: Partial<Settings>): Promise<Settings> {
    const values: Record<string, unknown> = { ...patch };
    if (values.defaultTimezone !== undefined) {
      const zone = String(values.defaultTimezone).trim();
      if (zone && !isValidTimezone(zone)) {
        throw new CronkeeperError('VALIDATION', `Unknown time zone "${zone}"`, 'defaultTimezone');
      }
      values.defaultTimezone = zone || systemTimezone();
    }
    const entries = Object.entries(values).filter(([, v]) => v !== undefined);
    // One statement for the whole patch: all or nothing without a transaction.
    await writeSettings(
      this.db,
      entries.map(([key, value]) => [key, JSON.stringify(value)]),
    );
    return this.get();
  }
}
