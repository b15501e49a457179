// Every message constant of the core (an exported `..._MESSAGE` or `..._MESSAGES`, found by scanning the
// source, so a new one cannot be missed) is a catalog message, with a Chinese text. So is every English
// literal the core throws at a user (thrown-literals.ts finds them): a new one without a catalog code
// fails here, naming its file and line.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { localizeText, recognize, recognizeError } from '../../src/shared/messages';
import { PLACEHOLDER, thrownLiterals } from './thrown-literals';

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

/** Whether a thrown text is a catalog message: whole, behind a label, or after a `${prefix}` it starts with. */
function isCatalogText(text: string): boolean {
  const bare = text.replace(new RegExp(`^${PLACEHOLDER}+`), '');
  // Nothing but placeholders (`${prefix}${problem}`): the words come from elsewhere, checked there.
  if (!/[A-Za-z]{2}/.test(bare)) return true;
  return recognizeError(text) !== null || recognize(bare) !== null || recognizeError(bare) !== null;
}

const thrown = SCANNED.flatMap((dir) => sourceFiles(path.join(ROOT, dir))).flatMap((file) =>
  thrownLiterals(fs.readFileSync(file, 'utf8'), {
    plainErrors: file.includes(`${path.sep}shared${path.sep}`),
  }).map((literal) => ({ ...literal, where: `${path.relative(ROOT, file)}:${literal.line}` })),
);

describe('English thrown at a user', () => {
  it('is found: errors, conflicts, plain errors in shared code, the words of a ...Problem()', () => {
    const texts = thrown.map((t) => t.text);
    expect(texts).toEqual(
      expect.arrayContaining([
        'Invalid history cursor',
        `A test run with id ${PLACEHOLDER} is already going`,
        'Use a postgres:// or postgresql:// URL',
        'The command has several lines; cmd.exe runs only the first. Join them with & or put them in a .cmd file.',
        'At least one success exit code is needed',
      ]),
    );
    expect(thrown.length).toBeGreaterThan(40);
  });

  it('a new literal without a catalog code is caught (the check can fail)', () => {
    const source = [
      'function f() {',
      "  if (a) throw conflict(`The queue for ${name} is full`, 'name');",
      "  throw new CronkeeperError(\n    'VALIDATION',\n    'Nothing ' + 'works',\n  );",
      '}',
      'export function diskProblem(x: string): string | null {',
      '  if (x) return null;',
      "  return 'The disk is full';",
      '}',
      '',
    ].join('\n');
    const found = thrownLiterals(source, { plainErrors: false });
    expect(found.map((f) => f.text)).toEqual([
      `The queue for ${PLACEHOLDER} is full`,
      'Nothing works',
      'The disk is full',
    ]);
    expect(found.filter((f) => isCatalogText(f.text))).toEqual([]);
  });

  it.each(thrown.map((t) => [t.where, t.text] as const))('%s is a catalog message: %s', (_where, text) => {
    expect(isCatalogText(text), text).toBe(true);
    // In Chinese (a label or field the core puts in front, `${prefix}`, is not part of the message).
    const whole = text.split(PLACEHOLDER).join('x');
    const bare = text
      .replace(new RegExp(`^${PLACEHOLDER}+`), '')
      .split(PLACEHOLDER)
      .join('x');
    const sample = recognizeError(whole) ? whole : bare;
    if (/[A-Za-z]{2}/.test(sample)) expect(localizeText(sample, 'zh-CN')).toMatch(/\p{Script=Han}/u);
  });
});
