// export -> import round-trips every task field into a fresh data dir; import and crontab import are all
// or nothing; unsupported crontab lines are reported with their line numbers.
import fs from 'node:fs';
import path from 'node:path';
import { beforeAll, expect, it, vi } from 'vitest';
import type { Task } from '../../src/shared/types';
import { cli, cliJson, ensureBuilt, tempDir } from './cli-harness';

vi.setConfig({ testTimeout: 90_000 });
beforeAll(() => ensureBuilt(), 180_000);

/** The fields a task is made of, without what the database assigns. */
function fields(task: Task & { latest?: unknown }): Record<string, unknown> {
  const { id: _id, createdAt: _c, updatedAt: _u, nextRunAt: _n, latest: _l, ...rest } = task;
  return rest;
}

it('export then import into a fresh data dir round-trips every task field', async () => {
  const source = tempDir();
  const work = tempDir();
  const every = [
    'task',
    'add',
    '--name',
    'every field',
    '--cron',
    '15 4 * * 1-5',
    '--command',
    'printf "%s" "$GREETING"',
    '--cwd',
    work,
    '--tz',
    'America/New_York',
    '--timeout',
    '90',
    '--retries',
    '4',
    '--retry-delay',
    '7',
    '--overlap',
    'replace',
    '--misfire',
    'skip',
    '--misfire-grace',
    '120',
    '--env',
    'GREETING=hi there',
    '--env',
    'EMPTY=',
    '--disabled',
    '--paused',
    '--description',
    'line one\nline two',
    '--notify',
    'change',
  ];
  const [a, b] = await Promise.all([
    cli(source, every),
    cli(source, ['task', 'add', '--name', 'defaults', '--cron', '*/2 * * * * *', '--command', 'true']),
  ]);
  expect([a.code, b.code, a.stderr, b.stderr]).toEqual([0, 0, '', '']);
  const original = await cliJson<Task[]>(source, ['task', 'list']);
  expect(original).toHaveLength(2);

  const file = path.join(work, 'tasks.json');
  const [exported, toStdout] = await Promise.all([cli(source, ['export', file]), cli(source, ['export'])]);
  expect(exported).toMatchObject({ code: 0, stdout: `Exported 2 tasks to ${file}\n`, stderr: '' });
  const onDisk = JSON.parse(fs.readFileSync(file, 'utf8')) as { tasks: unknown[] };
  expect(JSON.parse(toStdout.stdout).tasks).toEqual(onDisk.tasks);

  const target = tempDir();
  const imported = await cli(target, ['import', file]);
  expect(imported).toMatchObject({ code: 0, stderr: '' });
  expect(imported.stdout).toMatch(/^Imported 2 tasks: /);
  const copy = await cliJson<Task[]>(target, ['task', 'list']);
  const byName = (tasks: Task[]) => Object.fromEntries(tasks.map((t) => [t.name, fields(t)]));
  expect(byName(copy)).toEqual(byName(original));
  expect(byName(copy)['every field']).toMatchObject({
    paused: true,
    enabled: false,
    env: { GREETING: 'hi there', EMPTY: '' },
  });

  // Importing the same file again: every name is taken, so nothing is written.
  const again = await cli(target, ['import', file]);
  expect(again.code).toBe(2);
  expect(again.stderr.trim().split('\n')).toHaveLength(1);
  expect(await cliJson<Task[]>(target, ['task', 'list'])).toEqual(copy);
});

it('imports a crontab: schedule lines become tasks, comments descriptions, @reboot a start-up task, MAILTO is reported', async () => {
  const dir = tempDir();
  const crontab = path.join(dir, 'crontab.txt');
  fs.writeFileSync(
    crontab,
    [
      'MAILTO=ops@example.com',
      '',
      '# Nightly backup of the home folder',
      '30 2 * * * /usr/local/bin/backup.sh --full',
      '@reboot /usr/bin/start-agent',
      '*/15 * * * * cd /srv && ./sync.sh',
      '@daily echo daily',
      '',
    ].join('\n'),
  );
  const result = await cli(dir, ['import', '--crontab', crontab]);
  expect(result.code).toBe(0);
  expect(result.stdout).toBe('Imported 4 tasks: backup.sh, start-agent, sync.sh, echo\n');
  const notes = result.stderr.trim().split('\n');
  expect(notes).toHaveLength(1);
  expect(notes[0]).toMatch(
    /^cronkeeper: .*crontab\.txt line 1: "MAILTO=ops@example.com": mail is not supported/,
  );

  const tasks = await cliJson<Task[]>(dir, ['task', 'list']);
  const summary = tasks.map((t) => [t.name, t.cronExpression, t.command, t.description]);
  expect(summary).toEqual([
    ['backup.sh', '30 2 * * *', '/usr/local/bin/backup.sh --full', 'Nightly backup of the home folder'],
    ['echo', '0 0 * * *', 'echo daily', ''],
    ['start-agent', '', '/usr/bin/start-agent', ''],
    ['sync.sh', '*/15 * * * *', 'cd /srv && ./sync.sh', ''],
  ]);
  expect(tasks.find((t) => t.name === 'start-agent')?.triggers?.onStartup).toBe(true);
});

it('imports nothing from a crontab with an invalid line, and says which line', async () => {
  const dir = tempDir();
  const crontab = path.join(dir, 'crontab.txt');
  fs.writeFileSync(
    crontab,
    ['0 * * * * echo fine', '@reboot echo boot', '0 25 * * * echo never', ''].join('\n'),
  );
  const result = await cli(dir, ['import', '--crontab', crontab, '--json']);
  expect(result.code).toBe(2);
  expect(result.stdout).toBe('');
  expect(result.stderr).toMatch(
    /^cronkeeper: .*crontab\.txt line 3: "0 25 \* \* \* echo never": Hour.*nothing imported\n$/,
  );
  expect(await cliJson(dir, ['task', 'list'])).toEqual([]);

  // A crontab whose entries clash with an existing task is refused as a whole, too.
  await cli(dir, ['task', 'add', '--name', 'echo', '--cron', '0 * * * *', '--command', 'true']);
  fs.writeFileSync(crontab, ['0 * * * * /bin/date', '0 1 * * * echo hi', ''].join('\n'));
  const clash = await cli(dir, ['import', '--crontab', crontab]);
  expect(clash.code).toBe(2);
  expect(clash.stderr.trim().split('\n')).toHaveLength(1);
  expect((await cliJson<Task[]>(dir, ['task', 'list'])).map((t) => t.name)).toEqual(['echo']);
});

it('imports a system crontab (--system): user column, variables and a % job, which really runs with its input', async () => {
  const dir = tempDir();
  const crontab = path.join(dir, 'system-crontab');
  fs.writeFileSync(
    crontab,
    [
      'MAILTO=root',
      'CRON_TZ=Asia/Tokyo',
      'GREETING=hello',
      '# say hello, then what comes on stdin',
      '*/5 * * * * nobody printf \'\\%s\\n\' "$GREETING" && cat%line one%line two',
      '',
    ].join('\n'),
  );
  const result = await cli(dir, ['import', '--crontab', crontab, '--system']);
  expect(result.code).toBe(0);
  expect(result.stdout).toBe('Imported 1 task: printf\n');
  expect(result.stderr).toMatch(/line 1: "MAILTO=root": mail is not supported/);
  expect(result.stderr).toMatch(
    /line 5: .*Cron user: nobody\. Cronkeeper runs this task as \S+, not as nobody\./,
  );
  const [task] = await cliJson<Task[]>(dir, ['task', 'list']);
  expect(task).toMatchObject({
    cronExpression: '*/5 * * * *',
    command: "printf 'line one\\nline two\\n' | /bin/sh -c 'printf '\\''%s\\n'\\'' \"$GREETING\" && cat'",
    timezone: 'Asia/Tokyo',
    env: { GREETING: 'hello' },
  });
  expect(task.description).toMatch(/^say hello, then what comes on stdin\nCron user: nobody\./);

  const run = await cli(dir, ['task', 'run', String(task.id), '--wait', '--json']);
  expect(run.code).toBe(0);
  const execution = JSON.parse(run.stdout) as { logPath: string };
  expect(fs.readFileSync(execution.logPath, 'utf8')).toContain('hello\nline one\nline two\n');

  expect((await cli(dir, ['import', '--system'])).stderr).toMatch(/--system goes with --crontab FILE/);
});
