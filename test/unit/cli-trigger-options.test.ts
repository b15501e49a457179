// The CLI's trigger and condition options (issue #16): parsed onto TaskInput.triggers, upstream tasks
// resolved by name or id, bad input refused with a CliError naming the option, `task show`'s lines.
import { describe, expect, it } from 'vitest';
import { Options, parseArgs } from '../../src/main/cli/args';
import { CliError } from '../../src/main/cli/errors';
import { editOptions } from '../../src/main/cli/task-options';
import {
  parseAfter,
  parseDelay,
  triggerLines,
  triggersFromOptions,
  type TaskResolver,
} from '../../src/main/cli/trigger-options';
import { NO_TRIGGERS } from '../../src/shared/triggers';

const TASKS = [
  { id: 1, name: 'Import' },
  { id: 2, name: 'Backup' },
  { id: 7, name: '42' },
];
const resolve: TaskResolver = async (ref) => {
  const found = TASKS.find((t) => t.name === ref) ?? TASKS.find((t) => String(t.id) === ref);
  if (!found) throw new CliError(`--after: no task named or numbered '${ref}'`);
  return found;
};
const opts = (argv: string[]) => new Options(parseArgs(argv, editOptions()));
const triggers = (argv: string[], base = NO_TRIGGERS) => triggersFromOptions(opts(argv), resolve, base);

describe('CLI trigger options', () => {
  it('maps every flag onto TaskInput.triggers', async () => {
    const t = await triggers([
      '--after',
      'Import',
      '--after',
      '2:failure',
      '--on-startup=5m',
      '--watch',
      '/data/inbox',
      '--watch-glob',
      '*.csv',
      '--watch-quiet',
      '500',
      '--only-on-ac',
      '--stop-on-battery',
      '--keep-awake',
      '--webhook',
      'https://hooks.example.com/x',
      '--webhook-on',
      'always',
      '--webhook-secret',
      'k',
    ]);
    expect(t).toEqual({
      chains: [
        { upstreamTaskId: 1, condition: 'success' },
        { upstreamTaskId: 2, condition: 'failure' },
      ],
      onStartup: true,
      startupDelaySeconds: 300,
      watch: { folder: '/data/inbox', glob: '*.csv', debounceMs: 500 },
      onlyOnAc: true,
      stopOnBattery: true,
      keepAwake: true,
      webhookMode: 'custom',
      webhookUrl: 'https://hooks.example.com/x',
      webhookOn: 'always',
      webhookSecret: 'k',
    });
  });

  it('gives nothing without trigger options, keeps the base on edit, and clears with --clear-triggers', async () => {
    expect(await triggers(['--name', 'x'])).toBeUndefined();
    const base = {
      ...NO_TRIGGERS,
      keepAwake: true,
      chains: [{ upstreamTaskId: 1, condition: 'always' as const }],
    };
    expect(await triggers(['--only-on-ac'], base)).toEqual({ ...base, onlyOnAc: true });
    expect(await triggers(['--clear-triggers', '--on-startup'], base)).toEqual({
      ...NO_TRIGGERS,
      onStartup: true,
    });
    expect((await triggers(['--webhook', 'off'], base))?.webhookMode).toBe('off');
  });

  it('parses --after and --on-startup values', () => {
    expect(parseAfter('Nightly: backup:always')).toEqual({ ref: 'Nightly: backup', condition: 'always' });
    expect(parseAfter('a:b')).toEqual({ ref: 'a:b', condition: 'success' });
    expect(parseDelay('')).toBe(0);
    expect(parseDelay('90')).toBe(90);
    expect(parseDelay('2h')).toBe(7200);
    expect(() => parseDelay('soon')).toThrow(/--on-startup expects a delay/);
    expect(() => parseDelay('2d')).toThrow(CliError);
    expect(() => parseDelay('25h')).toThrow(/at most a day/);
  });

  it.each([
    [['--after', 'Nope'], /--after: no task named or numbered 'Nope'/],
    [['--after', 'Import', '--after', '1:always'], /--after: Import is given more than once/],
    [['--webhook', 'ftp://example.com'], /--webhook: Webhook URL must be an http:\/\/ or https:\/\/ URL/],
    [['--webhook-on', 'always'], /--webhook-on needs --webhook URL/],
    [
      ['--webhook', 'https://x.example', '--webhook-on', 'sometimes'],
      /--webhook-on expects failure, success or always/,
    ],
    [['--watch-glob', '*.txt'], /--watch-glob needs --watch DIR/],
    [['--watch', '/tmp', '--watch-quiet', '5'], /--watch-quiet: Quiet period is at least 100 ms/],
    [['--on-startup=-1'], /--on-startup expects a delay/],
  ])('refuses %j', async (argv, message) => {
    await expect(triggers(argv)).rejects.toThrow(message);
    await expect(triggers(argv)).rejects.toBeInstanceOf(CliError);
  });

  it('`--on-startup` takes its value only after "="', () => {
    const parsed = parseArgs(['--on-startup', 'extra'], editOptions());
    expect(parsed.options.get('on-startup')).toBe('');
    expect(parsed.positionals).toEqual(['extra']);
  });

  it("prints a task's triggers for `task show`", () => {
    const lines = triggerLines(
      {
        ...NO_TRIGGERS,
        chains: [{ upstreamTaskId: 1, condition: 'failure' }],
        watch: { folder: '/in', glob: null, debounceMs: 2000 },
        webhookMode: 'custom',
        webhookUrl: 'https://h.example',
        webhookSecret: 's',
      },
      (id) => `Import (#${id})`,
    );
    expect(Object.fromEntries(lines)).toMatchObject({
      After: 'Import (#1) (on failure)',
      'On start-up': 'no',
      Watch: '/in, quiet 2000ms',
      Webhook: 'https://h.example (on failure, signed)',
    });
  });
});
