// The lint rule that keeps SQL in src/main/core/store/ (eslint.config.mjs, issue #14): it fires on each
// forbidden pattern outside store/ and db/, stays quiet inside them, and leaves ordinary UI text alone.
import path from 'node:path';
import { ESLint } from 'eslint';
import { beforeAll, describe, expect, it } from 'vitest';

const root = path.resolve(__dirname, '../..');
let eslint: ESLint;

beforeAll(() => {
  eslint = new ESLint({ cwd: root });
});

/** The messages of the SQL rule for `code` as if it were the file at `file` (relative to the root). */
async function sqlProblems(code: string, file: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: path.join(root, file) });
  return result.messages.filter((m) => m.ruleId === 'no-restricted-syntax').map((m) => m.message);
}

const FORBIDDEN: [string, string][] = [
  ['SQL text in a string', `export const sql = 'SELECT id FROM scheduled_tasks WHERE id = ?';`],
  ['SQL text in a template', 'export const sql = (t: string) => `DELETE FROM ${t} WHERE id = ?`;'],
  [
    'an UPDATE inside a template',
    'export const f = (x: string) => `\\n  UPDATE task_executions SET x = ${x}`;',
  ],
  ['a pragma', `export const p = 'PRAGMA foreign_keys = ON';`],
  ['sequelize.query', `export const q = (sequelize: any) => sequelize.query('x');`],
  ['db.sequelize.query', `export const q = (db: any) => db.sequelize.query('x');`],
  ['the connection manager', `export const m = (s: any) => s.connectionManager;`],
  ['importing sqlite3', `import sqlite3 from 'sqlite3';\nexport const s = sqlite3;`],
  ['importing pg', `import pg from 'pg';\nexport const p = pg;`],
  ['loading pg on demand', `export const p = () => import('pg');`],
];

describe('outside the store', () => {
  it.each(FORBIDDEN)('refuses %s', async (_what, code) => {
    const problems = await sqlProblems(code, 'src/main/core/services/lint-fixture.ts');
    expect(problems.length).toBeGreaterThanOrEqual(1);
  });

  it('applies to the shell, the host, the CLI and the renderer too', async () => {
    for (const file of [
      'src/main/shell/x.ts',
      'src/main/host/x.ts',
      'src/main/cli/x.ts',
      'src/renderer/src/x.tsx',
    ]) {
      expect((await sqlProblems(FORBIDDEN[0][1], file)).length).toBeGreaterThanOrEqual(1);
    }
  });

  it('leaves UI text and messages alone', async () => {
    const code = [
      `export const a = 'Delete';`,
      `export const b = 'Select a task from the list';`,
      `export const c = 'Update the schedule, then select where it runs';`,
      `export const d = (n: number) => \`Delete \${n} runs from the history?\`;`,
      `export const e = 'SELECT';`,
      `export const f = 'With the default zone';`,
      `import type { PoolClient } from 'pg';\nexport type P = PoolClient;`,
    ].join('\n');
    expect(await sqlProblems(code, 'src/main/core/services/lint-fixture.ts')).toEqual([]);
  });
});

describe('inside the store and db/', () => {
  it.each(['src/main/core/store/lint-fixture.ts', 'src/main/core/db/lint-fixture.ts'])(
    'allows all of it in %s',
    async (file) => {
      for (const [, code] of FORBIDDEN) expect(await sqlProblems(code, file)).toEqual([]);
    },
  );
});
