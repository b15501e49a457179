// Bad input: every kind exits 2 with ONE line on stderr ("cronkeeper: ..."), prints nothing on stdout and
// changes nothing (the task list and the history are the same before and after).
import fs from 'node:fs';
import path from 'node:path';
import { beforeAll, expect, it, vi } from 'vitest';
import { cli, ensureBuilt, tempDir } from './cli-harness';

vi.setConfig({ testTimeout: 120_000 });

let dir: string;
let workDir: string;
let before: { tasks: string; history: string };

async function snapshot(): Promise<{ tasks: string; history: string }> {
  const [tasks, history] = await Promise.all([
    cli(dir, ['task', 'list', '--json']),
    cli(dir, ['history', '--json']),
  ]);
  expect(tasks.code).toBe(0);
  expect(history.code).toBe(0);
  return { tasks: tasks.stdout, history: history.stdout };
}

beforeAll(async () => {
  ensureBuilt();
  dir = tempDir();
  workDir = tempDir();
  const add = await cli(dir, [
    'task',
    'add',
    '--name',
    'existing',
    '--cron',
    '0 * * * *',
    '--command',
    'true',
  ]);
  expect(add.code).toBe(0);
  before = await snapshot();
}, 180_000);

const add = (...extra: string[]) => [
  'task',
  'add',
  '--name',
  'new',
  '--cron',
  '*/5 * * * *',
  '--command',
  'true',
  ...extra,
];

/** [args, what the one stderr line must match] */
function cases(): [string[], RegExp][] {
  const badJson = path.join(workDir, 'bad.json');
  fs.writeFileSync(badJson, '{"format": "cronkeeper-tasks", ');
  const notExport = path.join(workDir, 'other.json');
  fs.writeFileSync(notExport, JSON.stringify({ hello: 'world' }));
  const invalidTask = path.join(workDir, 'invalid.json');
  fs.writeFileSync(
    invalidTask,
    JSON.stringify({
      format: 'cronkeeper-tasks',
      version: 1,
      tasks: [
        { name: 'valid one', cronExpression: '0 * * * *', command: 'true' },
        { name: 'invalid one', cronExpression: '0 25 * * *', command: 'true' },
      ],
    }),
  );
  const nameTaken = path.join(workDir, 'taken.json');
  fs.writeFileSync(
    nameTaken,
    JSON.stringify({
      format: 'cronkeeper-tasks',
      version: 1,
      tasks: [
        { name: 'fresh', cronExpression: '0 * * * *', command: 'true' },
        { name: 'existing', cronExpression: '0 * * * *', command: 'true' },
      ],
    }),
  );
  const exportOf = (tasks: unknown[]) => JSON.stringify({ format: 'cronkeeper-tasks', version: 1, tasks });
  const nulName = path.join(workDir, 'nul.json');
  fs.writeFileSync(nulName, exportOf([{ name: 'a\u0000b', cronExpression: '0 * * * *', command: 'true' }]));
  const nulEnv = path.join(workDir, 'nul-env.json');
  fs.writeFileSync(
    nulEnv,
    exportOf([{ name: 'n', cronExpression: '0 * * * *', command: 'true', env: { A: 'x\u0000' } }]),
  );
  const hugeName = path.join(workDir, 'huge-name.json');
  fs.writeFileSync(
    hugeName,
    exportOf([{ name: 'N'.repeat(1_000_000), cronExpression: '0 * * * *', command: 'x' }]),
  );
  // Valid JSON, but byte 37 is 0xff: not UTF-8.
  const latin1 = path.join(workDir, 'latin1.json');
  const json = Buffer.from(exportOf([{ name: 'caf\u00e9', cronExpression: '0 * * * *', command: 'true' }]));
  const at = json.indexOf('caf') + 3;
  fs.writeFileSync(latin1, Buffer.concat([json.subarray(0, at), Buffer.from([0xe9]), json.subarray(at + 2)]));
  const latin1Crontab = path.join(workDir, 'crontab-latin1');
  fs.writeFileSync(
    latin1Crontab,
    Buffer.concat([Buffer.from('0 1 * * * echo caf'), Buffer.from([0xe9, 0x0a])]),
  );
  return [
    [['import', nulName], /Task 1 "a\\u0000b": name: must not contain control characters/],
    [
      ['import', nulEnv],
      /Task 1 "n": env\.A: must not contain control characters other than tab and newline$/,
    ],
    [['import', hugeName], /Task 1 "N{100}…": name: Name is at most 200 characters$/],
    [['import', latin1], new RegExp(`latin1\\.json is not valid UTF-8: byte 0xe9 at byte offset ${at} `)],
    [
      ['import', '--crontab', latin1Crontab],
      /crontab-latin1 is not valid UTF-8: byte 0xe9 at byte offset 18 /,
    ],
    [
      ['task', 'add', '--name', 'a\u001b[31mb', '--cron', '* * * * *', '--command', 'true'],
      /^--name: must not contain control characters/,
    ],
    [add('--env', 'A=x\u0001'), /^--env: .*must not contain control characters/],
    [add('--cwd', '/tmp\u0007'), /^--cwd: must not contain control characters/],
    [
      ['task', 'add', '--name', 'x', '--cron', '* '.repeat(10_000), '--command', 'true'],
      /^--cron: .*at most 200/,
    ],
    [['task', 'list', '--search', 'a\u001bb'], /search: must not contain control characters/],
    [['frobnicate'], /unknown command 'frobnicate'/],
    [['task'], /task needs a subcommand: add, list/],
    [['task', 'bogus'], /unknown command 'task bogus'/],
    [['task', 'add', '--name', 'x', '--cron', '* * * * *'], /missing required option --command/],
    [['task', 'add', '--name'], /--name needs a value/],
    [['task', 'add', '--name', '--cron', '* * * * *', '--command', 'true'], /--name needs a value/],
    [add('--bogus'), /unknown option '--bogus'/],
    [add('--timeout', 'abc'), /--timeout expects a whole number, got 'abc'/],
    [add('--tz', 'UTC', '--tz', 'UTC'), /--tz was given more than once/],
    [['task', 'add', '--name', 'x', '--cron', '61 * * * *', '--command', 'true'], /^--cron: .*61/],
    [add('--tz', 'Mars/Olympus_Mons'), /^--tz: .*Mars\/Olympus_Mons/],
    [add('--overlap', 'sometimes'), /^--overlap: /],
    [add('--retries', '11'), /^--retries: .*10/],
    [add('--env', 'NOEQUALS'), /--env expects KEY=VALUE, got 'NOEQUALS'/],
    [add('--env', '1BAD=x'), /^--env: 1BAD: /],
    [add('--cwd', path.join(workDir, 'missing-folder')), /^--cwd: .*does not exist/],
    [['task', 'add', '--name', 'existing', '--cron', '* * * * *', '--command', 'true'], /existing/],
    [
      ['task', 'add', '--name', '   ', '--cron', '* * * * *', '--command', 'true'],
      /^--name: Name is required/,
    ],
    [['task', 'show'], /task show needs ID/],
    [['task', 'show', 'abc'], /task id must be a positive whole number, got 'abc'/],
    [['task', 'show', '1.5'], /task id must be a positive whole number/],
    [['task', 'show', '1', '2'], /unexpected argument '2'/],
    [['task', 'show', '999'], /Task 999 does not exist/],
    [['task', 'edit', '1'], /task edit needs at least one option/],
    [['task', 'edit', '1', '--enabled', '--disabled'], /conflict/],
    [['task', 'edit', '999', '--name', 'x'], /Task 999 does not exist/],
    [['task', 'rm', '999'], /Task 999 does not exist/],
    [['task', 'resume', '999'], /Task 999 does not exist/],
    [['task', 'run', '999', '--wait'], /Task 999 does not exist/],
    [['history', '--status', 'weird'], /--status: unknown value 'weird'/],
    [['history', '--limit', '0'], /^--limit: /],
    [['history', '--task', 'x'], /--task must be a positive whole number/],
    [['history', '--task', '999'], /Task 999 does not exist/],
    [['cancel'], /cancel needs ID/],
    [['cancel', 'x'], /execution id must be a positive whole number, got 'x'/],
    [['cancel', '999'], /Execution 999 does not exist/],
    [['pause'], /pause needs ID/],
    [['pause', '0'], /execution id must be a positive whole number, got '0'/],
    [['pause', '999'], /Execution 999 does not exist/],
    [['resume', 'x'], /execution id must be a positive whole number, got 'x'/],
    [['resume', '999'], /Execution 999 does not exist/],
    [['import'], /import needs FILE/],
    [['import', path.join(workDir, 'nope.json')], /cannot read .*nope\.json: no such file/],
    [['import', badJson], /bad\.json is not valid JSON/],
    [['import', notExport], /not a Cronkeeper task export/],
    [['import', invalidTask], /invalid one.*(Hour|25)/],
    [['import', nameTaken], /existing/],
    [['export', path.join(workDir, 'no-such-folder', 'out.json')], /cannot write/],
    [['serve', '--ui-port', '70000'], /--ui-port must be between 0 and 65535/],
    [['--data-dir'], /--data-dir needs a value/],
  ];
}

it('refuses each kind of bad input with exit 2 and one stderr line, and changes nothing', async () => {
  const all = cases();
  const results: { args: string[]; expected: RegExp; code: number | null; stdout: string; stderr: string }[] =
    [];
  // A few at a time: each call is a whole process start, and the machine is shared.
  for (let i = 0; i < all.length; i += 3) {
    const batch = all.slice(i, i + 3);
    const done = await Promise.all(batch.map(([args]) => cli(dir, args)));
    done.forEach((result, j) => results.push({ args: batch[j][0], expected: batch[j][1], ...result }));
  }
  const problems: string[] = [];
  for (const { args, expected, code, stdout, stderr } of results) {
    const lines = stderr.split('\n').filter((line) => line !== '');
    const ok =
      code === 2 &&
      stdout === '' &&
      lines.length === 1 &&
      lines[0].startsWith('cronkeeper: ') &&
      expected.test(lines[0].slice('cronkeeper: '.length));
    if (!ok)
      problems.push(
        `${args.join(' ')} -> exit ${code}, stdout ${JSON.stringify(stdout)}, stderr ${JSON.stringify(stderr)}`,
      );
  }
  expect(problems).toEqual([]);
  expect(await snapshot()).toEqual(before);
  // Nothing was exported either.
  expect(fs.existsSync(path.join(workDir, 'no-such-folder'))).toBe(false);
});

it('does not create a data dir for input it refuses before opening the database', async () => {
  const fresh = path.join(tempDir(), 'not-yet');
  const results = await Promise.all([
    cli(fresh, ['task', 'add', '--name', 'x']),
    cli(fresh, ['task', 'show', 'abc']),
    cli(fresh, ['nonsense']),
  ]);
  expect(results.map((result) => result.code)).toEqual([2, 2, 2]);
  expect(fs.existsSync(fresh)).toBe(false);
});
