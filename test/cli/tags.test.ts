// `--tag` in the CLI (issue 18): task add sets tags, task edit adds (--tag), removes (--untag, ignoring
// case) and clears (--clear-tags), task list --tag filters on one exact tag ignoring case, task show and the
// list print them; a bad tag exits 2 naming --tag. Real child processes against a temporary data dir.
import { beforeAll, expect, it, vi } from 'vitest';
import type { Task, TaskListItem } from '../../src/shared/types';
import { cli, cliJson, ensureBuilt, tempDir } from './cli-harness';

beforeAll(() => ensureBuilt(), 180_000);
vi.setConfig({ testTimeout: 90_000 });

const add = (dir: string, name: string, tags: string[]) =>
  cli(dir, [
    'task',
    'add',
    '--name',
    name,
    '--cron',
    '0 2 * * *',
    '--command',
    'true',
    ...tags.flatMap((t) => ['--tag', t]),
  ]);

it('adds, edits, filters and shows tags', async () => {
  const dir = tempDir();
  expect((await add(dir, 'db backup', ['Backup', 'nightly'])).code).toBe(0);
  expect((await add(dir, 'photos', ['backups'])).code).toBe(0);
  expect((await add(dir, 'report', [])).code).toBe(0);

  const backup = await cliJson<TaskListItem[]>(dir, ['task', 'list', '--tag', 'BACKUP', '--json']);
  expect(backup.map((t) => [t.name, t.tags])).toEqual([['db backup', ['Backup', 'nightly']]]);
  const text = await cli(dir, ['task', 'list', '--tag', 'backups']);
  expect(text.code).toBe(0);
  expect(text.stdout.split('\n')[0]).toMatch(/\sTAGS$/);
  expect(text.stdout).toMatch(/photos .* backups\n$/);
  expect(text.stdout).not.toContain('db backup');

  const id = backup[0].id;
  const edited = await cli(dir, [
    'task',
    'edit',
    String(id),
    '--tag',
    'backup',
    '--tag',
    'ops',
    '--untag',
    'NIGHTLY',
  ]);
  expect(edited.code, edited.stderr).toBe(0);
  expect((await cliJson<Task>(dir, ['task', 'show', String(id), '--json'])).tags).toEqual(['Backup', 'ops']);
  expect((await cli(dir, ['task', 'show', String(id)])).stdout).toMatch(/^Tags\s+Backup, ops$/m);
  expect(await cliJson<TaskListItem[]>(dir, ['task', 'list', '--tag', 'nightly', '--json'])).toEqual([]);

  expect((await cli(dir, ['task', 'edit', String(id), '--clear-tags'])).code).toBe(0);
  expect((await cliJson<Task>(dir, ['task', 'show', String(id), '--json'])).tags).toEqual([]);
});

it('refuses a bad tag naming --tag, and changes nothing', async () => {
  const dir = tempDir();
  const long = await add(dir, 'x', ['a'.repeat(41)]);
  expect(long.code).toBe(2);
  expect(long.stderr).toContain('--tag');
  expect(long.stderr).toContain('at most 40 characters');
  const twice = await add(dir, 'x', ['Prod', 'prod']);
  expect(twice.code).toBe(2);
  expect(twice.stderr).toContain('appears twice');
  const filter = await cli(dir, ['task', 'list', '--tag', 'a'.repeat(41)]);
  expect(filter.code).toBe(2);
  expect(filter.stderr).toContain('--tag');
  expect(await cliJson<TaskListItem[]>(dir, ['task', 'list', '--json'])).toEqual([]);
});
