// cron's % in a crontab command (cronie's do_command.c), and the command lines that give a job the same
// standard input under /bin/sh and cmd.exe. The POSIX lines are run for real, on random input.
import { spawnSync } from 'node:child_process';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { platformCommand, splitCronCommand } from '../../src/main/core/timing/cron-command';

describe("splitting a command field as cronie's do_command.c does", () => {
  const cases: [string, string, string | null][] = [
    ['echo plain', 'echo plain', null],
    ['date +\\%F', 'date +%F', null], // \% is a plain %
    ['echo a\\b', 'echo a\\b', null], // other backslashes stay
    ['cat%line one%line two', 'cat', 'line one\nline two\n'],
    ['cat%ends with newline%', 'cat', 'ends with newline\n'],
    ['cat%', 'cat', null], // nothing after %: no input at all
    ['cat%100\\% sure', 'cat', '100% sure\n'],
    ['cat%a\\b', 'cat', 'a\\b\n'],
    ['cat%trailing\\', 'cat', 'trailing\\\n'], // a final backslash is written, then the newline
    ['echo \\\\%x', 'echo \\\\', 'x\n'], // "\\" is an escaped backslash: the % after it is live
    [
      'mail -s "It\'s 10pm" joe%Joe,%%Where are your kids?%',
      'mail -s "It\'s 10pm" joe',
      'Joe,\n\nWhere are your kids?\n',
    ],
  ];
  for (const [field, command, stdin] of cases) {
    it(JSON.stringify(field), () => expect(splitCronCommand(field)).toEqual({ command, stdin }));
  }
});

const sh = (command: string, shell = '/bin/sh') =>
  spawnSync(shell, ['-c', command], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
/** The executor runs commands with /bin/sh: dash on Debian, bash on macOS. Both must give the same bytes. */
const SHELLS = ['/bin/sh', ...(spawnSync('bash', ['-c', 'true']).status === 0 ? ['bash'] : [])];

describe.skipIf(process.platform === 'win32')('the POSIX command line', () => {
  it('feeds the exact input to the whole command, through the shell SHELL names', () => {
    const cron = {
      command: 'read -r a; read -r b; printf "[%s|%s]\\n" "$a" "$b"; cat',
      stdin: "it's 100%\n\\n $HOME `x`\nrest\n",
    };
    expect(sh(platformCommand(cron, null, 'linux')).stdout).toBe("[it's 100%|\\n $HOME `x`]\nrest\n");
    const bash = platformCommand(
      { command: 'echo $BASH_VERSINFO >/dev/null && cat', stdin: 'x\n' },
      '/bin/bash',
      'linux',
    );
    expect(bash).toBe("printf 'x\\n' | /bin/bash -c 'echo $BASH_VERSINFO >/dev/null && cat'");
    expect(sh(bash).stdout).toBe('x\n');
    expect(platformCommand({ command: 'echo "$0"', stdin: null }, '/bin/bash', 'linux')).toBe(
      `/bin/bash -c 'echo "$0"'`,
    );
    expect(sh(platformCommand({ command: 'echo "$0"', stdin: null }, '/bin/bash', 'linux')).stdout).toBe(
      '/bin/bash\n',
    );
    expect(platformCommand({ command: 'true', stdin: null }, '/bin/sh', 'linux')).toBe('true');
  });

  it('input beginning with "-" is not an option to printf (bash reads printf -n as one)', () => {
    const line = platformCommand({ command: 'cat', stdin: '-n 5%\n' }, null, 'linux');
    expect(line).toBe("printf -- '-n 5%%\\n' | /bin/sh -c cat");
    for (const shell of SHELLS) expect(sh(line, shell).stdout, shell).toBe('-n 5%\n');
  });

  it('any input arrives byte for byte', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 40 }), (text) => {
        const input = text.replace(/\0/g, '');
        for (const shell of SHELLS) {
          const out = sh(platformCommand({ command: 'cat', stdin: input }, null, 'linux'), shell);
          expect(out.stdout, shell).toBe(input);
        }
      }),
      { numRuns: 60, seed: 20261208 },
    );
  });
});

describe('the Windows command line', () => {
  it('PowerShell writes the input bytes (base64: nothing cmd.exe reinterprets) into cmd /c "the command"', () => {
    const line = platformCommand(
      { command: 'sort & echo done', stdin: 'b%PATH%\n^a & "q"\n' },
      null,
      'win32',
    );
    const match =
      /^powershell -NoProfile -NonInteractive -Command "(.*)" \| cmd \/d \/s \/c "sort & echo done"$/.exec(
        line,
      );
    expect(match).not.toBeNull();
    const base64 = /FromBase64String\('([A-Za-z0-9+/=]+)'\)/.exec(match![1])![1];
    expect(Buffer.from(base64, 'base64').toString('utf8')).toBe('b%PATH%\n^a & "q"\n');
    expect(match![1]).not.toMatch(/[%^&|<>"]/);
    expect(platformCommand({ command: 'dir', stdin: null }, '/bin/bash', 'win32')).toBe('dir');
  });
});
