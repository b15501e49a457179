// The CLI loads what a command needs only when it runs: `--version` answers without the argument parser's
// schemas (zod) or the database stack, `--help` without the database stack, and `task list` and `history`
// on an up-to-date SQLite folder with the sqlite3 driver alone (the quick read path). Each run reports, through a
// preload, the packages the process had loaded when it exited.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { cli, ensureBuilt, tempDir } from './cli-harness';

let dir: string;
let probe: string;

beforeAll(() => {
  ensureBuilt();
  dir = tempDir();
  probe = path.join(dir, 'probe.cjs');
  fs.writeFileSync(
    probe,
    `process.on('exit', () => {
      const packages = new Set();
      for (const file of Object.keys(require.cache)) {
        const m = /node_modules[\\\\/]((?:@[^\\\\/]+[\\\\/])?[^\\\\/]+)/.exec(file);
        // node_modules/.cache holds the tests' private copy of the build, not a package.
        if (m && !m[1].startsWith('.')) packages.add(m[1].replace(/\\\\/g, '/'));
      }
      require('node:fs').writeFileSync(process.env.CK_PROBE_OUT, JSON.stringify([...packages]));
    });`,
  );
});

afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

let runs = 0;
/** Runs the CLI with the probe; returns its stdout and the packages it loaded. */
async function loaded(
  dataDir: string | null,
  args: string[],
): Promise<{ stdout: string; packages: string[] }> {
  const out = path.join(dir, `probe-${++runs}.json`);
  const res = await cli(dataDir, args, { env: { NODE_OPTIONS: `--require ${probe}`, CK_PROBE_OUT: out } });
  expect(res.stderr).toBe('');
  expect(res.code).toBe(0);
  return { stdout: res.stdout, packages: JSON.parse(fs.readFileSync(out, 'utf8')) as string[] };
}

it('--version loads no package at all', async () => {
  const { stdout, packages } = await loaded(null, ['--version']);
  expect(stdout.trim()).toMatch(/^\d+\.\d+\.\d+/);
  expect(packages).toEqual([]);
});

it('--help loads neither Sequelize nor the database driver', async () => {
  const { stdout, packages } = await loaded(null, ['--help']);
  expect(stdout).toContain('task list');
  expect(packages).not.toContain('sequelize');
  expect(packages).not.toContain('sqlite3');
});

it('task list and history on an up-to-date SQLite folder take the quick read path', async () => {
  const dataDir = path.join(dir, 'data');
  await cli(dataDir, [
    'task',
    'add',
    '--name',
    'one',
    '--cron',
    '0 * * * *',
    '--command',
    'true',
    '--tag',
    'Nightly',
  ]);
  await cli(dataDir, ['task', 'run', '1', '--wait']);
  for (const args of [
    ['task', 'list'],
    ['task', 'list', '--search', 'ONE'],
    ['task', 'list', '--tag', 'nightly'],
    ['history'],
    ['history', '--task', '1', '--status', 'success'],
  ]) {
    const { stdout, packages } = await loaded(dataDir, args);
    expect(stdout).toMatch(/^ID {2}.*\n1 {3}/);
    // The raw driver only (quick-read.ts): not Sequelize, Umzug, pg nor the contract's schemas (zod).
    expect(packages.sort()).toEqual(['bindings', 'file-uri-to-path', 'sqlite3']);
  }
  // What the quick path does not answer goes the normal way, Sequelize and all.
  const missing = await cli(dataDir, ['history', '--task', '2']);
  expect(missing.stderr).toBe('cronkeeper: Task 2 does not exist\n');
  expect(missing.code).toBe(2);
}, 60_000);
