// The shell's language: which one a setting and the system locale give, and that the Chinese text is
// complete (every English entry has a Chinese one that is actually translated).
import { describe, expect, it } from 'vitest';
import { en, resolveShellLang, shellText, zhCN, type ShellText } from '../../src/main/shell/shell-text';

describe('resolveShellLang', () => {
  it.each([
    ['system', 'zh-CN', 'zh-CN'],
    ['system', 'zh-TW', 'zh-CN'],
    ['system', 'zh', 'zh-CN'],
    ['system', 'ZH-hk', 'zh-CN'],
    ['system', 'en-US', 'en'],
    ['system', 'de-DE', 'en'],
    ['system', '', 'en'],
    [undefined, 'zh-CN', 'zh-CN'],
    [undefined, 'fr', 'en'],
    ['en', 'zh-CN', 'en'],
    ['zh-CN', 'en-US', 'zh-CN'],
  ] as const)('setting %s with system locale "%s" gives %s', (setting, locale, expected) => {
    expect(resolveShellLang(setting, locale)).toBe(expected);
  });

  it('picks the matching text', () => {
    expect(shellText('en')).toBe(en);
    expect(shellText('zh-CN')).toBe(zhCN);
  });
});

describe('the Chinese text', () => {
  /** Every entry rendered to strings: functions called with sample arguments, nested objects flattened. */
  const rendered = (text: ShellText): Record<string, string> =>
    Object.fromEntries(
      Object.entries(text).flatMap(([key, value]): [string, string][] => {
        if (typeof value === 'function')
          return [[key, String((value as (...a: unknown[]) => string)(7, '8'))]];
        if (typeof value === 'object')
          return Object.entries(value).map(([k, v]) => [`${key}.${k}`, String(v)]);
        return [[key, String(value)]];
      }),
    );

  it('has every entry of the English one, each translated', () => {
    const english = rendered(en);
    const chinese = rendered(zhCN);
    expect(Object.keys(chinese).sort()).toEqual(Object.keys(english).sort());
    for (const [key, value] of Object.entries(english)) {
      expect(chinese[key], key).toBeTruthy();
      expect(chinese[key], key).not.toBe(value);
      // Words, not just the product name and the arguments.
      expect(chinese[key].replace(/Cronkeeper|cronkeeper serve|[\s\d\p{P}]/gu, ''), key).not.toBe('');
    }
  });

  it('says how a good run went, with and without a duration', () => {
    expect(en.finished('3 s')).toBe('Finished in 3 s.');
    expect(en.finished(null)).toBe('Finished.');
    expect(zhCN.finished(null)).toBe('已完成。');
    expect(en.succeededAfterFailing(null)).toBe('Succeeded after failing.');
    expect(zhCN.succeededAfterFailing(null)).toBe('失败后再次成功。');
  });
});
