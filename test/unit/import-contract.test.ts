// The import channels' input: the file's text is bounded (a clear message over the cap), a binary file
// (control characters) is refused, a crontab's tabs and CRLF lines pass; a renamed task's name is bounded
// and single-line like any task name.
import { expect, it } from 'vitest';
import { channels } from '../../src/shared/contract';
import { IMPORT_MAX_BYTES } from '../../src/shared/import-preview';

const preview = channels['tasks.importPreview'].input;
const apply = channels['tasks.importApply'].input;
const message = (result: { success: boolean; error?: { issues: { message: string }[] } }) =>
  result.error?.issues[0]?.message ?? '';

it('takes a crontab with tabs and CRLF lines', () => {
  expect(preview.safeParse({ text: '0 3\t* * *\troot\tbackup\r\n', format: 'auto' }).success).toBe(true);
});

it('refuses a file over the cap, saying the cap', () => {
  const result = preview.safeParse({ text: 'x'.repeat(IMPORT_MAX_BYTES + 1), format: 'auto' });
  expect(message(result)).toBe('The file is larger than 10 MB');
  expect(preview.safeParse({ text: 'x'.repeat(IMPORT_MAX_BYTES), format: 'auto' }).success).toBe(true);
});

it('refuses a binary file', () => {
  const png = '\u0089PNG\r\n\u001a\n\u0000\u0000\u0000\rIHDR';
  expect(message(preview.safeParse({ text: png, format: 'auto' }))).toMatch(/not a text file/);
  expect(message(apply.safeParse({ text: 'a\u0000b', format: 'crontab', choices: [] }))).toMatch(
    /not a text file/,
  );
});

it('bounds a new name and refuses control characters in it', () => {
  const choice = (name: string) =>
    apply.safeParse({
      text: '0 3 * * * x',
      format: 'crontab',
      choices: [{ index: 0, action: 'rename', name }],
    });
  expect(choice('backup (2)').success).toBe(true);
  expect(choice('a\u001b[2Jb').success).toBe(false);
  expect(choice('n'.repeat(201)).success).toBe(false);
  expect(apply.safeParse({ text: '0 3 * * * x', format: 'auto', choices: [] }).success).toBe(false);
});
