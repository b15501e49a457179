// Trigger flags stored with the task and printed back (issue #16): needs the core's save path for
// TaskInput.triggers. A chain by name, start-up with a delay, a watched folder, power conditions and a
// webhook; `task edit` changes one of them and keeps the rest; --no-schedule makes a chain-only task.
import { beforeAll, expect, it, vi } from 'vitest';
import type { Task } from '../../src/shared/types';
import { cli, cliJson, ensureBuilt, tempDir } from './cli-harness';

beforeAll(() => ensureBuilt(), 180_000);
vi.setConfig({ testTimeout: 90_000 });

it('stores the trigger flags and `task show` prints them', async () => {
  const dir = tempDir();
  const a = await cliJson<Task>(dir, [
    'task',
    'add',
    '--name',
    'Import',
    '--cron',
    '0 1 * * *',
    '--command',
    'true',
    '--json',
  ]);
  const added = await cli(dir, [
    'task',
    'add',
    '--name',
    'Report',
    '--command',
    'true',
    '--no-schedule',
    '--after',
    'Import:failure',
    '--on-startup=30',
    '--watch',
    dir,
    '--watch-glob',
    '*.csv',
    '--only-on-ac',
    '--keep-awake',
    '--webhook',
    'https://hooks.example.com/x',
    '--webhook-on',
    'always',
  ]);
  expect(added.code, added.stderr).toBe(0);
  const tasks = await cliJson<Task[]>(dir, ['task', 'list', '--json']);
  const report = tasks.find((t) => t.name === 'Report')!;
  const shown = await cliJson<Task>(dir, ['task', 'show', String(report.id), '--json']);
  expect(shown.cronExpression).toBe('');
  expect(shown.triggers).toMatchObject({
    chains: [{ upstreamTaskId: a.id, condition: 'failure' }],
    onStartup: true,
    startupDelaySeconds: 30,
    watch: { folder: dir, glob: '*.csv', debounceMs: 2000 },
    onlyOnAc: true,
    keepAwake: true,
    webhookMode: 'custom',
    webhookUrl: 'https://hooks.example.com/x',
    webhookOn: 'always',
  });
  const text = (await cli(dir, ['task', 'show', String(report.id)])).stdout;
  expect(text).toMatch(new RegExp(`^After\\s+Import \\(#${a.id}\\) \\(on failure\\)$`, 'm'));
  expect(text).toMatch(/^On start-up\s+yes \(delay 30s\)$/m);
  expect(text).toMatch(/^Schedule\s+\(none: runs only on its triggers\)$/m);

  expect((await cli(dir, ['task', 'edit', String(report.id), '--webhook', 'off'])).code).toBe(0);
  const edited = await cliJson<Task>(dir, ['task', 'show', String(report.id), '--json']);
  expect(edited.triggers).toMatchObject({ webhookMode: 'off', keepAwake: true, onStartup: true });
  expect(edited.triggers?.chains).toHaveLength(1);
});
