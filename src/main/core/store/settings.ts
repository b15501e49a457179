// Every statement against the settings table: one row per key, the value as JSON text. The reads and the
// all-or-nothing patch go through the Setting model; the service decides what the values mean.
import type { Database } from '../db/database';

export interface SettingRow {
  key: string;
  value_json: string;
}

/** Every stored setting row, as stored (unknown keys and bad JSON included: the caller skips them). */
export async function settingRows(db: Database): Promise<SettingRow[]> {
  const rows = await db.models.Setting.findAll({ attributes: ['key', 'value_json'], raw: true });
  return rows as unknown as SettingRow[];
}

/** One setting's stored JSON text, or null when the row is missing. */
export async function settingJson(db: Database, key: string): Promise<string | null> {
  const row = await db.models.Setting.findByPk(key, { raw: true });
  return row ? (row as unknown as SettingRow).value_json : null;
}

/** Writes every [key, JSON text] pair in ONE statement (insert or replace): all or nothing. */
export async function writeSettings(db: Database, entries: [string, string][]): Promise<void> {
  if (entries.length === 0) return;
  await db.models.Setting.bulkCreate(
    entries.map(([key, value_json]) => ({ key, value_json })),
    { updateOnDuplicate: ['value_json'] },
  );
}
