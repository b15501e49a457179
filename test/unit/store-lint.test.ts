// Issue #14: src/main/core/store/ is the only code that issues SQL. The lint rule (eslint.config.mjs) refuses
// SQL text, sequelize.query, the query helpers and the drivers anywhere else in the core; a store module
// may use all of them.
import path from 'node:path';
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

const root = path.resolve(__dirname, '../..');
const eslint = new ESLint({ cwd: root });

const SAMPLES = [
  `export const q = (db: { sequelize: { query(s: string): unknown } }) => db.sequelize.query('SELECT 1');`,
  "export const sql = `UPDATE task_executions SET status = 'running' WHERE id = ?`;",
  `export const sql = 'DELETE FROM scheduler_leases WHERE name = ?';`,
  `import { select } from '../store/sql';\nexport const f = select;`,
  `import pg from 'pg';\nexport const p = pg;`,
];

async function errorsIn(file: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: path.join(root, file) });
  return result.messages.filter((m) => m.ruleId === 'no-restricted-syntax').map((m) => m.message);
}

describe('the lint rule that keeps SQL in core/store', () => {
  it('refuses SQL, sequelize.query, the query helpers and the drivers outside store/', async () => {
    for (const code of SAMPLES) {
      expect(await errorsIn('src/main/core/runner/sample.ts', code), code).not.toEqual([]);
      expect(await errorsIn('src/main/core/team-sample.ts', code), code).not.toEqual([]);
    }
  });

  it('lets a store module issue SQL', async () => {
    for (const code of SAMPLES.slice(0, 3)) {
      expect(
        await errorsIn('src/main/core/store/sample.ts', code.replace('../store/sql', './sql')),
        code,
      ).toEqual([]);
    }
  });
});
