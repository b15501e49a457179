// Tag rules (shared/task-tags.ts): bounded, trimmed, no control characters, unique ignoring case; the stored
// key column finds one exact tag; task edit's add/remove keeps the first spelling.
import { describe, expect, it } from 'vitest';
import { taskInputSchema } from '../../src/shared/contract';
import { editTags, parseTags, tagKeysColumn, tagsSchema } from '../../src/shared/task-tags';

const issue = (tags: unknown) => {
  const parsed = tagsSchema.safeParse(tags);
  return parsed.success ? null : parsed.error.issues[0].message;
};

describe('tags', () => {
  it('are trimmed, and accept up to 20 tags of up to 40 characters in any script', () => {
    expect(tagsSchema.parse(['  backup ', '财务', 'x'.repeat(40)])).toEqual([
      'backup',
      '财务',
      'x'.repeat(40),
    ]);
    expect(issue(Array.from({ length: 20 }, (_, i) => `t${i}`))).toBeNull();
  });

  it('refuse too many, too long, empty, control characters and duplicates ignoring case', () => {
    expect(issue(Array.from({ length: 21 }, (_, i) => `t${i}`))).toBe('At most 20 tags');
    expect(issue(['x'.repeat(41)])).toBe('A tag is at most 40 characters');
    expect(issue([' '])).toBe('A tag cannot be empty');
    expect(issue(['a\tb'])).toMatch(/control characters/);
    expect(issue(['a\u001fb'])).toMatch(/control characters/);
    expect(issue(['Prod', 'prod '])).toBe('Tag "prod" appears twice (tags ignore case)');
    expect(issue(['ÉTÉ', 'été'])).toMatch(/appears twice/);
  });

  it('are optional on a task and checked there', () => {
    const base = { name: 'n', command: 'c', cronExpression: '* * * * *' };
    expect(taskInputSchema.parse(base).tags).toBeUndefined();
    expect(taskInputSchema.safeParse({ ...base, tags: ['a', 'A'] }).success).toBe(false);
  });

  it('store their folded keys between separators, so a key never matches part of another', () => {
    expect(tagKeysColumn([])).toBe('');
    expect(tagKeysColumn(['Backup', 'Nightly'])).toBe('\u001fbackup\u001fnightly\u001f');
    expect(tagKeysColumn(['Backup', 'Nightly']).includes(tagKeysColumn(['back']))).toBe(false);
  });

  it('read a stored column leniently', () => {
    expect(parseTags('["a","b"]')).toEqual(['a', 'b']);
    expect(parseTags('["a",3]')).toEqual(['a']);
    expect(parseTags('{"a":1}')).toEqual([]);
    expect(parseTags('not json')).toEqual([]);
    expect(parseTags(null)).toEqual([]);
  });

  it('edit: adds new ones, skips ones it has ignoring case, removes ignoring case', () => {
    expect(editTags(['Prod', 'db'], ['prod', ' web '], ['DB'])).toEqual(['Prod', 'web']);
  });
});
