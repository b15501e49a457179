// Validation failures in the user's language (issue 18, item 9): the dispatcher's wire error keeps the
// schema's English as its message and carries a catalog code for the reason (too long, required, out of
// range, not one of the choices, control characters...) with its parameters; the renderer names the field
// in front, the CLI the option. Also the labels of an import's name clash.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { validateInput } from '../../src/main/core/boundary/dispatcher';
import { describeError } from '../../src/main/cli/report-error';
import { errorFromWire } from '../../src/main/core/boundary/dispatcher';
import { CronkeeperError, serializeError } from '../../src/main/core/errors';
import type { ChannelName } from '../../src/shared/contract';
import { enText, formatMessage, localizeText, showError, showReason } from '../../src/shared/messages';
import { fieldLabel } from '../../src/shared/messages/field-labels';

const task = { name: 'backup', command: 'true', cronExpression: '0 2 * * *' };

function refused(channel: ChannelName, input: unknown) {
  const checked = validateInput(channel, input);
  if (checked.ok) throw new Error(`${channel} accepted ${JSON.stringify(input)}`);
  return checked.error;
}

describe('a validation failure crosses with a code for its reason', () => {
  it.each([
    [
      'a name too long',
      'tasks.create',
      { ...task, name: 'x'.repeat(201) },
      'name',
      'schema.nameTooLong',
      { max: '200' },
    ],
    ['an empty name', 'tasks.create', { ...task, name: '' }, 'name', 'schema.nameRequired', {}],
    [
      'no name at all',
      'tasks.create',
      { command: 'true', cronExpression: '* * * * *' },
      'name',
      'input.required',
      {},
    ],
    ['a control character', 'tasks.create', { ...task, name: 'a\u001b[2J' }, 'name', 'valid.singleLine', {}],
    [
      'a negative timeout',
      'tasks.create',
      { ...task, timeoutSeconds: -1 },
      'timeoutSeconds',
      'input.tooSmall',
      { min: '0' },
    ],
    ['too many retries', 'tasks.create', { ...task, maxRetries: 11 }, 'maxRetries', 'schema.retriesMax', {}],
    ['retries as text', 'tasks.create', { ...task, maxRetries: 'x' }, 'maxRetries', 'input.notNumber', {}],
    [
      'an unknown overlap policy',
      'tasks.create',
      { ...task, overlapPolicy: 'zzz' },
      'overlapPolicy',
      'input.oneOf',
      { values: '"skip", "queue", "parallel", "replace"' },
    ],
    ['a fractional id', 'tasks.get', { id: 1.5 }, 'id', 'input.notInteger', {}],
    [
      'concurrency 0',
      'settings.update',
      { concurrencyLimit: 0 },
      'concurrencyLimit',
      'input.tooSmall',
      { min: '1' },
    ],
  ] as const)('%s', (_what, channel, input, field, code, params) => {
    const error = refused(channel, input);
    expect(error).toMatchObject({ code: 'VALIDATION', field, messageCode: code, params });
    // The English message stays the schema's own words, after the field: its key on the wire (the CLI
    // prints that), its name on screen.
    expect(error.message.startsWith(`${field}: `)).toBe(true);
    expect(showError(error, 'en')).toBe(
      `${fieldLabel(field, 'en')}: ${error.message.slice(field.length + 2)}`,
    );
    const zh = showError(error, 'zh-CN');
    expect(zh).toMatch(/\p{Script=Han}/u);
    expect(zh).not.toMatch(/\b(?:is|must|at most|at least|required|expected|Invalid|Too)\b/);
    expect(zh.endsWith(formatMessage(code, params, 'zh-CN'))).toBe(true);
  });

  it('names the field in Chinese, keeping the part that is user data', () => {
    expect(showError(refused('tasks.create', { ...task, name: 'x'.repeat(201) }), 'zh-CN')).toBe(
      '名称：最多 200 个字符',
    );
    const env = refused('tasks.create', { ...task, env: { A: 'a\u0000b' } });
    expect(env.field).toBe('env.A');
    expect(showError(env, 'zh-CN')).toBe('环境变量.A：除制表符和换行符外，不能包含控制字符');
  });

  it('names the field in English by its name, not its key', () => {
    const error = refused('settings.update', { concurrencyLimit: 0 });
    expect(error.message).toMatch(/^concurrencyLimit: /);
    expect(showError(error, 'en')).toMatch(/^Concurrent runs: /);
    const env = refused('tasks.create', { ...task, env: { A: 'a\u0000b' } });
    expect(showError(env, 'en')).toMatch(/^Environment\.A: /);
  });

  it('an unknown key at the top names it', () => {
    const error = refused('settings.update', { colour: 'red' });
    expect(error).toMatchObject({ messageCode: 'input.unknownKeys', params: { keys: '"colour"' } });
    expect(showError(error, 'zh-CN')).toBe('未知字段："colour"');
  });

  it('keeps its code through a CronkeeperError (the CLI and in-process callers)', () => {
    const error = refused('tasks.create', { ...task, name: '' });
    expect(serializeError(errorFromWire(error))).toEqual(error);
  });
});

describe('the CLI', () => {
  afterEach(() => vi.unstubAllEnvs());

  it('writes a validation reason in the locale, after the option', () => {
    const error = errorFromWire(refused('tasks.create', { ...task, name: 'x'.repeat(201) }));
    vi.stubEnv('LC_ALL', '');
    vi.stubEnv('LC_MESSAGES', '');
    vi.stubEnv('LANG', 'zh_CN.UTF-8');
    expect(describeError(error)).toEqual({ line: '--name: 最多 200 个字符', exitCode: 2 });
    vi.stubEnv('LC_ALL', 'C');
    expect(describeError(error)).toEqual({ line: '--name: Name is at most 200 characters', exitCode: 2 });
  });

  it('writes a database-setting error in the locale', () => {
    vi.stubEnv('LC_ALL', 'zh_CN.UTF-8');
    const error = errorFromWire(refused('database.set', { url: 'mysql://db/x' }));
    expect(describeError(error).line).toBe(
      'url: 请使用 postgres:// 或 postgresql:// URL，例如 postgres://user:password@host:5432/cronkeeper',
    );
  });
});

describe("an import's name clash", () => {
  it('names the line or the entry in the language too', () => {
    const line = enText('import.clash', { where: 'Line 3 "backup"', name: '"backup"' });
    expect(line).toBe(
      'Line 3 "backup": a task named "backup" already exists; skip or rename it. Nothing was imported',
    );
    expect(localizeText(line, 'zh-CN')).toBe(
      '第 3 行 "backup"：名为 "backup" 的任务已存在；请跳过或重命名。未导入任何任务',
    );
    const twice = enText('import.clashInFile', { where: 'Task 2 "a: b"', name: '"a: b"' });
    expect(localizeText(twice, 'zh-CN')).toBe(
      '第 2 个任务 "a: b"：名称 "a: b" 在此次导入中出现两次；请跳过或重命名。未导入任何任务',
    );
    const range = enText('import.notWritten', { which: 'Line 3 "a" to Line 9 "b"', detail: 'SQLITE_FULL' });
    expect(localizeText(range, 'zh-CN')).toBe(
      '第 3 行 "a" 至 第 9 行 "b"：无法写入（SQLITE_FULL）；未导入任何任务',
    );
  });
});

describe('a reason shown under its own field', () => {
  it('drops the field it names, in either language; other errors as they are', () => {
    const error = refused('tasks.create', { ...task, description: 'd'.repeat(10_001) });
    expect(showReason(error, 'en')).toBe('at most 10,000 characters');
    expect(showReason(error, 'zh-CN')).toBe('最多 10,000 个字符');
    const plain = { code: 'VALIDATION', message: 'Working folder "/x" does not exist', field: 'workingDir' };
    expect(showReason(plain, 'zh-CN')).toBe('工作目录 "/x" 不存在');
  });
});

describe("an import entry's error", () => {
  it('keeps its label, in the language too', async () => {
    const { describeZodError } = await import('../../src/main/core/boundary/zod-error');
    const { taskInputSchema } = await import('../../src/shared/contract');
    const parsed = taskInputSchema.safeParse({ ...task, name: '' });
    const wire = describeZodError(parsed.error!, 'Task 2 "x": ');
    expect(wire.message).toBe('Task 2 "x": name: Name is required');
    expect(showError(wire, 'zh-CN')).toBe('第 2 个任务 "x"：名称：必填');
    const zone = serializeError(
      new CronkeeperError('VALIDATION', 'Task 3: Unknown time zone "Mars/Olympus"', 'timezone'),
    );
    expect(zone.messageCode).toBe('valid.zoneUnknown');
    expect(showError(zone, 'zh-CN')).toBe('第 3 个任务：未知时区 "Mars/Olympus"');
    expect(showError(zone, 'en')).toBe('Task 3: Unknown time zone "Mars/Olympus"');
  });
});

describe("a validation reason's few words", () => {
  it("are never read into a job's own output: they cross only as a code", () => {
    for (const text of ['is required', 'config: is not valid', 'port: must be a number', 'must be text']) {
      expect(localizeText(text, 'zh-CN')).toBe(text);
    }
    // Inside another message they are still read (an import's rename).
    expect(localizeText('Line 2 "a": the new name is required; nothing was imported', 'zh-CN')).toBe(
      '第 2 行 "a"：新名称必填；未导入任何任务',
    );
  });
});
