// The quick read path of `task list` and `history` (src/main/cli/quick-read.ts) prints byte for byte what
// the normal command line prints, on one database holding tasks in every state, runs of every kind
// (failures, a paused run, progress, a result that is not JSON), tags, and names in several scripts; and it steps
// aside (null: the normal path answers) for everything it cannot answer the same way.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { quickRead } from '../../src/main/cli/quick-read';
import { main } from '../../src/main/cli/run';
import { parseInput } from '../../src/main/core/boundary/dispatcher';
import { createCore, type Core } from '../../src/main/core/core';
import { PROGRESS_RESULT_KEYS } from '../../src/main/core/result-json';
import { insert } from '../../src/main/core/store/sql';

const env: NodeJS.ProcessEnv = { PATH: process.env.PATH, HOME: os.homedir() };
let dir: string;
let dataDir: string;

async function normal(argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await main(argv, { out: (t) => (out += `${t}\n`), err: (t) => (err += `${t}\n`) }, env);
  return { code, out, err };
}

async function quick(argv: string[]): Promise<{ code: number; out: string; err: string } | null> {
  const answer = await quickRead(argv, env);
  if (!answer) return null;
  const text = (stream: string) =>
    answer.lines
      .filter((line) => line.stream === stream)
      .map((line) => `${line.text}\n`)
      .join('');
  return { code: answer.code, out: text('out'), err: text('err') };
}

async function run(core: Core, taskId: number, fields: Record<string, unknown>): Promise<void> {
  const row = { trigger: 'schedule', created_at: fields.start_time ?? 0, ...fields };
  const names = Object.keys(row);
  await insert(
    core.db,
    `INSERT INTO task_executions (task_id, ${names.map((n) => `"${n}"`).join(', ')}) VALUES (?, ${names.map(() => '?').join(', ')})`,
    [taskId, ...Object.values(row)],
  );
}

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ck-quick-'));
  dataDir = path.join(dir, 'data');
  const core = await createCore({ dataDir, schedule: false });
  try {
    const create = (name: string, extra: Record<string, unknown> = {}) =>
      core.handlers['tasks.create'](
        parseInput('tasks.create', {
          name,
          cronExpression: '0 * * * *',
          command: 'echo "héllo"',
          timezone: 'Europe/Paris',
          ...extra,
        }),
      );
    const backup = await create('Sauvegarde nocturne — 日本語 ✓', {
      description: 'ünïcode',
      tags: ['Backup', 'nightly', 'Ünïcode 財務'],
    });
    const report = await create('report', { paused: true, timezone: '', env: { A: '1' } });
    const off = await create('zz disabled task with a name much longer than the thirty column limit', {
      enabled: false,
    });
    await create('Émoji 🚀 task', { command: 'printf "a\tb"' });
    const disk = await create('disk 100%_full alert', { tags: ['ops'] });
    const t0 = Date.UTC(2026, 10, 28, 10, 0, 0);
    await run(core, backup.id, {
      status: 'success',
      start_time: t0,
      end_time: t0 + 1200,
      duration_seconds: 1.2,
      exit_code: 0,
      result_json: JSON.stringify({ success: true, message: 'copied 12 files', progress_percent: 100 }),
    });
    await run(core, backup.id, {
      status: 'failed',
      trigger: 'retry',
      retry_count: 1,
      start_time: t0 + 60_000,
      duration_seconds: 3725,
      exit_code: 3,
      error_message: 'Exited with code 3\nline two: ümlaut',
      result_json: 'not json {',
    });
    await run(core, report.id, {
      status: 'timed_out',
      trigger: 'manual',
      start_time: t0 + 120_000,
      duration_seconds: 61,
      error_message: 'Timed out after 60s',
    });
    await run(core, report.id, {
      status: 'running',
      start_time: t0 + 180_000,
      paused_at: t0 + 190_000,
      pid: 4242,
      result_json: JSON.stringify({ progress_percent: 42.5, message: { nested: true } }),
    });
    await run(core, off.id, { status: 'interrupted', start_time: t0 + 240_000, error_message: null });
    // A running job that reported every progress field, stored as the one progress mapping spells them.
    const K = PROGRESS_RESULT_KEYS;
    await run(core, disk.id, {
      status: 'running',
      start_time: t0 + 270_000,
      pid: 4343,
      result_json: JSON.stringify({
        [K.progressPercent]: 7,
        [K.message]: 'cleaning /var/tmp',
        [K.currentStep]: 2,
        [K.totalSteps]: 5,
        [K.currentItem]: 'file-0042 ✓',
      }),
    });
    await run(core, off.id, { status: 'skipped', start_time: t0 + 300_000, scheduled_at: t0 + 300_000 });
  } finally {
    await core.stop(0);
  }
}, 60_000);

afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('the quick path answers as the normal path does', () => {
  const cases: string[][] = [
    ['task', 'list'],
    ['task', 'list', '--json'],
    ['--json', 'task', 'list'],
    ['task', '--json', 'list'],
    ['task', 'list', '--search', 'REPORT'],
    ['task', 'list', '--search', '日本語', '--json'],
    ['task', 'list', '--search', 'héllo'],
    ['task', 'list', '--search', '100%_'],
    ['task', 'list', '--tag', 'backup'],
    ['task', 'list', '--tag', 'ÜNÏCODE 財務', '--json'],
    ['task', 'list', '--tag', 'none'],
    ['history', '--task', '5', '--json'],
    ['history'],
    ['history', '--json'],
    ['history', '--limit', '2'],
    ['history', '--limit=1', '--json'],
    ['history', '--task', '1'],
    ['history', '--task', '2', '--json'],
    ['history', '--status', 'failed,timed_out,failed'],
    ['history', '--trigger', 'manual,retry', '--status', 'timed_out'],
    ['history', '--status', 'success', '--task', '3'],
  ];
  for (const args of cases) {
    it(args.join(' '), async () => {
      const argv = ['--data-dir', dataDir, ...args];
      const expected = await normal(argv);
      expect(expected.code).toBe(0);
      const got = await quick(argv);
      expect(got).not.toBeNull();
      expect(got).toEqual(expected);
    });
  }

  it('the compared output covers what it claims to', async () => {
    const { out } = await normal(['--data-dir', dataDir, 'history', '--json']);
    const items = JSON.parse(out) as { status: string; pausedAt?: number; result: unknown }[];
    expect([...new Set(items.map((e) => e.status))].sort()).toEqual(
      ['failed', 'interrupted', 'running', 'skipped', 'success', 'timed_out'].sort(),
    );
    expect(items.some((e) => e.pausedAt !== undefined)).toBe(true);
    const progress = (items as unknown as { progress: Record<string, unknown> }[]).map((e) => e.progress);
    expect(progress).toContainEqual({
      progressPercent: 7,
      message: 'cleaning /var/tmp',
      currentStep: 2,
      totalSteps: 5,
      currentItem: 'file-0042 ✓',
    });
    const list = (await normal(['--data-dir', dataDir, 'task', 'list'])).out;
    expect(list).toContain('日本語');
    expect(list).toContain('Backup, nightly');
    const tagged = await normal(['--data-dir', dataDir, 'task', 'list', '--tag', 'BACKUP', '--json']);
    expect((JSON.parse(tagged.out) as { tags: string[] }[]).map((t) => t.tags)).toEqual([
      ['Backup', 'nightly', 'Ünïcode 財務'],
    ]);
    const escaped = await normal(['--data-dir', dataDir, 'task', 'list', '--search', '100%_', '--json']);
    expect((JSON.parse(escaped.out) as { name: string }[]).map((t) => t.name)).toEqual([
      'disk 100%_full alert',
    ]);
  });
});

it('reads what a running app has written and not yet checkpointed (WAL), as the normal path does', async () => {
  const live = path.join(dir, 'live');
  fs.cpSync(dataDir, live, { recursive: true });
  const core = await createCore({ dataDir: live, schedule: false });
  try {
    await core.handlers['tasks.create'](
      parseInput('tasks.create', {
        name: 'written while open',
        cronExpression: '*/5 * * * *',
        command: 'true',
      }),
    );
    expect(fs.statSync(path.join(live, 'cronkeeper.db-wal')).size).toBeGreaterThan(0);
    const argv = ['--data-dir', live, 'task', 'list'];
    const got = await quick(argv);
    expect(got?.out).toContain('written while open');
    expect(got).toEqual(await normal(argv));
  } finally {
    await core.stop(0);
  }
});

describe('the quick path steps aside', () => {
  const declines: [string, string[]][] = [
    ['for a search with a control character', ['task', 'list', '--search', 'a\tb']],
    ['for a search over the length limit', ['task', 'list', '--search', 'x'.repeat(201)]],
    ['for a tag the schema would trim', ['task', 'list', '--tag', ' backup']],
    ['for an empty tag', ['task', 'list', '--tag', '']],
    ['for a tag over the length limit', ['task', 'list', '--tag', 't'.repeat(41)]],
    ['for a missing task (the NOT_FOUND error)', ['history', '--task', '99']],
    ['for a limit out of range', ['history', '--limit', '0']],
    ['for a limit above the maximum', ['history', '--limit', '1001']],
    ['for an unknown status', ['history', '--status', 'bogus']],
    ['for an unknown option', ['task', 'list', '--bogus']],
    ['for a stray argument', ['history', 'extra']],
    ['for --help', ['history', '--help']],
    ['for another command', ['task', 'show', '1']],
    ['for team mode', ['task', 'list', '--database-url', 'postgres://u:p@127.0.0.1:1/x']],
  ];
  for (const [what, args] of declines) {
    it(what, async () => {
      expect(await quick(['--data-dir', dataDir, ...args])).toBeNull();
    });
  }

  /** A copy of the database to alter. */
  function copy(name: string): string {
    const target = path.join(dir, name);
    fs.cpSync(dataDir, target, { recursive: true });
    return target;
  }

  async function alter(target: string, sql: string): Promise<void> {
    const { default: sqlite3 } = await import('sqlite3');
    await new Promise<void>((resolve, reject) => {
      const db = new sqlite3.Database(path.join(target, 'cronkeeper.db'), (err) => {
        if (err) return reject(err);
        db.exec(sql, (e) => db.close(() => (e ? reject(e) : resolve())));
      });
    });
  }

  it('for a data folder without a database, and creates nothing', async () => {
    const missing = path.join(dir, 'missing');
    expect(await quick(['--data-dir', missing, 'task', 'list'])).toBeNull();
    expect(fs.existsSync(missing)).toBe(false);
  });

  it('for a database.json naming a team database', async () => {
    const target = copy('team');
    fs.writeFileSync(
      path.join(target, 'database.json'),
      JSON.stringify({ url: 'postgres://x@127.0.0.1:1/y' }),
    );
    expect(await quick(['--data-dir', target, 'task', 'list'])).toBeNull();
  });

  it('for a schema missing a migration, or with one this build does not know', async () => {
    const older = copy('older');
    await alter(older, "DELETE FROM sequelize_meta WHERE name = '0010-triggers'");
    expect(await quick(['--data-dir', older, 'task', 'list'])).toBeNull();
    const newer = copy('newer');
    await alter(newer, "INSERT INTO sequelize_meta (name) VALUES ('9999-future')");
    expect(await quick(['--data-dir', newer, 'history'])).toBeNull();
  });

  it('for a database not in WAL mode', async () => {
    const target = copy('rollback-journal');
    await alter(target, 'PRAGMA journal_mode = DELETE');
    expect(await quick(['--data-dir', target, 'task', 'list'])).toBeNull();
  });
});
