import { describe, expect, it } from 'vitest';
import {
  ERROR_SUMMARY_CHARS,
  RESULT_MAX_BYTES,
  SUMMARY_MAX_BYTES,
  TRUNCATED_MESSAGE,
  errorSummary,
  mergeResult,
  parseResult,
  serializeResult,
  truncateToBytes,
  addResultNote,
  RESULT_NOTE_MAX_CHARS,
} from '../../src/main/core/result-json';

const bytes = (s: string) => Buffer.byteLength(s, 'utf8');

/** A message whose result JSON `{"message":"..."}` is exactly `total` UTF-8 bytes, built from `unit`. */
function messageForTotal(total: number, unit: string): string {
  const overhead = bytes(JSON.stringify({ message: '' }));
  const budget = total - overhead;
  const count = Math.floor(budget / bytes(unit));
  return unit.repeat(count) + 'a'.repeat(budget - count * bytes(unit));
}

/** A summary object whose JSON `{"k":"..."}` is exactly `total` bytes. */
function summaryForTotal(total: number, unit: string): Record<string, string> {
  const overhead = bytes(JSON.stringify({ k: '' }));
  const budget = total - overhead;
  const count = Math.floor(budget / bytes(unit));
  return { k: unit.repeat(count) + 'a'.repeat(budget - count * bytes(unit)) };
}

describe('serializeResult: empty and whitelist', () => {
  it('stores NULL for an empty, missing or non-object result', () => {
    expect(serializeResult({})).toBeNull();
    expect(serializeResult(null)).toBeNull();
    expect(serializeResult(undefined)).toBeNull();
    expect(serializeResult({ stdout: 'x', random: 1 })).toBeNull();
    expect(serializeResult([1, 2] as unknown as Record<string, unknown>)).toBeNull();
  });

  it('keeps every whitelisted field with its value', () => {
    const result = {
      success: true,
      exit_code: 0,
      message: 'done',
      command: 'echo hi',
      work_dir: '/tmp',
      duration_seconds: 1.5,
      progress_percent: 100,
      current_step: 3,
      total_steps: 3,
      current_item: 'row 9',
      total: 9,
      success_count: 8,
      failed_count: 1,
      total_count: 9,
      insert_count: 4,
      update_count: 3,
      delete_count: 1,
    };
    expect(JSON.parse(serializeResult(result)!)).toEqual(result);
  });

  it('drops everything not whitelisted, stdout and stderr included', () => {
    const parsed = JSON.parse(
      serializeResult({ success: true, stdout: 'out', stderr: 'err', task_results: [1], secret: 's' })!,
    );
    expect(parsed).toEqual({ success: true });
  });

  it('writes the run outcome as success when the result does not say, and never overrides it', () => {
    expect(JSON.parse(serializeResult({ exit_code: 0 }, { success: true })!)).toEqual({
      exit_code: 0,
      success: true,
    });
    expect(JSON.parse(serializeResult({ success: false }, { success: true })!).success).toBe(false);
  });
});

describe('serializeResult: error summary', () => {
  it('adds the trimmed stderr on failure', () => {
    const parsed = JSON.parse(serializeResult({ exit_code: 1 }, { success: false, stderr: '  boom\n\n' })!);
    expect(parsed.error_summary).toBe('boom');
  });

  it('uses the result own success flag to decide failure', () => {
    const parsed = JSON.parse(serializeResult({ success: false }, { stderr: 'bad' })!);
    expect(parsed.error_summary).toBe('bad');
  });

  it('adds nothing on success, or when stderr is blank', () => {
    expect(
      JSON.parse(serializeResult({ exit_code: 0 }, { success: true, stderr: 'warn' })!),
    ).not.toHaveProperty('error_summary');
    expect(
      JSON.parse(serializeResult({ exit_code: 1 }, { success: false, stderr: ' \n ' })!),
    ).not.toHaveProperty('error_summary');
  });

  it('keeps exactly 500 characters without "..." and cuts at 500 with "..." when longer', () => {
    const exact = 'x'.repeat(ERROR_SUMMARY_CHARS);
    expect(errorSummary(exact)).toBe(exact);
    expect(errorSummary(exact + 'y')).toBe(exact + '...');
  });

  it('counts characters, not UTF-16 units: an emoji is never cut in half', () => {
    const emoji = '😀'.repeat(ERROR_SUMMARY_CHARS + 10);
    const summary = errorSummary(emoji)!;
    expect(summary.endsWith('...')).toBe(true);
    expect(Array.from(summary.slice(0, -3))).toHaveLength(ERROR_SUMMARY_CHARS);
    expect(summary).not.toMatch(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])/); // no lone high surrogate
    expect(errorSummary('中'.repeat(ERROR_SUMMARY_CHARS))).toBe('中'.repeat(ERROR_SUMMARY_CHARS));
  });

  it('stores an error summary even when the result itself was empty', () => {
    expect(JSON.parse(serializeResult({}, { success: false, stderr: 'fatal' })!)).toEqual({
      success: false,
      error_summary: 'fatal',
    });
  });
});

describe('serializeResult: the summary object', () => {
  it('keeps a summary that fits in 4 KB, exactly at the limit, with multi-byte text', () => {
    for (const unit of ['a', '中', '😀']) {
      const summary = summaryForTotal(SUMMARY_MAX_BYTES, unit);
      expect(bytes(JSON.stringify(summary))).toBe(SUMMARY_MAX_BYTES);
      expect(JSON.parse(serializeResult({ success: true, summary })!).summary).toEqual(summary);
    }
  });

  it('drops a summary one byte over 4 KB, keeping the rest, and says so', () => {
    for (const unit of ['a', '中', '😀']) {
      const summary = summaryForTotal(SUMMARY_MAX_BYTES + 1, unit);
      expect(bytes(JSON.stringify(summary))).toBe(SUMMARY_MAX_BYTES + 1);
      expect(JSON.parse(serializeResult({ success: true, summary })!)).toEqual({
        success: true,
        result_truncated: true,
        result_note: 'summary dropped: 4,097 bytes, over the 4,096 bytes limit',
      });
    }
  });

  it('drops a summary that is not an object, and says so', () => {
    for (const summary of ['text', [1, 2]]) {
      expect(JSON.parse(serializeResult({ summary })!)).toEqual({
        result_truncated: true,
        result_note: 'summary dropped: it must be a JSON object',
      });
    }
  });
});

describe('serializeResult: the 60,000-byte limit', () => {
  it('keeps a result of exactly 60,000 bytes, for ASCII, Chinese and emoji', () => {
    for (const unit of ['a', '中', '😀']) {
      const message = messageForTotal(RESULT_MAX_BYTES, unit);
      const json = serializeResult({ message })!;
      expect(bytes(json)).toBe(RESULT_MAX_BYTES);
      expect(JSON.parse(json)).toEqual({ message });
    }
  });

  it('counts bytes, not characters: 20,000 Chinese characters are over the limit', () => {
    const message = '中'.repeat(20_000); // 20,000 characters but 60,000 bytes of text
    const parsed = JSON.parse(serializeResult({ message, success: true, total: 5, total_count: 'x' })!);
    expect(parsed.result_truncated).toBe(true);
    expect(parsed.total).toBe(5); // numeric counters survive
    expect(parsed).not.toHaveProperty('total_count');
  });

  it('falls back to the core fields one byte over the limit', () => {
    for (const unit of ['a', '中', '😀']) {
      const message = messageForTotal(RESULT_MAX_BYTES + 1, unit);
      expect(bytes(JSON.stringify({ message }))).toBe(RESULT_MAX_BYTES + 1);
      const json = serializeResult({ message })!;
      expect(bytes(json)).toBeLessThanOrEqual(RESULT_MAX_BYTES);
      expect(JSON.parse(json).result_truncated).toBe(true);
    }
  });

  it('keeps success, exit_code, message and command only, with the truncation note', () => {
    const json = serializeResult(
      {
        success: false,
        exit_code: 2,
        message: 'm',
        command: 'c',
        current_item: 'x'.repeat(RESULT_MAX_BYTES),
        total: 1,
        summary: { at: 1 },
      },
      { success: false, stderr: 'err' },
    )!;
    const parsed = JSON.parse(json);
    expect(parsed).toEqual({
      success: false,
      exit_code: 2,
      message: 'm',
      command: 'c',
      total: 1,
      result_truncated: true,
      result_note: expect.stringMatching(
        /^the result was 60,1\d\d bytes, over the 60,000 bytes limit: only success, exit_code, message, command and the numeric counters were kept$/,
      ),
    });
  });

  it('says why when there was no message, and keeps earlier notes', () => {
    const parsed = JSON.parse(
      serializeResult({
        success: true,
        current_item: 'x'.repeat(70_000),
        result_truncated: true,
        result_note: 'an earlier note',
      })!,
    );
    expect(parsed).toMatchObject({ success: true, message: TRUNCATED_MESSAGE, result_truncated: true });
    expect(parsed.result_note).toMatch(/^an earlier note; the result was 70,\d+ bytes, over the 60,000/);
  });

  it('keeps a note short whatever piles up', () => {
    const result: Record<string, unknown> = {};
    for (let i = 0; i < 100; i++) addResultNote(result, `note number ${i} `.repeat(5));
    expect((result.result_note as string).length).toBeLessThanOrEqual(RESULT_NOTE_MAX_CHARS);
    expect(result.result_truncated).toBe(true);
  });

  it('still fits when the core fields alone are too large, without splitting characters', () => {
    const json = serializeResult({
      success: true,
      message: '😀'.repeat(40_000),
      command: '中'.repeat(40_000),
    })!;
    expect(bytes(json)).toBeLessThanOrEqual(RESULT_MAX_BYTES);
    const parsed = JSON.parse(json);
    expect(parsed.result_truncated).toBe(true);
    expect(parsed.message).toMatch(/^(😀)+$/u);
    expect(parsed.command).toMatch(/^(中)+$/u);
  });
});

describe('truncateToBytes', () => {
  it('returns the longest prefix that fits, never half a character', () => {
    expect(truncateToBytes('abc', 10)).toBe('abc');
    expect(truncateToBytes('中文字', 6)).toBe('中文');
    expect(truncateToBytes('中文字', 8)).toBe('中文');
    expect(truncateToBytes('😀😀', 7)).toBe('😀');
  });
});

describe('parseResult', () => {
  it('returns {} for NULL, garbage and non-objects', () => {
    expect(parseResult(null)).toEqual({});
    expect(parseResult(undefined)).toEqual({});
    expect(parseResult('')).toEqual({});
    expect(parseResult('{not json')).toEqual({});
    expect(parseResult('[1,2]')).toEqual({});
    expect(parseResult('42')).toEqual({});
    expect(parseResult('null')).toEqual({});
  });

  it('round-trips what serializeResult stored', () => {
    const result = { success: true, message: '完成 ✅', summary: { cursor: 'k-9' } };
    expect(parseResult(serializeResult(result))).toEqual(result);
  });
});

describe('mergeResult', () => {
  it('merges the patch over the stored result and applies the rules again', () => {
    const stored = serializeResult({ success: false, message: 'old', total: 3 }, { stderr: 'boom' });
    const merged = JSON.parse(mergeResult(stored, { message: 'new', progress_percent: 50, stdout: 'no' })!);
    expect(merged).toEqual({
      success: false,
      message: 'new',
      total: 3,
      progress_percent: 50,
      error_summary: 'boom',
    });
  });

  it('starts from {} when the stored value is NULL or garbage', () => {
    expect(JSON.parse(mergeResult(null, { current_step: 1 })!)).toEqual({ current_step: 1 });
    expect(JSON.parse(mergeResult('garbage', { current_step: 2 })!)).toEqual({ current_step: 2 });
    expect(mergeResult(null, {})).toBeNull();
  });
});
