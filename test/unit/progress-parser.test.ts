import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  MAX_LINE_BYTES,
  parseOverlongLine,
  parseProtocolLine,
  ProtocolLineScanner,
  type OverlongLine,
} from '../../src/main/core/runner/progress-parser';

const progress = (line: string) => {
  const message = parseProtocolLine(line);
  return message?.kind === 'progress' ? message.update : null;
};

describe('parseProtocolLine: ::progress', () => {
  it('reads a percent, with and without a message', () => {
    expect(progress('::progress 45')).toEqual({ progressPercent: 45 });
    expect(progress('::progress 45 Downloading prices')).toEqual({
      progressPercent: 45,
      message: 'Downloading prices',
    });
    expect(progress('::progress 12.5% half way  ')).toEqual({ progressPercent: 12.5, message: 'half way' });
    expect(progress('::progress 0')).toEqual({ progressPercent: 0 });
    expect(progress('::progress 100\r')).toEqual({ progressPercent: 100 });
  });

  it('turns current step/total steps into a percent', () => {
    expect(progress('::progress 120/500 Downloading prices')).toEqual({
      progressPercent: 24,
      currentStep: 120,
      totalSteps: 500,
      message: 'Downloading prices',
    });
    expect(progress('::progress 1/3')).toEqual({ progressPercent: 33.33, currentStep: 1, totalSteps: 3 });
    expect(progress('::progress 500/500')).toEqual({
      progressPercent: 100,
      currentStep: 500,
      totalSteps: 500,
    });
  });

  it('treats malformed progress lines as log text', () => {
    for (const line of [
      '::progress',
      '::progress ',
      '::progress abc',
      '::progress -5',
      '::progress 101',
      '::progress 5/0',
      '::progress 6/5',
      '::progressive 45',
      ' ::progress 45',
      'progress 45',
    ]) {
      expect(parseProtocolLine(line), line).toBeNull();
    }
  });

  it('reads a number followed by text as a percent and a message', () => {
    expect(progress('::progress 4 5/6x')).toEqual({ progressPercent: 4, message: '5/6x' });
  });
});

describe('parseProtocolLine: Cronicle JSON', () => {
  it('reads progress in [0,1] with message and steps', () => {
    expect(progress('{"progress": 0.45}')).toEqual({ progressPercent: 45 });
    expect(
      progress(
        '{"progress": 0.5, "message": "Step two", "current_step": 2, "total_steps": 4, "current_item": "x.csv"}',
      ),
    ).toEqual({
      progressPercent: 50,
      message: 'Step two',
      currentStep: 2,
      totalSteps: 4,
      currentItem: 'x.csv',
    });
    expect(progress('{"progress": 1, "current_step": -1, "total_steps": 2.5}')).toEqual({
      progressPercent: 100,
    });
  });

  it('ignores JSON that is not a progress report', () => {
    for (const line of [
      '{"progress": 1.5}',
      '{"progress": -0.1}',
      '{"progress": "0.5"}',
      '{"complete": 1, "code": 0}',
      '{"progress": 0.5',
      '{"nested": {"progress": 0.5}}',
      '{not json "progress"}',
    ]) {
      expect(parseProtocolLine(line), line).toBeNull();
    }
  });
});

describe('parseProtocolLine: ::result', () => {
  it('returns the object to merge', () => {
    expect(parseProtocolLine('::result {"insert_count": 10, "summary": {"last_id": 7}}')).toEqual({
      kind: 'result',
      patch: { insert_count: 10, summary: { last_id: 7 } },
    });
  });

  it('ignores a result that is not a JSON object', () => {
    for (const line of ['::result', '::result [1,2]', '::result 5', '::result {bad', '::results {"a":1}']) {
      expect(parseProtocolLine(line), line).toBeNull();
    }
  });
});

describe('ProtocolLineScanner', () => {
  const scan = (chunks: (string | Buffer)[], maxLineBytes?: number) => {
    const lines: string[] = [];
    const scanner = new ProtocolLineScanner((line) => lines.push(line), maxLineBytes);
    for (const chunk of chunks) scanner.push(typeof chunk === 'string' ? Buffer.from(chunk) : chunk);
    scanner.end();
    return { lines, scanner };
  };

  it('hands over only candidate lines, joined across chunk borders', () => {
    const { lines } = scan([
      'hello\n::prog',
      'ress 5\nplain {x}\n{"progress":0.',
      '5}\nlast :: line\n::result {}',
    ]);
    expect(lines).toEqual(['::progress 5', '{"progress":0.5}', '::result {}']);
  });

  it('knows whether a chunk starts a new line', () => {
    const { lines } = scan(['abc', '::progress 1\n', '::progress 2\n', 'x\n', '{"progress":1}\n']);
    expect(lines).toEqual(['::progress 2', '{"progress":1}']);
  });

  it('decodes a multi-byte character split across chunks', () => {
    const bytes = Buffer.from('::progress 5 Größe €\n');
    const cut = bytes.indexOf(0xe2) + 1; // inside the euro sign
    const { lines } = scan([bytes.subarray(0, cut), bytes.subarray(cut)]);
    expect(lines).toEqual(['::progress 5 Größe €']);
  });

  it('skips over-long lines and recovers at the next line', () => {
    const long = '::progress 5 ' + 'x'.repeat(200);
    const { lines, scanner } = scan([long.slice(0, 100), long.slice(100), '\n::progress 6\n'], 64);
    expect(lines).toEqual(['::progress 6']);
    expect(scanner.skippedLines).toBe(1);
    const inOneChunk = scan([long + '\n::progress 7\n'], 64);
    expect(inOneChunk.lines).toEqual(['::progress 7']);
  });

  it('hands over the head and tail of an over-long line, however it is chunked', () => {
    const line = '::result {"insert_count": 7, "summary": {"blob": "' + 'y'.repeat(500) + '"}, "total": 9}';
    const pieces = [line.slice(0, 30), line.slice(30, 300), line.slice(300), '\n::progress 6\n'];
    for (const chunks of [pieces, [line + '\n::progress 6\n']]) {
      const over: OverlongLine[] = [];
      const lines: string[] = [];
      const scanner = new ProtocolLineScanner(
        (l) => lines.push(l),
        128,
        (o) => over.push(o),
        40,
      );
      for (const chunk of chunks) scanner.push(Buffer.from(chunk));
      scanner.end();
      expect(lines).toEqual(['::progress 6']);
      expect(over).toEqual([{ head: line.slice(0, 40), tail: line.slice(-40), bytes: line.length }]);
    }
  });

  it('reads the counters of an over-long ::result line and notes what was dropped', () => {
    const big =
      '::result {"insert_count": 10, "failed_count": 2, "summary": {"x": "' +
      'z'.repeat(100) +
      '"}, "total": 12}';
    const message = parseOverlongLine({ head: big.slice(0, 60), tail: big.slice(-20), bytes: 1_500_000 });
    expect(message).toEqual({
      kind: 'result',
      patch: {
        insert_count: 10,
        failed_count: 2,
        total: 12,
        result_truncated: true,
        result_note:
          'a ::result line of 1,500,000 bytes is over the 1,048,576-byte limit: only its counters were kept ' +
          '(total, failed_count, insert_count); the line is in the log',
      },
    });
    const unreadable = parseOverlongLine({
      head: '::result [' + 'x'.repeat(50),
      tail: 'x]',
      bytes: 2_000_000,
    });
    expect(unreadable?.kind === 'result' && unreadable.patch.result_note).toContain(
      'none of it could be read',
    );
    // Other over-long lines (progress, plain JSON) are log text as before.
    expect(parseOverlongLine({ head: '::progress 5 ' + 'x'.repeat(50), tail: 'x', bytes: 2e6 })).toBeNull();
    expect(parseOverlongLine({ head: '::resultant', tail: 'x', bytes: 2e6 })).toBeNull();
  });

  it('decodes a ::result line of almost 1 MB whole', () => {
    const summary = { blob: 'q'.repeat(1000) };
    const line =
      '::result ' + JSON.stringify({ insert_count: 3, summary, pad: 'p'.repeat(MAX_LINE_BYTES - 1200) });
    expect(Buffer.byteLength(line)).toBeLessThan(MAX_LINE_BYTES);
    const lines: string[] = [];
    const scanner = new ProtocolLineScanner((l) => lines.push(l));
    for (let i = 0; i < line.length; i += 65536) scanner.push(Buffer.from(line.slice(i, i + 65536)));
    scanner.push(Buffer.from('\n'));
    expect(lines).toHaveLength(1);
    expect(parseProtocolLine(lines[0])).toMatchObject({
      kind: 'result',
      patch: { insert_count: 3, summary },
    });
  });

  it('finds line starts among output full of colons and braces', () => {
    const { lines } = scan(['12:30:01 a{b}: c\nx::progress 1\n:', ':progress 2\n{"a":1}\nk: {v}\n']);
    expect(lines).toEqual(['::progress 2', '{"a":1}']);
  });

  it('gives the same lines as a naive split, for any text and any chunking', () => {
    const piece = fc.constantFrom('\n', ':', '::progress 5', '{', '}', 'x', 'é', '{"progress":0.5}', ' ');
    fc.assert(
      fc.property(
        fc.array(piece, { maxLength: 60 }),
        fc.array(fc.nat(20), { maxLength: 20 }),
        (parts, cuts) => {
          const text = parts.join('');
          const bytes = Buffer.from(text);
          const chunks: Buffer[] = [];
          let pos = 0;
          for (const cut of cuts) {
            chunks.push(bytes.subarray(pos, pos + cut));
            pos += cut;
          }
          chunks.push(bytes.subarray(pos));
          const expected = text.split('\n').filter((line) => line.startsWith(':') || line.startsWith('{'));
          expect(scan(chunks, 30).lines).toEqual(expected.filter((line) => Buffer.byteLength(line) <= 30));
        },
      ),
      { numRuns: 500 },
    );
  });

  it('passes non-UTF-8 bytes through without throwing', () => {
    const { lines } = scan([Buffer.from([0xff, 0xfe, 0x0a, 0x3a, 0x3a, 0xff, 0x0a])]);
    expect(lines).toEqual(['::\ufffd']);
  });
});
