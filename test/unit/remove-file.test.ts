// Deleting a log that someone holds open for a moment (Windows antivirus: EBUSY/EPERM): retried with a
// growing pause until it goes; other errors and a file that stays locked give up; missing counts as gone.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { removeWithRetry } from '../../src/main/core/remove-file';

const failure = (code: string) => Object.assign(new Error(code), { code });

/** A remove that fails with `codes` in turn, then deletes the real file. */
function flaky(codes: string[]) {
  const calls: number[] = [];
  const remove = async (file: string) => {
    calls.push(Date.now());
    const code = codes.shift();
    if (code) throw failure(code);
    await fs.promises.rm(file);
  };
  return { remove, calls };
}

describe('removeWithRetry', () => {
  it('retries while the file is busy, with growing pauses, and deletes it', async () => {
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'ck-rm-')), 'run.log');
    fs.writeFileSync(file, 'x');
    const { remove, calls } = flaky(['EBUSY', 'EPERM', 'EACCES']);
    expect(await removeWithRetry(file, remove, [20, 40, 80])).toBe(true);
    expect(fs.existsSync(file)).toBe(false);
    expect(calls).toHaveLength(4);
    expect(calls[2] - calls[1]).toBeGreaterThanOrEqual(calls[1] - calls[0] - 5);
  });

  it('gives up after the last pause, or at once on an error retrying cannot fix', async () => {
    const locked = flaky(['EBUSY', 'EBUSY', 'EBUSY', 'EBUSY']);
    expect(await removeWithRetry('/nowhere/a.log', locked.remove, [5, 5])).toBe(false);
    expect(locked.calls).toHaveLength(3);
    const bad = flaky(['EISDIR']);
    expect(await removeWithRetry('/nowhere/b.log', bad.remove, [5, 5])).toBe(false);
    expect(bad.calls).toHaveLength(1);
  });

  it('a file already gone counts as removed', async () => {
    expect(await removeWithRetry('/nowhere/c.log', (f) => fs.promises.rm(f))).toBe(true);
  });
});
