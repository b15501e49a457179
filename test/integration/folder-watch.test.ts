// The file trigger's watcher on real files: one debounced batch for a burst of writes, a glob, nested
// folders, an editor's atomic save, and a folder that is missing or removed and then comes back.
import { mkdirSync, mkdtempSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import {
  FolderWatch,
  matchesGlob,
  type ChangeBatch,
  type WatchStatus,
} from '../../src/main/core/triggers/folder-watch';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const fn of cleanups.splice(0).reverse()) await fn();
});

function tempDir(): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'ck-watch-'));
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

async function watching(folder: string, glob: string | null = null, debounceMs = 300) {
  const batches: ChangeBatch[] = [];
  const statuses: WatchStatus[] = [];
  const watch = new FolderWatch({
    folder,
    glob,
    debounceMs,
    recheckMs: 100,
    onBatch: (b) => batches.push(b),
    onStatus: (s) => statuses.push(s),
  });
  cleanups.push(() => watch.close());
  await watch.start();
  return { batches, statuses };
}

const sorted = (batch: ChangeBatch) => [...batch.changes].sort((a, b) => a.path.localeCompare(b.path));

describe('folder watch', () => {
  it('delivers a burst of writes as one batch after the quiet period', async () => {
    const dir = tempDir();
    const { batches, statuses } = await watching(dir);
    expect(statuses).toEqual([{ state: 'watching' }]);
    mkdirSync(path.join(dir, 'sub'));
    writeFileSync(path.join(dir, 'a.csv'), '1');
    writeFileSync(path.join(dir, 'sub', 'b.csv'), '2');
    await expect.poll(() => batches.length, { timeout: 10_000 }).toBe(1);
    expect(sorted(batches[0])).toEqual([
      { event: 'created', path: 'a.csv' },
      { event: 'created', path: 'sub/b.csv' },
    ]);
    rmSync(path.join(dir, 'a.csv'));
    await expect.poll(() => batches.length, { timeout: 10_000 }).toBe(2);
    expect(batches[1].changes).toEqual([{ event: 'removed', path: 'a.csv' }]);
  });

  it('only reports files that match the glob', async () => {
    const dir = tempDir();
    const { batches } = await watching(dir, '*.csv');
    writeFileSync(path.join(dir, 'notes.txt'), 'x');
    writeFileSync(path.join(dir, 'data.csv'), 'x');
    await expect.poll(() => batches.length, { timeout: 10_000 }).toBe(1);
    expect(batches[0].changes).toEqual([{ event: 'created', path: 'data.csv' }]);
  });

  it("reports an editor's atomic save (write a temp file, rename it over) as a change", async () => {
    const dir = tempDir();
    writeFileSync(path.join(dir, 'report.json'), '{}');
    const { batches } = await watching(dir, '*.json');
    writeFileSync(path.join(dir, '.report.json.tmp'), '{"a":1}');
    renameSync(path.join(dir, '.report.json.tmp'), path.join(dir, 'report.json'));
    await expect.poll(() => batches.length, { timeout: 10_000 }).toBe(1);
    expect(batches[0].changes.map((c) => c.path)).toEqual(['report.json']);
    expect(batches[0].changes[0].event).not.toBe('removed');
  });

  it('warns while the folder is missing and recovers when it appears', async () => {
    const parent = tempDir();
    const folder = path.join(parent, 'inbox');
    const { batches, statuses } = await watching(folder);
    expect(statuses).toEqual([{ state: 'missing', message: 'The folder does not exist.' }]);
    mkdirSync(folder);
    await expect.poll(() => statuses.at(-1), { timeout: 10_000 }).toEqual({ state: 'watching' });
    writeFileSync(path.join(folder, 'x'), '1');
    await expect.poll(() => batches.length, { timeout: 10_000 }).toBe(1);
  });

  it('notices the folder disappearing, and watches again when it is back', async () => {
    const parent = tempDir();
    const folder = path.join(parent, 'inbox');
    mkdirSync(folder);
    const { batches, statuses } = await watching(folder);
    rmSync(folder, { recursive: true });
    await expect.poll(() => statuses.at(-1)?.state, { timeout: 10_000 }).toBe('missing');
    mkdirSync(folder);
    await expect.poll(() => statuses.at(-1)?.state, { timeout: 10_000 }).toBe('watching');
    writeFileSync(path.join(folder, 'back.txt'), '1');
    await expect
      .poll(() => batches.some((b) => b.changes.some((c) => c.path === 'back.txt')), { timeout: 10_000 })
      .toBe(true);
  });
});

describe('globs', () => {
  it('match like a shell, a bare pattern at any depth', () => {
    expect(matchesGlob('*.csv', 'a.csv')).toBe(true);
    expect(matchesGlob('*.csv', 'deep/in/a.csv')).toBe(true);
    expect(matchesGlob('*.csv', 'a.csv.tmp')).toBe(false);
    expect(matchesGlob('in/*.json', 'in/a.json')).toBe(true);
    expect(matchesGlob('in/*.json', 'in/x/a.json')).toBe(false);
    expect(matchesGlob('in/**/*.json', 'in/x/y/a.json')).toBe(true);
    expect(matchesGlob('in/**/*.json', 'in/a.json')).toBe(true);
    expect(matchesGlob('*.{jpg,png}', 'p.png')).toBe(true);
    expect(matchesGlob('report-??.txt', 'report-07.txt')).toBe(true);
    expect(matchesGlob('[!.]*', '.hidden')).toBe(false);
    expect(matchesGlob(null, 'anything')).toBe(true);
  });
});
