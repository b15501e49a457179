import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { CappedLogWriter, omittedMarker } from '../../src/main/core/runner/log-writer';

const tmp = () => fs.mkdtempSync(path.join(os.tmpdir(), 'ck-'));

/** Writes `data` in chunks of the given sizes (cycled) and returns the file's bytes. */
function writeInChunks(data: Buffer, cap: number, sizes: number[]): Buffer {
  const file = path.join(tmp(), 'nested', 'folder', 'run.log');
  const writer = new CappedLogWriter(file, cap);
  let pos = 0;
  for (let i = 0; pos < data.length; i++) {
    const size = sizes[i % sizes.length];
    writer.write(data.subarray(pos, pos + size));
    pos += size;
  }
  writer.close();
  return fs.readFileSync(file);
}

const bytes = (n: number) => Buffer.from(Array.from({ length: n }, (_, i) => (i * 7 + 3) % 256));

describe('CappedLogWriter', () => {
  it('keeps everything, byte for byte, while under the cap, creating the folder', () => {
    const data = bytes(1000);
    expect(writeInChunks(data, 1000, [1, 33, 500]).equals(data)).toBe(true);
  });

  it('keeps head + marker + tail at exactly the cap when over it, for any chunking', () => {
    const cap = 1000;
    const data = bytes(5000);
    for (const sizes of [[1], [7, 300], [999], [5000], [499, 2]]) {
      const file = writeInChunks(data, cap, sizes);
      expect(file.length, String(sizes)).toBe(cap);
      const head = file.subarray(0, 500);
      expect(head.equals(data.subarray(0, 500))).toBe(true);
      const text = file.toString('latin1');
      const match = /\n\[\.\.\. (\d+) bytes omitted by Cronkeeper \.\.\.\]\n/.exec(text);
      expect(match).not.toBeNull();
      const omitted = Number(match![1]);
      const tail = file.subarray(500 + match![0].length);
      expect(500 + omitted + tail.length).toBe(data.length);
      expect(tail.equals(data.subarray(data.length - tail.length))).toBe(true);
      expect(match!.index).toBe(500);
    }
  });

  it('just over the cap: the marker counts the bytes it displaced', () => {
    const data = bytes(1001);
    const file = writeInChunks(data, 1000, [10]);
    const markerLength = omittedMarker(0).length;
    expect(file.length).toBeLessThanOrEqual(1000);
    expect(file.toString('latin1')).toContain('bytes omitted by Cronkeeper');
    expect(file.length).toBeGreaterThan(1000 - markerLength - 5);
  });

  it('throws when the log file cannot be created', () => {
    const blocker = path.join(tmp(), 'a-file');
    fs.writeFileSync(blocker, 'x');
    expect(() => new CappedLogWriter(path.join(blocker, 'run.log'), 1000)).toThrow();
  });
});
