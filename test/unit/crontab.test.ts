// Reading a user crontab for `cronkeeper import --crontab FILE`.
import { describe, expect, it } from 'vitest';
import { parseCrontab } from '../../src/main/core/timing/crontab';

const SAMPLE = [
  'SHELL=/bin/bash', // 1
  'MAILTO=ops@example.com', // 2
  'PATH=/usr/local/bin:/usr/bin', // 3
  '', // 4
  '# Nightly backup', // 5
  '# keeps 7 days', // 6
  '30 2 * * * /usr/local/bin/backup.sh --full', // 7
  '', // 8
  '*/5 * * * * curl -fsS https://example.com/ping > /dev/null', // 9
  '@reboot /usr/bin/start-agent', // 10
  '@daily /usr/local/bin/backup.sh --incremental', // 11
  '# 0 4 * * * old-job', // 12 (commented out: not a description)
  '0 4 * * 1-5 date +\\%Y-\\%m-\\%d >> /tmp/dates', // 13
  '0 5 * * * echo hello%world', // 14
  '61 * * * * broken-minute', // 15
  'this is not a crontab line', // 16
  '0 6 * * *', // 17 (no command)
  '\t0   7 1 jan * \tcd /srv && make report\t', // 18
].join('\n');

describe('parseCrontab', () => {
  const result = parseCrontab(SAMPLE);

  it('turns schedule lines into entries, with the comments just above as description', () => {
    // SHELL and PATH (lines 1 and 3) apply to every job below them, as in cron.
    const env = { PATH: '/usr/local/bin:/usr/bin' };
    expect(result.entries).toEqual([
      {
        name: 'backup.sh',
        cronExpression: '30 2 * * *',
        command: "/bin/bash -c '/usr/local/bin/backup.sh --full'",
        description: 'Nightly backup\nkeeps 7 days',
        env,
      },
      {
        name: 'curl',
        cronExpression: '*/5 * * * *',
        command: "/bin/bash -c 'curl -fsS https://example.com/ping > /dev/null'",
        description: '',
        env,
      },
      {
        name: 'start-agent',
        cronExpression: '',
        command: '/bin/bash -c /usr/bin/start-agent',
        description: '',
        env,
        onStartup: true,
      },
      {
        name: 'backup.sh 2',
        cronExpression: '0 0 * * *',
        command: "/bin/bash -c '/usr/local/bin/backup.sh --incremental'",
        description: '',
        env,
      },
      {
        name: 'date',
        cronExpression: '0 4 * * 1-5',
        command: "/bin/bash -c 'date +%Y-%m-%d >> /tmp/dates'",
        description: '',
        env,
      },
      {
        name: 'echo',
        cronExpression: '0 5 * * *',
        command: "printf 'world\\n' | /bin/bash -c 'echo hello'",
        description: '',
        env,
      },
      {
        name: 'make',
        cronExpression: '0 7 1 jan *',
        command: "/bin/bash -c 'cd /srv && make report'",
        description: '',
        env,
      },
    ]);
  });

  it('reports what it skips or refuses with line numbers and a reason, and notes MAILTO', () => {
    expect(result.unsupported.map((u) => [u.line, u.text, u.invalid])).toEqual([
      [15, '61 * * * * broken-minute', true],
      [16, 'this is not a crontab line', true],
      [17, '0 6 * * *', true],
    ]);
    const reason = (line: number) => result.unsupported.find((u) => u.line === line)?.reason;
    expect(reason(15)).toBe('Minute field: 61 is out of range 0-59');
    expect(reason(16)).toMatch(/not a schedule line/);
    expect(reason(17)).toBe('no command after the schedule');
    expect(result.notes).toEqual([
      {
        line: 2,
        text: 'MAILTO=ops@example.com',
        reason: 'mail is not supported: Cronkeeper records every run and its output instead of mailing it',
      },
    ]);
  });

  it('maps every @nickname to 5 fields', () => {
    const nick = parseCrontab(
      [
        '@hourly a',
        '@daily b',
        '@midnight c',
        '@weekly d',
        '@monthly e',
        '@yearly f',
        '@annually g',
        '@HOURLY h',
      ].join('\n'),
    );
    expect(nick.unsupported).toEqual([]);
    expect(nick.entries.map((e) => e.cronExpression)).toEqual([
      '0 * * * *',
      '0 0 * * *',
      '0 0 * * *',
      '0 0 * * 0',
      '0 0 1 * *',
      '0 0 1 1 *',
      '0 0 1 1 *',
      '0 * * * *',
    ]);
    const unknown = parseCrontab('@fortnightly x');
    expect(unknown.entries).toEqual([]);
    expect(unknown.unsupported[0].reason).toBe('unknown schedule nickname @fortnightly');
  });

  it('a blank line or another line between a comment and a job detaches the comment', () => {
    const r = parseCrontab('# orphan\n\n0 1 * * * a\n# env note\nFOO=1\n0 2 * * * b\n# mine\n0 3 * * * c');
    expect(r.entries.map((e) => e.description)).toEqual(['', '', 'mine']);
  });

  it('names are unique and derived from the command', () => {
    const r = parseCrontab(
      '0 1 * * * run.sh\n0 2 * * * run.sh\n0 3 * * * ./run.sh x\n0 4 * * * FOO=1 /opt/job.py',
    );
    expect(r.entries.map((e) => e.name)).toEqual(['run.sh', 'run.sh 2', 'run.sh 3', 'job.py']);
  });

  it('makes names unique ignoring case, as the import compares them', () => {
    const r = parseCrontab(
      '0 1 * * * /bin/Backup\n0 2 * * * /bin/backup\n0 3 * * * /bin/BACKUP\n0 4 * * * backup 2',
    );
    expect(r.entries.map((e) => e.name)).toEqual(['Backup', 'backup 2', 'BACKUP 3', 'backup 4']);
    const folded = r.entries.map((e) => e.name.toLowerCase());
    expect(new Set(folded).size).toBe(folded.length);
  });

  it('handles Windows line endings and an empty file', () => {
    expect(parseCrontab('# hi\r\n0 1 * * * a\r\n').entries).toEqual([
      { name: 'a', cronExpression: '0 1 * * *', command: 'a', description: 'hi' },
    ]);
    expect(parseCrontab('')).toEqual({ entries: [], unsupported: [], notes: [] });
  });

  it('refuses a command beginning with *, as cronie does (a 6-field typo)', () => {
    const r = parseCrontab('0 0 1 * * * cmd');
    expect(r.entries).toEqual([]);
    expect(r.unsupported[0]).toMatchObject({ line: 1, invalid: true });
    expect(r.unsupported[0].reason).toMatch(/cannot begin with \*/);
  });

  it('variable values: quotes removed, taken literally, an empty CRON_TZ back to the default zone', () => {
    const r = parseCrontab(
      [
        'GREETING = "hello there"',
        "QUOTED='a b'",
        'LITERAL=$HOME/bin',
        'CRON_TZ=Asia/Tokyo',
        '0 1 * * * a',
        'CRON_TZ=',
        'CRON_TZ=Mars/Olympus',
        '0 2 * * * b',
      ].join('\n'),
    );
    const env = { GREETING: 'hello there', QUOTED: 'a b', LITERAL: '$HOME/bin' };
    expect(r.entries).toEqual([
      { name: 'a', cronExpression: '0 1 * * *', command: 'a', description: '', timezone: 'Asia/Tokyo', env },
      { name: 'b', cronExpression: '0 2 * * *', command: 'b', description: '', env },
    ]);
    expect(r.notes).toEqual([
      {
        line: 7,
        text: 'CRON_TZ=Mars/Olympus',
        reason: 'unknown time zone "Mars/Olympus": the jobs below get the default time zone',
      },
    ]);
  });

  it('TZ sets the zone and is passed on to the job; SHELL on Windows is noted and not used', () => {
    const r = parseCrontab('TZ=Europe/Paris\nSHELL=/bin/bash\n0 1 * * * echo a%b', { platform: 'win32' });
    expect(r.entries[0]).toMatchObject({ timezone: 'Europe/Paris', env: { TZ: 'Europe/Paris' } });
    expect(r.entries[0].command).toMatch(/^powershell .* \| cmd \/d \/s \/c "echo a"$/);
    expect(r.notes.map((n) => n.reason)).toEqual([
      'SHELL is not used on Windows (commands run with cmd.exe)',
    ]);
  });

  it('a system crontab read as a user one: a note suggests --system', () => {
    const text = '17 * * * * root cd / && run-parts /etc/cron.hourly\n0 1 * * * root true';
    const r = parseCrontab(text, { currentUser: 'alice' });
    expect(r.notes).toEqual([
      {
        line: 1,
        text: '17 * * * * root cd / && run-parts /etc/cron.hourly',
        reason:
          'every command begins with "root": if this is a system crontab (with a user column), import it with --system',
      },
    ]);
    expect(parseCrontab(text, { system: true, currentUser: 'alice' }).notes.map((n) => n.line)).toEqual([
      1, 2,
    ]);
    expect(parseCrontab('0 1 * * * root-backup.sh').notes).toEqual([]);
  });
});
