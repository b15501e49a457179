// The engine seam's pure parts: SQLite fragments are the statements' original text, PostgreSQL's are
// its equivalents; `?` placeholders are numbered outside quotes only; the database setting file.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect, it } from 'vitest';
import { databaseUrlFromArgs, readDatabaseSetting } from '../../src/main/core/database-setting';
import { isPostgresUrl, postgresDialect, redactUrl, sqliteDialect } from '../../src/main/core/db/dialect';
import { numberPlaceholders } from '../../src/main/core/store/sql';

it('keeps the SQLite fragments exactly as the services wrote them', () => {
  expect(sqliteDialect.insertIgnore).toEqual({ head: 'INSERT OR IGNORE', tail: '' });
  expect(sqliteDialect.greatest('0', 'x')).toBe('MAX(0, x)');
  expect(sqliteDialect.countIf("e.status = 'success'")).toBe("SUM(e.status = 'success')");
  expect(sqliteDialect.noIndex('e.status')).toBe('+e.status');
  expect(sqliteDialect.localDay('e.start_time', 'UTC')).toBe(
    "date(e.start_time / 1000, 'unixepoch', 'localtime')",
  );
  expect(sqliteDialect.typed('bigint')).toBe('?');
});

it('gives PostgreSQL its equivalents', () => {
  expect(postgresDialect.insertIgnore).toEqual({ head: 'INSERT', tail: 'ON CONFLICT DO NOTHING' });
  expect(postgresDialect.greatest('0', 'x')).toBe('GREATEST(0, x)');
  expect(postgresDialect.countIf('a = 1')).toBe('COUNT(*) FILTER (WHERE a = 1)');
  expect(postgresDialect.noIndex('e.status')).toBe('e.status');
  expect(postgresDialect.localDay('t', "Bad'Zone")).toContain("AT TIME ZONE 'Bad''Zone'");
  expect(postgresDialect.typed('text')).toBe('CAST(? AS TEXT)');
});

it('numbers placeholders, leaving quoted text and identifiers alone', () => {
  expect(numberPlaceholders(`SELECT '?', "a?" FROM t WHERE a = ? AND b IN (?, ?) AND c = 'it''s ?'`)).toBe(
    `SELECT '?', "a?" FROM t WHERE a = $1 AND b IN ($2, $3) AND c = 'it''s ?'`,
  );
});

it('recognises PostgreSQL URLs and hides their passwords', () => {
  expect(isPostgresUrl('postgres://u:p@h/db')).toBe(true);
  expect(isPostgresUrl('postgresql://h/db')).toBe(true);
  expect(isPostgresUrl('mysql://h/db')).toBe(false);
  expect(isPostgresUrl(undefined)).toBe(false);
  expect(redactUrl('postgres://u:secret@h:5432/db')).toBe('postgres://u:***@h:5432/db');
});

it('reads the database setting from the flag, the variable, then the data folder', () => {
  expect(databaseUrlFromArgs(['--database-url', 'postgres://a/b'], {})).toBe('postgres://a/b');
  expect(databaseUrlFromArgs(['--database-url=postgres://c/d'], {})).toBe('postgres://c/d');
  expect(databaseUrlFromArgs([], { CRONKEEPER_DATABASE_URL: 'postgres://e/f' })).toBe('postgres://e/f');
  expect(databaseUrlFromArgs([], {})).toBeUndefined();

  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ck-'));
  expect(readDatabaseSetting(dir)).toBeUndefined();
  fs.writeFileSync(path.join(dir, 'database.json'), JSON.stringify({ url: 'postgres://g/h' }));
  expect(readDatabaseSetting(dir)).toBe('postgres://g/h');
  fs.writeFileSync(path.join(dir, 'database.json'), JSON.stringify({ url: 'sqlite://x' }));
  expect(() => readDatabaseSetting(dir)).toThrow(/must be a postgres/);
  fs.rmSync(dir, { recursive: true, force: true });
});
