import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { readLogChunk } from '../../src/main/core/runner/log-reader';

function logFile(content: string | Buffer): string {
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'ck-')), 'run.log');
  fs.writeFileSync(file, content);
  return file;
}

const lines = (n: number) => Array.from({ length: n }, (_, i) => `line ${i}`).join('\n') + '\n';

describe('readLogChunk', () => {
  it('returns an empty chunk for a missing file or no path', async () => {
    expect(await readLogChunk('/nonexistent/ck/run.log', {})).toEqual({
      text: '',
      start: 0,
      end: 0,
      size: 0,
    });
    expect(await readLogChunk(null, { search: 'x' })).toEqual({
      text: '',
      start: 0,
      end: 0,
      size: 0,
      matches: [],
    });
  });

  it('reads a whole small file', async () => {
    const content = lines(3);
    const chunk = await readLogChunk(logFile(content), {});
    expect(chunk).toEqual({ text: content, start: 0, end: content.length, size: content.length });
  });

  it('reads the tail first, aligned to a line start, then walks back with `before` to cover the file', async () => {
    const content = lines(1000);
    const file = logFile(content);
    const chunk = await readLogChunk(file, { maxBytes: 100 });
    expect(chunk.end).toBe(content.length);
    expect(chunk.end - chunk.start).toBeLessThanOrEqual(100);
    expect(content[chunk.start - 1]).toBe('\n');
    expect(chunk.text).toBe(content.slice(chunk.start, chunk.end));
    expect(chunk.text.endsWith('line 999\n')).toBe(true);

    let before = content.length;
    const pieces: string[] = [];
    for (let guard = 0; before > 0 && guard < 10_000; guard++) {
      const c = await readLogChunk(file, { before, maxBytes: 100 });
      expect(c.end).toBe(before);
      pieces.unshift(c.text);
      before = c.start;
    }
    expect(pieces.join('')).toBe(content);
  });

  it('decodes invalid UTF-8 with replacement characters', async () => {
    const chunk = await readLogChunk(logFile(Buffer.from([0x61, 0xff, 0x0a, 0xc3, 0xa9, 0x0a])), {});
    expect(chunk.text).toBe('a\ufffd\né\n');
    expect(chunk.size).toBe(6);
  });

  it('returns the indexes of matching lines, case-insensitively', async () => {
    const chunk = await readLogChunk(logFile('ok\nERROR one\nfine\nan error two\n'), { search: 'error' });
    expect(chunk.matches).toEqual([1, 3]);
    const none = await readLogChunk(logFile('ok\n'), { search: 'zzz' });
    expect(none.matches).toEqual([]);
  });

  it('shows the end of a line longer than the chunk rather than nothing', async () => {
    const content = 'x'.repeat(500);
    const chunk = await readLogChunk(logFile(content), { maxBytes: 100 });
    expect(chunk.text).toBe('x'.repeat(100));
    expect(chunk.start).toBe(400);
  });

  it('clamps `before` beyond the end of the file', async () => {
    const chunk = await readLogChunk(logFile('abc\n'), { before: 999 });
    expect(chunk).toEqual({ text: 'abc\n', start: 0, end: 4, size: 4 });
  });
});
