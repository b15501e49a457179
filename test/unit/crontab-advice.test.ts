// What `cronkeeper import --crontab` says about a crontab (every reason and note of the parser, the
// command's help) names only options that `import` has: the advice for CRON_TZ once named a --tz that
// import does not take.
import { expect, it } from 'vitest';
import { GLOBAL_OPTIONS } from '../../src/main/cli/args';
import { importCommand } from '../../src/main/cli/commands/transfer';
import { parseCrontab } from '../../src/main/core/timing/crontab';

// Every branch that reports or notes something: zones (bad, good, cleared), SHELL, MAILTO, a user column,
// @reboot, an unknown nickname, garbled lines, a 6-field typo, commands that all begin with "root".
const CRONTAB = [
  'CRON_TZ=Mars/Olympus_Mons',
  'TZ=Nowhere/Atall',
  'CRON_TZ=Europe/Berlin',
  'SHELL=/bin/bash',
  'MAILTO=ops@example.com',
  'MAILFROM=cron@example.com',
  'PATH=/usr/bin',
  '0 3 * * * root /usr/local/bin/backup.sh',
  '0 4 * * * bob /usr/bin/true',
  '@reboot root /usr/bin/agent',
  '@fortnightly root /usr/bin/x',
  '0 0 1 * * * root cmd',
  '61 * * * * root x',
  'not a line at all',
  '0 5 * * *',
  'CRON_TZ=',
].join('\n');

function adviceTexts(): string[] {
  const texts: string[] = [];
  for (const platform of ['linux', 'darwin', 'win32'] as const) {
    for (const system of [false, true]) {
      const parse = parseCrontab(CRONTAB, { system, platform, currentUser: 'bob' });
      for (const problem of [...parse.unsupported, ...parse.notes]) texts.push(problem.reason);
    }
  }
  const { summary, details, options = [] } = importCommand;
  texts.push(summary, details ?? '', ...options.map((option) => option.help));
  return texts;
}

it('names only options that import has', () => {
  const known = new Set(
    [...(importCommand.options ?? []), ...GLOBAL_OPTIONS].map((option) => `--${option.name}`),
  );
  const texts = adviceTexts();
  // The parse did report things (a test that saw no advice could not fail).
  expect(texts.filter((text) => /time zone/.test(text)).length).toBeGreaterThan(0);
  expect(texts.some((text) => text.includes('--system'))).toBe(true);
  const named = texts.flatMap((text) => [...text.matchAll(/--[a-z][a-z-]*/g)].map((m) => m[0]));
  expect(named.filter((option) => !known.has(option))).toEqual([]);
});
