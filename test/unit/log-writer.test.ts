import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  allowMemoryFallback,
  CappedLogWriter,
  omittedMarker,
  releaseMemoryFallback,
} from '../../src/main/core/runner/log-writer';

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

// The scheduler's runs (a memory fallback allowed): the file is created on the thread pool when the first
// output arrives, so more output can arrive before it exists; a run that prints nothing has no file.
describe('CappedLogWriter, file created in the background on the first output', () => {
  const withFallback = (file: string, cap: number) => {
    const memory = allowMemoryFallback(file);
    try {
      return { writer: new CappedLogWriter(file, cap), memory };
    } finally {
      releaseMemoryFallback(file);
    }
  };

  it('does not create the file before returning, and keeps what came first, in order', async () => {
    const file = path.join(tmp(), 'new-folder', 'run.log');
    const { writer, memory } = withFallback(file, 1000);
    expect(fs.existsSync(file)).toBe(false);
    writer.write(Buffer.from('first '));
    writer.write(Buffer.from('second '));
    await writer.ready;
    writer.write(Buffer.from('third'));
    writer.close();
    await writer.closed;
    expect(fs.readFileSync(file, 'utf8')).toBe('first second third');
    expect(memory.reason).toBeNull();
  });

  it('creates no file for a run that prints nothing, an empty chunk included', async () => {
    const file = path.join(tmp(), 'silent', 'run.log');
    const { writer, memory } = withFallback(file, 1000);
    writer.write(Buffer.alloc(0));
    writer.close();
    await writer.closed;
    await writer.ready;
    expect(fs.existsSync(path.dirname(file))).toBe(false);
    expect(memory.reason).toBeNull();
  });

  it('creates the file on the first output, not before', async () => {
    const file = path.join(tmp(), 'run.log');
    const { writer } = withFallback(file, 1000);
    await new Promise((resolve) => setTimeout(resolve, 20)); // time enough for a background open
    expect(fs.existsSync(file)).toBe(false);
    writer.write(Buffer.from('out'));
    await writer.ready;
    expect(fs.existsSync(file)).toBe(true);
    writer.close();
    await writer.closed;
    expect(fs.readFileSync(file, 'utf8')).toBe('out');
  });

  it('a silent run removes a file an earlier database left at its path', async () => {
    const file = path.join(tmp(), 'run.log');
    fs.writeFileSync(file, 'the log of another run that had this id');
    const { writer } = withFallback(file, 1000);
    writer.close();
    await writer.closed;
    expect(fs.existsSync(file)).toBe(false);
  });

  it('closed before the file exists: closes it once written, and says so by `closed`', async () => {
    const file = path.join(tmp(), 'run.log');
    const { writer } = withFallback(file, 1000);
    writer.write(Buffer.from('all of it'));
    writer.close();
    await writer.closed;
    expect(fs.readFileSync(file, 'utf8')).toBe('all of it');
  });

  it('more than the cap before the file exists: the log says how much was left out', async () => {
    const file = path.join(tmp(), 'run.log');
    const { writer } = withFallback(file, 100);
    writer.write(bytes(80));
    writer.write(bytes(50)); // would pass the cap: counted, not kept
    writer.close();
    await writer.closed;
    const text = fs.readFileSync(file).toString('latin1');
    expect(text.startsWith(bytes(50).toString('latin1'))).toBe(true);
    expect(text).toContain('bytes omitted by Cronkeeper');
    expect(text.length).toBeLessThanOrEqual(100);
  });

  it('a file that cannot be created: the output, early and late, goes to memory with the reason', async () => {
    const blocker = path.join(tmp(), 'a-file');
    fs.writeFileSync(blocker, 'x');
    const { writer, memory } = withFallback(path.join(blocker, 'run.log'), 1000);
    writer.write(Buffer.from('early '));
    await writer.ready;
    writer.write(Buffer.from('late'));
    writer.close();
    await writer.closed;
    expect(memory.reason).toMatch(/ENOTDIR/);
    expect(memory.tail(100)).toBe('early late');
  });
});
