// The message catalog: every code speaks both languages with the same {params}, and every message the core
// writes (run messages, cron errors, time-zone errors, daylight-saving notes) is a catalog message, so the
// UI, the CLI and notifications can show it in the user's language.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { messages } from '../../src/renderer/src/i18n/messages';
import { databaseUrlSchema } from '../../src/shared/contract';
import { parseExitCodeList } from '../../src/shared/task-output';
import { readDatabaseSetting, writeDatabaseSetting } from '../../src/main/core/database-setting';
import { CoreEvents } from '../../src/main/core/events';
import { TestRunRegistry } from '../../src/main/core/runner/test-run-live';
import { windowsCommandProblem } from '../../src/main/core/runner/windows-command';
import { PAUSE_UNSUPPORTED } from '../../src/main/core/scheduler/remote-requests';
import { lockedError } from '../../src/main/core/scheduler/lease';
import { logOnOtherHost } from '../../src/main/core/services/execution-service';
import { decodeCursor } from '../../src/main/core/store/history-sql';
import { webhookUrlProblem } from '../../src/main/core/triggers/webhook';
import { CANCEL_MESSAGES } from '../../src/main/core/runner/process-run';
import { exitMessage } from '../../src/main/core/runner/exit-codes';
import { outageMissedMessage } from '../../src/main/core/scheduler/db-health';
import { MISSED_MESSAGE } from '../../src/main/core/scheduler/missed-slots';
import { INTERRUPTED_MESSAGE } from '../../src/main/core/scheduler/recovery';
import {
  remoteSkippedMessage,
  SKIPPED_MESSAGE,
  UNRECORDED_MESSAGE,
} from '../../src/main/core/scheduler/shared';
import { notFound } from '../../src/main/core/errors';
import { workingFolderProblem } from '../../src/main/core/runner/child-setup';
import { parseCrontab } from '../../src/main/core/timing/crontab';
import { dstWarnings } from '../../src/main/core/timing/dst';
import { checkEncoding, checkTimezone, checkWorkingDir } from '../../src/main/core/services/task-validation';
import { previewSchedule } from '../../src/main/core/timing/preview';
import {
  CATALOG,
  formatMessage,
  localizeText,
  placeholders,
  recognize,
  type MessageCode,
} from '../../src/shared/messages';

const codes = Object.keys(CATALOG) as MessageCode[];
const HAN = /\p{Script=Han}/u;

describe('the catalog', () => {
  it.each(codes)('%s has English and Chinese text with the same {params}', (code) => {
    const e = CATALOG[code];
    expect(e.en.trim()).not.toBe('');
    expect(e.zh).toMatch(HAN);
    expect(placeholders(e.zh).sort()).toEqual(placeholders(e.en).sort());
  });

  it.each(codes.filter((c) => !/^(list|win|label|input)\.|^dst\.timeRange$/.test(c)))(
    '%s reads back from its English text',
    (code) => {
      const params = Object.fromEntries(
        placeholders(CATALOG[code].en).map((p, i) => [p, p === 'field' ? 'Day of week' : `v${i}x`]),
      );
      const text = formatMessage(code, params, 'en');
      expect(recognize(text)).toEqual({ code, params });
    },
  );

  it('leaves text that is not a catalog message alone, in any language', () => {
    expect(localizeText('psycopg2.OperationalError: could not connect', 'zh-CN')).toBe(
      'psycopg2.OperationalError: could not connect',
    );
    expect(localizeText('backup and restore', 'zh-CN')).toBe('backup and restore');
  });

  it('translates a message behind a field or an option, not the field or option', () => {
    expect(localizeText('--cron: Hour field: 25 is out of range 0-23', 'zh-CN')).toBe(
      '--cron: 小时字段：25 超出范围 0-23',
    );
  });

  it('translates a message that leads a longer line and keeps the rest', () => {
    expect(localizeText('Exited with code 2: Traceback: boom', 'zh-CN')).toBe('退出码 2：Traceback: boom');
    expect(localizeText('Cancelled by the user. The log file could not be written (ENOSPC)', 'zh-CN')).toBe(
      '已被用户取消。无法写入日志文件（ENOSPC）',
    );
  });
});

/** Each message the core writes, as it writes it. */
function coreMessages(): string[] {
  const exits = [
    exitMessage('x', 2, null, ''),
    exitMessage('x', null, 'SIGTERM', ''),
    exitMessage('nosuch --flag', 127, null, 'sh: 1: nosuch: not found'),
    exitMessage('./script.sh', 126, null, ''),
    exitMessage('x', 137, null, ''),
    exitMessage('x', 9009, null, "'nosuch' is not recognized", 'win32'),
    exitMessage('x', 0xc0000005 | 0, null, '', 'win32'),
    exitMessage('x', 0xc000013a | 0, null, '', 'win32'),
    exitMessage('x', 5, null, '', 'win32'),
  ];
  const runs = [
    ...Object.values(CANCEL_MESSAGES),
    SKIPPED_MESSAGE,
    remoteSkippedMessage('build-01'),
    remoteSkippedMessage(null),
    UNRECORDED_MESSAGE,
    MISSED_MESSAGE,
    INTERRUPTED_MESSAGE,
    outageMissedMessage({ from: Date.UTC(2026, 0, 1), to: Date.UTC(2026, 0, 1, 1) }),
  ];
  const now = Date.parse('2026-01-01T00:00:00Z');
  const badCrons = [
    '@daily',
    '* * *',
    '60 * * * *',
    '* 24 * * *',
    '? * * * *',
    '* * L * *',
    '* * 15W * *',
    '* * * * 1#2',
    'x * * * *',
    '* * * foo *',
    '*/0 * * * *',
    '1/2/3 * * * *',
    '1-2-3 * * * *',
    '1,,2 * * * *',
    '5-1 * * * *',
    '* * * * 5-1/2',
    '* * * * 5-2',
    '0 0 30 2 *',
    '0 0 31 4,6,9 *',
  ];
  const preview = [
    ...badCrons.map((expr) => previewSchedule(expr, 'UTC', 5, now).error ?? ''),
    previewSchedule('0 0 * * *', 'Mars/Olympus', 5, now).error ?? '',
  ];
  const year: [number, number] = [now, Date.parse('2026-12-31T23:59:59Z')];
  const dst = [
    ['30 2 * * *', 'America/New_York'],
    ['*/15 2 * * *', 'America/New_York'],
    ['0 2 * * *', 'Europe/Berlin'],
    ['30 1 * * *', 'America/New_York'],
    ['0,30 1 * * *', 'America/New_York'],
    ['0 * * * *', 'America/New_York'],
    ['*/20 * * * *', 'Europe/Berlin'],
    ['* 2 * * *', 'Europe/Berlin'],
    ['30 1 * * *', 'Australia/Lord_Howe'],
    ['15 * * * *', 'Australia/Lord_Howe'],
  ].flatMap(([expr, zone]) => dstWarnings(expr, zone, ...year));
  const userCrontab = [
    'MAILTO=me@example.com',
    'CRON_TZ=Mars/Olympus',
    'SHELL=/bin/bash',
    '@reboot /bin/true',
    '@fortnightly /bin/true',
    'hello there',
    '* * * * *',
    '* * * * * * /bin/true',
    '61 * * * * /bin/true',
    '0 1 * * * root /bin/backup',
  ].join('\n');
  const systemCrontab = [
    '0 1 * * * alice /bin/a',
    '0 2 * * * bob /bin/b',
    '0 3 * * *',
    '0 4 * * * *x /bin/c',
  ];
  const crontab = [
    parseCrontab(userCrontab, { platform: 'win32' }),
    parseCrontab(systemCrontab.join('\n'), { system: true, currentUser: 'alice' }),
  ].flatMap((p) => [...p.unsupported, ...p.notes].map((problem) => problem.reason));
  const thrown = (f: () => unknown) => {
    try {
      f();
    } catch (err) {
      return (err as Error).message;
    }
    return '';
  };
  const checks = [
    workingFolderProblem('/no/such/folder/for/cronkeeper') ?? '',
    workingFolderProblem(__filename) ?? '',
    notFound('Task', 7).message,
    notFound('Execution', 12).message,
    thrown(() => checkTimezone('Mars/Olympus', 'UTC')),
    thrown(() => checkWorkingDir('/no/such/folder/for/cronkeeper')),
    thrown(() => checkWorkingDir(__filename)),
    thrown(() => checkEncoding('klingon-8')),
  ];
  const refusals = [
    windowsCommandProblem('x'.repeat(9000)) ?? '',
    windowsCommandProblem('echo a\necho b') ?? '',
    thrown(() => writeDatabaseSetting(os.tmpdir(), 'mysql://db/x')),
    thrown(() => readDatabaseSetting(badSettingFolder())),
    databaseUrlSchema.safeParse('mysql://db/x').error?.issues[0]?.message ?? '',
    thrown(() => decodeCursor('not a cursor')),
    thrown(() => {
      const registry = new TestRunRegistry(new CoreEvents());
      registry.claim('t-1');
      registry.claim('t-1');
    }),
    webhookUrlProblem('ftp://example.com/hook') ?? '',
    webhookUrlProblem('not a url') ?? '',
    thrown(() => parseExitCodeList('0, x')),
    thrown(() => parseExitCodeList('9-1')),
    thrown(() => parseExitCodeList('')),
    PAUSE_UNSUPPORTED.message,
    logOnOtherHost(4, 'build-01').message,
    lockedError({ pid: 42, hostname: 'build-01' } as Parameters<typeof lockedError>[0]).message,
  ];
  return [...exits, ...runs, ...preview, ...dst, ...crontab, ...checks, ...refusals];
}

/** A data folder whose database.json holds a URL that is not PostgreSQL's. */
function badSettingFolder(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ck-setting-'));
  fs.writeFileSync(path.join(dir, 'database.json'), JSON.stringify({ url: 'mysql://db/x' }));
  return dir;
}

describe('what the core writes', () => {
  const messages = coreMessages();

  it('covers the kinds of message (the samples are not empty)', () => {
    expect(messages.filter((m) => m.startsWith('On ')).length).toBeGreaterThan(6);
    expect(messages.filter((m) => m.startsWith('Cron user')).length).toBeGreaterThan(0);
    expect(messages.every((m) => m !== '')).toBe(true);
  });

  it.each(messages)('is a catalog message in Chinese: %s', (text) => {
    expect(recognize(text)).not.toBeNull();
    const zh = localizeText(text, 'zh-CN');
    expect(zh).toMatch(HAN);
    // No English sentence is left over (names, zones, times and numbers are data).
    expect(zh).not.toMatch(/\b(?:the|is|are|does|not|with|run|runs|field)\b/);
  });
});

describe("the renderer's own strings (i18n/messages.ts)", () => {
  /** Names that read the same in Chinese. */
  const NAMES = /^(?:Cronkeeper|Webhook|URL|Webhook URL)$/;
  const entries = Object.entries(messages) as [string, readonly [string, string]][];

  it.each(entries)('%s has the same {params} in both languages, and Chinese words', (_key, [en, zh]) => {
    expect(placeholders(zh).sort()).toEqual(placeholders(en).sort());
    if (/[A-Za-z]{3}/.test(en.replace(/\{\w+\}/g, '')) && !NAMES.test(en)) expect(zh).toMatch(HAN);
  });

  // An example in a field is what a Chinese user would type: Chinese words, except a machine's name.
  const examples = entries.filter(
    ([key]) => key.endsWith('.placeholder') && key !== 'editor.hostTag.placeholder',
  );
  it.each(examples)('%s gives its examples in Chinese', (_key, [, zh]) => {
    expect(zh).not.toMatch(/[A-Za-z]{3}/);
  });
});
