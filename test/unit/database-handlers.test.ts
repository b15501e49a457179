// database.get and database.set on a real core over a temporary data folder (embedded SQLite): what is in
// use, the saved setting with its password kept out of every answer, the file written and removed, and
// a flag or environment variable reported as overriding the file.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createCore, type Core } from '../../src/main/core/core';
import { DATABASE_SETTING_FILE, describeDatabase } from '../../src/main/core/database-setting';
import { channels } from '../../src/shared/contract';

const SECRET_URL = 'postgres://ops:s3cret-pw@db.example:6543/cron_team';

describe('database.get / database.set', () => {
  let dataDir: string;
  let core: Core;
  const savedEnv = process.env.CRONKEEPER_DATABASE_URL;
  beforeEach(async () => {
    delete process.env.CRONKEEPER_DATABASE_URL;
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ck-dbset-'));
    core = await createCore({ dataDir, schedule: false });
  });
  afterEach(async () => {
    await core.stop(0);
    fs.rmSync(dataDir, { recursive: true, force: true });
    if (savedEnv === undefined) delete process.env.CRONKEEPER_DATABASE_URL;
    else process.env.CRONKEEPER_DATABASE_URL = savedEnv;
  });

  it('reports the embedded SQLite file by default', async () => {
    expect(await core.handlers['database.get']({})).toEqual({
      engine: 'sqlite',
      location: path.join(dataDir, 'cronkeeper.db'),
      url: null,
      source: 'default',
      fileUrl: null,
      fileOverridden: false,
    });
  });

  it('saves the URL to database.json for the next start, never answering with the password, and clears it', async () => {
    const info = await core.handlers['database.set']({ url: SECRET_URL });
    // Still SQLite now: the setting takes effect at the next start.
    expect(info).toMatchObject({ engine: 'sqlite', source: 'default', fileOverridden: false });
    expect(info.fileUrl).toBe('postgres://ops@db.example:6543/cron_team');
    expect(JSON.stringify(info)).not.toContain('s3cret');
    const file = path.join(dataDir, DATABASE_SETTING_FILE);
    expect(JSON.parse(fs.readFileSync(file, 'utf8'))).toEqual({ url: SECRET_URL });

    const cleared = await core.handlers['database.set']({ url: null });
    expect(cleared.fileUrl).toBeNull();
    expect(fs.existsSync(file)).toBe(false);
    // Clearing twice is fine.
    expect((await core.handlers['database.set']({ url: null })).fileUrl).toBeNull();
  });

  it('describes a PostgreSQL database in use, and which source chose it', () => {
    fs.writeFileSync(path.join(dataDir, DATABASE_SETTING_FILE), JSON.stringify({ url: SECRET_URL }));
    const fromFile = describeDatabase(dataDir, SECRET_URL, false, [], {});
    expect(fromFile).toEqual({
      engine: 'postgres',
      location: 'db.example:6543/cron_team',
      url: 'postgres://ops@db.example:6543/cron_team',
      source: 'file',
      fileUrl: 'postgres://ops@db.example:6543/cron_team',
      fileOverridden: false,
    });
    const flagUrl = 'postgresql://other.example/team';
    const fromFlag = describeDatabase(dataDir, flagUrl, true, ['--database-url', flagUrl], {});
    expect(fromFlag).toMatchObject({
      source: 'flag',
      location: 'other.example:5432/team',
      fileOverridden: true,
    });
    const fromEnv = describeDatabase(dataDir, flagUrl, true, [], { CRONKEEPER_DATABASE_URL: flagUrl });
    expect(fromEnv).toMatchObject({ source: 'env', fileOverridden: true });
  });

  it('accepts only postgres:// or postgresql:// URLs, with a clear message', () => {
    const schema = channels['database.set'].input;
    expect(schema.safeParse({ url: ' postgresql://u@h/db ' }).success).toBe(true);
    expect(schema.safeParse({ url: null }).success).toBe(true);
    for (const url of ['mysql://u@h/db', 'h:5432/db', '', 'postgres://', 'postgres:// space']) {
      const result = schema.safeParse({ url });
      expect(result.success, url).toBe(false);
      if (!result.success) expect(result.error.issues[0].message).toMatch(/postgres:\/\/ or postgresql:\/\//);
    }
  });
});
