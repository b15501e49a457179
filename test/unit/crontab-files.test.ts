// Real crontab files: a Debian /etc/crontab, a cron.d file and the crontab(5) manual's example, read as
// cron reads them (user column, variable lines, % as standard input), and every imported command really
// run through /bin/sh exactly as the executor runs a task, with its output checked. The programs the files
// call (run-parts, debian-sa1, mail, $HOME/bin/...) are stand-ins on PATH that print how they were called.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { shellInvocation } from '../../src/main/core/runner/executor';
import { parseCrontab, type CrontabEntry } from '../../src/main/core/timing/crontab';

const FIXTURES = path.join(__dirname, '..', 'fixtures', 'crontab');
const read = (name: string) => fs.readFileSync(path.join(FIXTURES, name), 'utf8');

let sandbox: string;
let stubs: string;

/** A stand-in program: prints its name and arguments, and its standard input when it reads any. */
function stub(dir: string, name: string, readsInput = false): void {
  const body = `#!/bin/sh\nprintf '%s' "${name}"\nfor a in "$@"; do printf ' [%s]' "$a"; done\necho\n${readsInput ? 'cat\n' : ''}`;
  fs.writeFileSync(path.join(dir, name), body, { mode: 0o755 });
}

beforeAll(() => {
  sandbox = fs.mkdtempSync(path.join(os.tmpdir(), 'ck-crontab-'));
  stubs = path.join(sandbox, 'stubs');
  fs.mkdirSync(stubs);
  for (const name of ['run-parts', 'debian-sa1']) stub(stubs, name);
  stub(stubs, 'mail', true);
  fs.mkdirSync(path.join(sandbox, 'home', 'bin'), { recursive: true });
  fs.mkdirSync(path.join(sandbox, 'home', 'tmp'));
  stub(path.join(sandbox, 'home', 'bin'), 'daily.job');
  stub(path.join(sandbox, 'home', 'bin'), 'monthly');
});
afterAll(() => fs.rmSync(sandbox, { recursive: true, force: true }));

/** Runs an imported task's command as the executor would: /bin/sh -c, the task's env over the process's. */
function run(entry: CrontabEntry): { stdout: string; stderr: string; status: number | null } {
  const { file, args } = shellInvocation(entry.command, 'linux');
  const env: NodeJS.ProcessEnv = { ...process.env, HOME: path.join(sandbox, 'home'), ...entry.env };
  env.PATH = `${stubs}:${env.PATH}`;
  const result = spawnSync(file, args, {
    env,
    cwd: sandbox,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  return { stdout: result.stdout, stderr: result.stderr, status: result.status };
}

describe.skipIf(process.platform === 'win32')('real crontab files', () => {
  it('a Debian /etc/crontab: the user column leaves the command for the description', () => {
    const { entries, unsupported, notes } = parseCrontab(read('debian-etc-crontab'), {
      system: true,
      currentUser: 'alice',
    });
    expect(unsupported).toEqual([]);
    expect(entries.map((e) => [e.name, e.cronExpression, e.command])).toEqual([
      ['run-parts', '17 * * * *', 'cd / && run-parts --report /etc/cron.hourly'],
      [
        'run-parts 2',
        '25 6 * * *',
        'test -x /usr/sbin/anacron || { cd / && run-parts --report /etc/cron.daily; }',
      ],
      [
        'run-parts 3',
        '47 6 * * 7',
        'test -x /usr/sbin/anacron || { cd / && run-parts --report /etc/cron.weekly; }',
      ],
      [
        'run-parts 4',
        '52 6 1 * *',
        'test -x /usr/sbin/anacron || { cd / && run-parts --report /etc/cron.monthly; }',
      ],
    ]);
    for (const entry of entries) {
      expect(entry.description).toBe('Cron user: root. Cronkeeper runs this task as alice, not as root.');
      expect(entry.env).toBeUndefined(); // SHELL=/bin/sh is the default shell; PATH is commented out
      expect(entry.timezone).toBeUndefined();
    }
    expect(notes.map((n) => n.line)).toEqual([19, 20, 21, 22]);
    // Run as root by the same user: no note.
    const same = parseCrontab(read('debian-etc-crontab'), { system: true, currentUser: 'root' });
    expect(same.notes).toEqual([]);
    expect(same.entries[0].description).toBe('Cron user: root.');

    const anacron = fs.existsSync('/usr/sbin/anacron');
    const outputs = entries.map((entry) => run(entry));
    expect(outputs[0]).toEqual({
      stdout: 'run-parts [--report] [/etc/cron.hourly]\n',
      stderr: '',
      status: 0,
    });
    for (const [i, period] of [
      [1, 'daily'],
      [2, 'weekly'],
      [3, 'monthly'],
    ] as const) {
      expect(outputs[i].stdout).toBe(anacron ? '' : `run-parts [--report] [/etc/cron.${period}]\n`);
      expect(outputs[i].status).toBe(0);
    }
  });

  it('a cron.d file: PATH and CRON_TZ apply below them, MAILTO is noted, SHELL and % keep their meaning', () => {
    const { entries, unsupported, notes } = parseCrontab(read('cron.d-sysstat'), {
      system: true,
      currentUser: 'root',
    });
    expect(unsupported).toEqual([]);
    const PATH = '/usr/lib/sysstat:/usr/sbin:/usr/sbin:/usr/bin:/sbin:/bin';
    expect(entries).toEqual([
      {
        name: 'command',
        cronExpression: '5-55/10 * * * *',
        command: 'command -v debian-sa1 > /dev/null && debian-sa1 1 1',
        description: 'Activity reports every 10 minutes everyday\nCron user: root.',
        timezone: 'Europe/Berlin',
        env: { PATH },
      },
      {
        name: 'command 2',
        cronExpression: '59 23 * * *',
        command: 'command -v debian-sa1 > /dev/null && debian-sa1 60 2',
        description: 'Additional run at 23:59 to rotate the statistics file\nCron user: root.',
        timezone: 'Europe/Berlin',
        env: { PATH },
      },
      {
        name: 'echo',
        cronExpression: '30 7 * * FRI-SUN',
        command: `printf 'Weekend report\\n100%% done\\n' | /bin/bash -c 'echo "week $(date +%V)" && cat'`,
        description: 'Cron user: sysstat. Cronkeeper runs this task as root, not as sysstat.',
        timezone: 'Europe/Berlin',
        env: { PATH },
      },
    ]);
    expect(notes.map((n) => [n.line, n.reason])).toEqual([
      [4, 'mail is not supported: Cronkeeper records every run and its output instead of mailing it'],
      [15, 'Cron user: sysstat. Cronkeeper runs this task as root, not as sysstat.'],
    ]);
    expect(run(entries[0])).toEqual({ stdout: 'debian-sa1 [1] [1]\n', stderr: '', status: 0 });
    expect(run(entries[1])).toEqual({ stdout: 'debian-sa1 [60] [2]\n', stderr: '', status: 0 });
    const week = spawnSync('date', ['+%V'], { encoding: 'utf8' }).stdout.trim();
    expect(run(entries[2])).toEqual({
      stdout: `week ${week}\nWeekend report\n100% done\n`,
      stderr: '',
      status: 0,
    });
  });

  it("the crontab(5) manual's example: the % job gets its standard input, none aborts the import", () => {
    const { entries, unsupported, notes } = parseCrontab(read('crontab5-example'));
    expect(unsupported).toEqual([]);
    expect(notes.map((n) => [n.line, n.reason])).toEqual([
      [4, 'mail is not supported: Cronkeeper records every run and its output instead of mailing it'],
    ]);
    expect(entries.map((e) => [e.name, e.cronExpression, e.timezone, e.env, e.description])).toEqual([
      ['daily.job', '5 0 * * *', 'Japan', undefined, 'run five minutes after midnight, every day'],
      [
        'monthly',
        '15 14 1 * *',
        'Japan',
        undefined,
        'run at 2:15pm on the first of every month -- output mailed to paul',
      ],
      ['mail', '0 22 * * 1-5', 'Japan', undefined, 'run at 10 pm on weekdays, annoy Joe'],
      ['echo', '23 0-23/2 * * *', 'Japan', undefined, ''],
      ['echo 2', '5 4 * * sun', 'Japan', undefined, ''],
    ]);
    expect(entries[2].command).toBe(
      `printf 'Joe,\\n\\nWhere are your kids?\\n' | /bin/sh -c 'mail -s "It'\\''s 10pm" joe'`,
    );

    const home = path.join(sandbox, 'home');
    expect(run(entries[0])).toEqual({ stdout: '', stderr: '', status: 0 });
    expect(fs.readFileSync(path.join(home, 'tmp', 'out'), 'utf8')).toBe('daily.job\n');
    expect(run(entries[1]).stdout).toBe('monthly\n');
    expect(run(entries[2])).toEqual({
      stdout: "mail [-s] [It's 10pm] [joe]\nJoe,\n\nWhere are your kids?\n",
      stderr: '',
      status: 0,
    });
    expect(run(entries[3]).stdout).toBe('run 23 minutes after midn, 2am, 4am ..., everyday\n');
    expect(run(entries[4]).stdout).toBe('run at 5 after 4 every sunday\n');
  });
});
