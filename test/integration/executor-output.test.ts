// Huge and binary output: the log is capped (head + marker + tail), bytes are kept as-is, memory stays flat.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { startProcess, type ProgressUpdate } from '../../src/main/core/runner/executor';

const tmp = () => fs.mkdtempSync(path.join(os.tmpdir(), 'ck-'));
const MARKER_RE = /\n\[\.\.\. (\d+) bytes omitted by Cronkeeper \.\.\.\]\n/;

describe.skipIf(process.platform === 'win32')('executor output', () => {
  it('100 MB of output: memory stays flat and the log holds head + marker + tail at the cap', async () => {
    const dir = tmp();
    const logPath = path.join(dir, 'big.log');
    const cap = 10 * 1024 * 1024;
    const total = 100_000_000;
    // 50 million short lines, then a progress line and a last line we can recognise.
    const suffix = `\n::progress 99 nearly\nTHE-END-${'7'.padStart(25, '0')}\n`;
    const command = `yes | head -c ${total - suffix.length}; printf '\\n::progress 99 nearly\\nTHE-END-%025d\\n' 7`;
    const updates: ProgressUpdate[] = [];
    global.gc?.();
    const baseline = process.memoryUsage().rss;
    let peak = baseline;
    const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 20);
    const started = Date.now();
    const proc = startProcess({
      command,
      cwd: dir,
      env: {},
      logPath,
      logCapBytes: cap,
      timeoutMs: 30_000,
      onProgress: (p) => updates.push(p),
    });
    const outcome = await proc.done;
    clearInterval(sampler);
    peak = Math.max(peak, process.memoryUsage().rss);
    const seconds = (Date.now() - started) / 1000;
    const growthMb = (peak - baseline) / 1024 / 1024;
    console.log(
      `100 MB through the executor in ${seconds.toFixed(2)} s, RSS growth ${growthMb.toFixed(1)} MB`,
    );

    expect(outcome.status).toBe('success');
    expect(growthMb).toBeLessThan(50);
    expect(updates).toEqual([{ progressPercent: 99, message: 'nearly' }]);

    const file = fs.readFileSync(logPath);
    expect(file.length).toBe(cap);
    const head = file.subarray(0, cap / 2).toString('latin1');
    expect(head).toBe('y\n'.repeat(cap / 4));
    const rest = file.subarray(cap / 2).toString('latin1');
    const marker = MARKER_RE.exec(rest);
    expect(marker?.index).toBe(0);
    const tail = rest.slice(marker![0].length);
    expect(cap / 2 + Number(marker![1]) + tail.length).toBe(total);
    expect(tail.endsWith(suffix)).toBe(true);
    expect(tail.slice(0, -suffix.length)).toMatch(/^\n?(y\n)*y?$/);
    fs.rmSync(dir, { recursive: true, force: true }); // 10 MB of log: do not leave it in /tmp
  });

  it('keeps non-UTF-8 bytes as they are, under and over the cap', async () => {
    const dir = tmp();
    const fixture = path.join(dir, 'bytes.bin');
    // Every byte value, 20 times over, in a scrambled but fixed order: 5120 bytes, invalid UTF-8 galore.
    const data = Buffer.from(Array.from({ length: 5120 }, (_, i) => (i * 97 + 13) % 256));
    fs.writeFileSync(fixture, data);

    const small = path.join(dir, 'small.log');
    const whole = startProcess({
      command: 'cat bytes.bin',
      cwd: dir,
      env: {},
      logPath: small,
      logCapBytes: 1024 * 1024,
      timeoutMs: 0,
    });
    expect((await whole.done).status).toBe('success');
    expect(fs.readFileSync(small).equals(data)).toBe(true);

    const capped = path.join(dir, 'capped.log');
    const cut = startProcess({
      command: 'cat bytes.bin; cat bytes.bin >&2',
      cwd: dir,
      env: {},
      logPath: capped,
      logCapBytes: 2000,
      timeoutMs: 0,
    });
    const outcome = await cut.done;
    expect(outcome.status).toBe('success');
    const file = fs.readFileSync(capped);
    expect(file.length).toBe(2000);
    expect(file.subarray(0, 1000).equals(data.subarray(0, 1000))).toBe(true);
    const marker = MARKER_RE.exec(file.subarray(1000).toString('latin1'));
    expect(marker?.index).toBe(0);
    const tail = file.subarray(1000 + marker![0].length);
    expect(tail.equals(data.subarray(data.length - tail.length))).toBe(true);
    expect(1000 + Number(marker![1]) + tail.length).toBe(data.length * 2);
    // stderr tail is decoded for the error summary, but only its last 4 KB are kept.
    expect(outcome.stderrTail.length).toBeLessThanOrEqual(4096);
  });
});
