// Every message constant of the core (an exported `..._MESSAGE` or `..._MESSAGES`, found by scanning the
// source, so a new one cannot be missed) is a catalog message, with a Chinese text.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { localizeText, recognize } from '../../src/shared/messages';

const ROOT = path.resolve(__dirname, '..', '..');
const SCANNED = ['src/main/core', 'src/shared'];
const CONSTANT = /export const ([A-Z][A-Z0-9_]*_MESSAGES?)\b/g;

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(full);
    return /\.tsx?$/.test(entry.name) ? [full] : [];
  });
}

const found = SCANNED.flatMap((dir) => sourceFiles(path.join(ROOT, dir))).flatMap((file) =>
  Array.from(fs.readFileSync(file, 'utf8').matchAll(CONSTANT), (m) => ({ file, name: m[1] })),
);

describe('message constants in the source', () => {
  it('are found (the scan works)', () => {
    expect(found.map((f) => f.name)).toEqual(
      expect.arrayContaining(['SKIPPED_MESSAGE', 'MISSED_MESSAGE', 'CANCEL_MESSAGES']),
    );
  });

  it.each(found.map((f) => [f.name, path.relative(ROOT, f.file), f.file] as const))(
    '%s (%s) is in the catalog',
    async (name, _relative, file) => {
      const mod = (await import(file)) as Record<string, unknown>;
      const value = mod[name];
      const texts = typeof value === 'string' ? [value] : Object.values(value as Record<string, string>);
      expect(texts.length).toBeGreaterThan(0);
      for (const text of texts) {
        expect(recognize(text), text).not.toBeNull();
        expect(localizeText(text, 'zh-CN')).toMatch(/\p{Script=Han}/u);
      }
    },
  );
});
