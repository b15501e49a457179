import { describe, expect, it } from 'vitest';
import {
  ERROR_SUMMARY_CHARS,
  ERROR_SUMMARY_GAP,
  ERROR_SUMMARY_HEAD_CHARS,
  ERROR_SUMMARY_TAIL_CHARS,
  RESULT_MAX_BYTES,
  SUMMARY_MAX_BYTES,
  TRUNCATED_MESSAGE,
  errorSummary,
  mergeResult,
  parseResult,
  serializeResult,
  truncateToBytes,
  addResultNote,
  PROGRESS_RESULT_KEYS,
  progressFromResult,
  progressToResult,
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

  it('keeps exactly 500 characters as they are, and head + "…" + tail when longer', () => {
    const exact = 'x'.repeat(ERROR_SUMMARY_CHARS);
    expect(errorSummary(exact)).toBe(exact);
    const long =
      'h'.repeat(ERROR_SUMMARY_HEAD_CHARS) + 'm'.repeat(1000) + 't'.repeat(ERROR_SUMMARY_TAIL_CHARS);
    expect(errorSummary(long)).toBe(
      'h'.repeat(ERROR_SUMMARY_HEAD_CHARS) + ERROR_SUMMARY_GAP + 't'.repeat(ERROR_SUMMARY_TAIL_CHARS),
    );
  });

  it("keeps a long traceback's first line and its last line (the exception)", () => {
    const frames = Array.from(
      { length: 40 },
      (_, i) => `  File "/srv/job/step${i}.py", line ${i + 10}, in run\n    do_step_${i}()`,
    );
    const traceback = [
      'Traceback (most recent call last):',
      ...frames,
      'psycopg2.OperationalError: could not connect to server: Connection refused',
    ].join('\n');
    const summary = errorSummary(traceback + '\n')!;
    expect(summary.startsWith('Traceback (most recent call last):')).toBe(true);
    expect(
      summary.endsWith('psycopg2.OperationalError: could not connect to server: Connection refused'),
    ).toBe(true);
    expect(summary).toContain('\n…\n');
    // Cut at line breaks: every kept line is a whole line of the traceback.
    const original = new Set(traceback.split('\n').map((line) => line.trim()));
    for (const line of summary.split('\n')) if (line !== '…') expect(original).toContain(line.trim());
    expect(Array.from(summary).length).toBeLessThanOrEqual(ERROR_SUMMARY_CHARS + ERROR_SUMMARY_GAP.length);
  });

  it('with no stderr, keeps the last lines of stdout without progress or result lines', () => {
    const stdout = [
      ...Array.from({ length: 100 }, (_, i) => `row ${i} loaded`),
      '::progress 50 Halfway',
      'ERROR: quota exceeded for bucket "reports"',
      '{"progress": 0.9, "message": "x"}',
      '::result {"failed_count": 3}',
      '',
    ].join('\n');
    const summary = errorSummary('  \n', stdout)!;
    expect(summary.endsWith('row 99 loaded\nERROR: quota exceeded for bucket "reports"')).toBe(true);
    expect(summary).not.toContain('::');
    expect(summary).not.toContain('progress');
    expect(Array.from(summary).length).toBeLessThanOrEqual(ERROR_SUMMARY_CHARS);
    expect(summary.split('\n')[0]).toMatch(/^row \d+ loaded$/); // whole lines only
    expect(errorSummary('', '::progress 10\n\n')).toBeNull();
    expect(errorSummary('real error', 'stdout noise')).toBe('real error');
    const oneLong = 'z'.repeat(2000) + 'END';
    expect(errorSummary('', oneLong)!.endsWith('END')).toBe(true);
    expect(Array.from(errorSummary('', oneLong)!).length).toBe(ERROR_SUMMARY_CHARS);
    expect(JSON.parse(serializeResult({}, { success: false, stdout: 'last words' })!).error_summary).toBe(
      'last words',
    );
  });

  it('counts characters, not UTF-16 units: an emoji is never cut in half', () => {
    const emoji = '😀'.repeat(ERROR_SUMMARY_CHARS + 10);
    const summary = errorSummary(emoji)!;
    const [head, tail] = summary.split(ERROR_SUMMARY_GAP);
    expect(Array.from(head)).toHaveLength(ERROR_SUMMARY_HEAD_CHARS);
    expect(Array.from(tail)).toHaveLength(ERROR_SUMMARY_TAIL_CHARS);
    expect(summary).not.toMatch(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])/); // no lone high surrogate
    expect(summary).not.toMatch(/(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/); // no lone low surrogate
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

describe('the progress fields: one name in code, the stored spelling in the result JSON', () => {
  it("maps each name to the spelling users' databases hold, and back", () => {
    expect(PROGRESS_RESULT_KEYS).toEqual({
      progressPercent: 'progress_percent',
      message: 'message',
      currentStep: 'current_step',
      totalSteps: 'total_steps',
      currentItem: 'current_item',
    });
    const progress = { progressPercent: 12.5, message: 'm', currentStep: 1, totalSteps: 8, currentItem: 'a' };
    const stored = progressToResult(progress);
    expect(stored).toEqual({
      progress_percent: 12.5,
      message: 'm',
      current_step: 1,
      total_steps: 8,
      current_item: 'a',
    });
    expect(progressFromResult(stored)).toEqual(progress);
    expect(progressToResult({ currentItem: 'only' })).toEqual({ current_item: 'only' });
  });

  it('reads only well-typed fields of a stored result, leaving the rest of it alone', () => {
    expect(
      progressFromResult({
        progress_percent: '50',
        current_step: Number.NaN,
        total_steps: 4,
        current_item: 7,
        message: 'ok',
        insert_count: 3,
      }),
    ).toEqual({ totalSteps: 4, message: 'ok' });
    expect(progressFromResult({})).toEqual({});
  });
});
