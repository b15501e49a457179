// Nothing of a run's result is dropped silently: a real job prints a `::result` line far over the 1 MB
// line limit, another a summary over 4 KB, another one that fits. The result keeps what it can (the
// counters), says what was dropped and why (result_truncated + result_note), and the log keeps the line.
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, expect, it } from 'vitest';
import { parseResult } from '../../src/main/core/result-json';
import { addTask, closeCores, executions, openCore, waitFor } from './scheduler-helpers';

afterEach(() => closeCores());

/** Runs `script` (Node) as a task once and returns its finished execution row. */
async function runScript(script: string) {
  const core = await openCore();
  const dir = path.join(core.dataDir, 'scripts');
  fs.mkdirSync(dir, { recursive: true });
  const file = path.join(dir, 'job.js');
  fs.writeFileSync(file, script);
  const taskId = await addTask(core, {
    cronExpression: '0 0 1 1 *',
    command: `"${process.execPath}" "${file}"`,
  });
  await core.handlers['tasks.runNow']({ id: taskId });
  const [row] = await waitFor(
    async () => {
      const rows = await executions(core, taskId);
      return rows.length && rows[0].end_time !== null ? rows : null;
    },
    30_000,
    'the run to finish',
  );
  return { core, row, result: parseResult(row.result_json) };
}

it('keeps the counters of a ::result line over 1 MB, says so, and the log has its head and tail', async () => {
  const { core, row, result } = await runScript(`
    const line = '::result ' + JSON.stringify({ insert_count: 41, update_count: 2, summary: { blob: 'b'.repeat(1_500_000) }, total: 43 });
    process.stdout.write(line + '\\n::result {"failed_count": 1}\\n', () => process.exit(0));
  `);
  expect(row.status).toBe('success');
  expect(result).toMatchObject({ insert_count: 41, update_count: 2, total: 43, failed_count: 1 });
  expect(result.result_truncated).toBe(true);
  expect(result.result_note).toMatch(
    /^a ::result line of 1,500,\d+ bytes is over the 1,048,576-byte limit: only its counters were kept \(total, insert_count, update_count\); the line is in the log$/,
  );
  expect(result).not.toHaveProperty('summary');
  const log = (await core.executions.log(row.id, { maxBytes: 4 * 1024 * 1024 })).text;
  expect(log).toContain('::result {"insert_count":41');
  expect(log).toContain('"},"total":43}');
});

it('parses a ::result line up to 1 MB whole, and notes a summary over 4 KB', async () => {
  const whole = await runScript(`
    const line = '::result ' + JSON.stringify({ insert_count: 5, summary: { last_id: 1234 }, pad: 'p'.repeat(900_000) });
    process.stdout.write(line + '\\n', () => process.exit(0));
  `);
  // A line of 900 KB is read in full (the old 64 KB limit dropped it and its counters silently).
  expect(whole.result.insert_count).toBe(5);
  expect(whole.result.summary).toEqual({ last_id: 1234 });

  const big = await runScript(`
    process.stdout.write('::result ' + JSON.stringify({ insert_count: 6, summary: { blob: 's'.repeat(5000) } }) + '\\n', () => process.exit(0));
  `);
  expect(big.result).toMatchObject({
    insert_count: 6,
    result_truncated: true,
    result_note: 'summary dropped: 5,011 bytes, over the 4,096 bytes limit',
  });
  expect(big.result).not.toHaveProperty('summary');
});
