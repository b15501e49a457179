// The trigger and condition flags of `task add` / `task edit` (issue #16) in the built CLI, as real child
// processes: bad input exits 2 with one clear line and creates nothing; --help lists every flag.
// (That the flags are stored and printed by `task show` is in trigger-roundtrip.test.ts.)
import { beforeAll, expect, it, vi } from 'vitest';
import type { TaskListItem } from '../../src/shared/types';
import { cli, cliJson, ensureBuilt, tempDir } from './cli-harness';

beforeAll(() => ensureBuilt(), 180_000);
vi.setConfig({ testTimeout: 90_000 });

const base = ['task', 'add', '--name', 'B', '--command', 'true'];

it('refuses bad trigger input with exit 2 and a clear message, creating nothing', async () => {
  const dir = tempDir();
  const cases: [string[], RegExp][] = [
    [[...base], /missing required option --cron \(or --no-schedule/],
    [[...base, '--cron', '0 * * * *', '--no-schedule'], /--cron and --no-schedule conflict/],
    [
      [...base, '--cron', '0 * * * *', '--after', 'Nope:success'],
      /--after: no task named or numbered 'Nope'/,
    ],
    [
      [...base, '--cron', '0 * * * *', '--webhook', 'file:///etc/passwd'],
      /--webhook: .*http:\/\/ or https:\/\//,
    ],
    [[...base, '--cron', '0 * * * *', '--webhook-secret', 'x'], /--webhook-secret needs --webhook URL/],
    [[...base, '--cron', '0 * * * *', '--watch-quiet', '500'], /--watch-quiet needs --watch DIR/],
    [[...base, '--cron', '0 * * * *', '--on-startup=tomorrow'], /--on-startup expects a delay/],
    [[...base, '--cron', '0 * * * *', '--only-on-ac=yes'], /--only-on-ac takes no value/],
  ];
  for (const [argv, message] of cases) {
    const result = await cli(dir, argv);
    expect(result.code, argv.join(' ')).toBe(2);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    expect(result.stderr).toMatch(message);
  }
  expect(await cliJson<TaskListItem[]>(dir, ['task', 'list', '--json'])).toEqual([]);
});

it('`task add --help` and `task edit --help` list every trigger flag', async () => {
  const dir = tempDir();
  const add = await cli(dir, ['task', 'add', '--help']);
  expect(add.code).toBe(0);
  for (const flag of [
    /--after TASK\[:success\|failure\|always\]\.\.\./,
    /--no-schedule /,
    /--on-startup\[=DELAY\]/,
    /--watch DIR /,
    /--watch-glob GLOB/,
    /--watch-quiet MS/,
    /--only-on-ac /,
    /--stop-on-battery /,
    /--keep-awake /,
    /--webhook URL\|default\|off/,
    /--webhook-on failure\|success\|always/,
    /--webhook-secret S/,
    /--cron EXPR .*\(required unless --no-schedule\)/,
  ])
    expect(add.stdout).toMatch(flag);
  expect(add.stdout).not.toContain('--clear-triggers');
  const edit = await cli(dir, ['task', 'edit', '--help']);
  expect(edit.stdout).toMatch(/--clear-triggers +Remove every trigger and condition first/);
});
