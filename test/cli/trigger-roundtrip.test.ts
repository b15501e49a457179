// Trigger flags stored with the task and printed back (issue #16): needs the core's save path for
// TaskInput.triggers. A chain by name, start-up with a delay, a watched folder, power conditions and a
// webhook; `task edit` changes one of them and keeps the rest; --no-schedule makes a chain-only task.
import fs from 'node:fs';
import path from 'node:path';
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

it('export leaves a task webhook secret out unless --include-secrets; import says to set it again', async () => {
  const dir = tempDir();
  const added = await cli(dir, [
    'task',
    'add',
    '--name',
    'Signed',
    '--cron',
    '0 1 * * *',
    '--command',
    'true',
    '--webhook',
    'https://hooks.example.com/x',
    '--webhook-secret',
    'very-secret-value',
  ]);
  expect(added.code, added.stderr).toBe(0);
  const plain = await cli(dir, ['export']);
  expect(plain.code, plain.stderr).toBe(0);
  expect(plain.stdout).not.toContain('very-secret-value');
  expect(plain.stdout).toContain('https://hooks.example.com/x');
  const full = await cli(dir, ['export', '--include-secrets']);
  expect(full.stdout).toContain('very-secret-value');

  const file = path.join(tempDir(), 'tasks.json');
  fs.writeFileSync(file, plain.stdout);
  const target = tempDir();
  const imported = await cli(target, ['import', file]);
  expect(imported.code, imported.stderr).toBe(0);
  expect(imported.stderr).toContain(
    `the webhook secret of "Signed" was not in the file: set it again in the task's webhook settings`,
  );
  // In the CLI's language (LANG=zh_CN.UTF-8: Chinese).
  const zh = await cli(tempDir(), ['import', file], { env: { LANG: 'zh_CN.UTF-8' } });
  expect(zh.stderr).toContain('文件中没有 "Signed" 的 Webhook 密钥');
  const [task] = await cliJson<Task[]>(target, ['task', 'list', '--json']);
  const shown = await cliJson<Task>(target, ['task', 'show', String(task.id), '--json']);
  expect(shown.triggers).toMatchObject({
    webhookMode: 'custom',
    webhookUrl: 'https://hooks.example.com/x',
    webhookSecret: null,
  });
});
