// Reading a user crontab for `cronkeeper import --crontab FILE`.
import { describe, expect, it } from 'vitest';
import { parseCrontab } from '../../src/main/core/schedule/crontab';

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
    expect(result.entries).toEqual([
      {
        name: 'backup.sh',
        cronExpression: '30 2 * * *',
        command: '/usr/local/bin/backup.sh --full',
        description: 'Nightly backup\nkeeps 7 days',
      },
      {
        name: 'curl',
        cronExpression: '*/5 * * * *',
        command: 'curl -fsS https://example.com/ping > /dev/null',
        description: '',
      },
      {
        name: 'backup.sh 2',
        cronExpression: '0 0 * * *',
        command: '/usr/local/bin/backup.sh --incremental',
        description: '',
      },
      {
        name: 'date',
        cronExpression: '0 4 * * 1-5',
        command: 'date +%Y-%m-%d >> /tmp/dates',
        description: '',
      },
      { name: 'make', cronExpression: '0 7 1 jan *', command: 'cd /srv && make report', description: '' },
    ]);
  });

  it('reports unsupported lines with their line numbers and a reason', () => {
    expect(result.unsupported.map((u) => [u.line, u.text])).toEqual([
      [1, 'SHELL=/bin/bash'],
      [2, 'MAILTO=ops@example.com'],
      [3, 'PATH=/usr/local/bin:/usr/bin'],
      [10, '@reboot /usr/bin/start-agent'],
      [14, '0 5 * * * echo hello%world'],
      [15, '61 * * * * broken-minute'],
      [16, 'this is not a crontab line'],
      [17, '0 6 * * *'],
    ]);
    const reason = (line: number) => result.unsupported.find((u) => u.line === line)?.reason;
    expect(reason(1)).toMatch(/SHELL is not imported/);
    expect(reason(2)).toMatch(/mail settings are not imported/);
    expect(reason(3)).toMatch(/--env/);
    expect(reason(10)).toMatch(/@reboot/);
    expect(reason(14)).toMatch(/unescaped %/);
    expect(reason(15)).toBe('Minute field: 61 is out of range 0-59');
    expect(reason(16)).toMatch(/not a schedule line/);
    expect(reason(17)).toMatch(/not a schedule line/);
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
    expect(parseCrontab('')).toEqual({ entries: [], unsupported: [] });
  });

  it('reads a 6-field-looking line as 5 fields and a command, as cron itself does', () => {
    // "0 0 1 * * * cmd" is read as 5 fields and the command "* cmd": that is what cron itself would do.
    const r = parseCrontab('0 0 1 * * * cmd');
    expect(r.entries[0]).toMatchObject({ cronExpression: '0 0 1 * *', command: '* cmd' });
  });
});
