// The schemas' own English messages (issue 18): each custom reason a schema of the contract gives ("The file
// is empty", "Timeout is at most 7 days") crosses as its own catalog code, so that Chinese reads that reason
// and not a generic one ("文件：必填"). The messages are found by scanning the schema files, so a new one
// without a code fails here; then a few, end to end through the dispatcher's validation and showError.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { validateInput } from '../../src/main/core/boundary/dispatcher';
import type { ChannelName } from '../../src/shared/contract';
import { localizeText, recognize, showError } from '../../src/shared/messages';

const ROOT = path.resolve(__dirname, '..', '..');
const SCHEMA_FILES = [
  'src/shared/contract.ts',
  'src/shared/triggers.ts',
  'src/shared/task-tags.ts',
  'src/shared/text-fields.ts',
];
// A string given as a check's last argument (`.max(40, 'Encoding is …')`, `.refine(fn, '…')`) or as an
// issue's `message:`; a `${…}` in it stands for a number or a name.
const MESSAGE = /,\s*(['`])((?:(?!\1)[^\\]|\\.)+)\1,?\s*\)|message:\s*(['`])((?:(?!\3)[^\\]|\\.)+)\3/gs;

const found = SCHEMA_FILES.flatMap((file) =>
  Array.from(fs.readFileSync(path.join(ROOT, file), 'utf8').matchAll(MESSAGE), (m) => ({
    file,
    text: (m[2] ?? m[4]).replace(/\$\{[^}]*\}/g, '9'),
  })),
)
  // Words, not a number or a character ('0'); a reason starting in lower case ("at most 9 characters") is
  // the generic one of its kind, coded by kind (zod-issue.ts).
  .filter((m) => /[A-Za-z]{2}/.test(m.text) && /^[A-Z]/.test(m.text));

describe("the schemas' own messages", () => {
  it('are found (the scan works)', () => {
    expect(found.map((m) => m.text)).toEqual(
      expect.arrayContaining([
        'The file is empty',
        'Command is at most 9 characters',
        'Webhook URL must be an http:// or https:// URL',
        'Each upstream task may appear once',
        'Enter the webhook URL',
        'Tag "9" appears twice (tags ignore case)',
      ]),
    );
    expect(found.length).toBeGreaterThan(30);
  });

  it.each(found.map((m) => [m.file, m.text] as const))(
    '%s: "%s" has its own code, in Chinese',
    (_f, text) => {
      const coded = recognize(text);
      expect(coded, text).not.toBeNull();
      expect(coded!.code).not.toMatch(/^input\./);
      expect(localizeText(text, 'zh-CN')).toMatch(/\p{Script=Han}/u);
    },
  );
});

function refused(channel: ChannelName, input: unknown) {
  const checked = validateInput(channel, input);
  if (checked.ok) throw new Error(`${channel} accepted ${JSON.stringify(input)}`);
  return checked.error;
}

const task = { name: 'backup', command: 'true', cronExpression: '0 2 * * *' };

describe('a refusal for a reason of its own', () => {
  it('an empty import file reads "The file is empty", "文件为空"', () => {
    const error = refused('tasks.importPreview', { text: '', format: 'auto' });
    expect(error).toMatchObject({ field: 'text', messageCode: 'schema.fileEmpty' });
    expect(showError(error, 'en')).toBe('The file is empty');
    expect(showError(error, 'zh-CN')).toBe('文件为空');
    const binary = refused('tasks.importPreview', { text: 'a\u0000b', format: 'auto' });
    expect(showError(binary, 'zh-CN')).toBe('文件包含控制字符：它不是文本文件（是二进制文件吗？）');
  });

  it.each([
    [{ ...task, timeoutSeconds: 7 * 24 * 3600 + 1 }, 'schema.timeoutMax', '超时：最长 7 天'],
    [{ ...task, retryDelaySeconds: 86_401 }, 'schema.retryDelayMax', '重试间隔：最长 1 天'],
    [
      { ...task, outputEncoding: 'utf 8' },
      'schema.encodingChars',
      '输出编码：只能使用字母、数字以及 -、_、. 和 :',
    ],
    [
      { ...task, triggers: { webhookMode: 'custom', webhookUrl: 'ftp://example.com/x' } },
      'schema.webhookScheme',
      'Webhook URL：必须是以 http:// 或 https:// 开头的 URL',
    ],
    [
      { ...task, triggers: { onStartup: true, startupDelaySeconds: -1 } },
      'schema.startupDelayNegative',
      '启动延迟：不能为负数',
    ],
    [{ ...task, tags: ['Prod', 'prod'] }, 'schema.tagTwice', '标签.1：“prod”出现了两次（标签不区分大小写）'],
  ])('%o: %s, named once in Chinese', (input, code, zh) => {
    const error = refused('tasks.create', input);
    expect(error.messageCode).toBe(code);
    expect(showError(error, 'zh-CN')).toBe(zh);
  });
});
