// A failed run says why: real jobs, real processes. A Python-style traceback longer than the summary keeps
// its first and last lines; a job that writes nothing on stderr is explained by its last stdout lines.
import { afterEach, describe, expect, it } from 'vitest';
import { parseResult } from '../../src/main/core/result-json';
import { failureLine } from '../../src/shared/failure-text';
import { addTask, closeCores, executions, openCore, waitFor } from './scheduler-helpers';

afterEach(() => closeCores());

// 30 frames (~2 KB) on stderr, then the exception, as CPython prints it; then exit 1.
const TRACEBACK_JOB = [
  `printf 'Traceback (most recent call last):\\n' >&2`,
  `i=0; while [ $i -lt 30 ]; do printf '  File "/srv/etl/step%s.py", line %s, in run\\n    load_batch()\\n' $i $i >&2; i=$((i+1)); done`,
  `printf 'psycopg2.OperationalError: could not connect to server: Connection refused\\n' >&2`,
  'exit 1',
].join('; ');

async function failedRun(command: string) {
  const core = await openCore();
  const taskId = await addTask(core, { paused: true, command });
  await core.start();
  await core.handlers['tasks.runNow']({ id: taskId });
  const row = await waitFor(
    async () => (await executions(core, taskId)).find((r) => r.status === 'failed'),
    15000,
  );
  const { items } = await core.handlers['executions.list']({ taskId });
  return { row, execution: items.find((e) => e.id === row.id)! };
}

describe('error summary of a real failed run', () => {
  it('keeps the head and the last line of a long traceback on stderr', async () => {
    const { row, execution } = await failedRun(TRACEBACK_JOB);
    const summary = parseResult(row.result_json).error_summary as string;
    expect(summary.startsWith('Traceback (most recent call last):')).toBe(true);
    expect(
      summary.endsWith('psycopg2.OperationalError: could not connect to server: Connection refused'),
    ).toBe(true);
    expect(summary).toContain('\n…\n');
    expect(failureLine(execution)).toBe(
      'Exited with code 1: psycopg2.OperationalError: could not connect to server: Connection refused',
    );
  });

  it('uses the last stdout lines when stderr is empty, leaving out progress lines', async () => {
    const { row, execution } = await failedRun(
      `i=0; while [ $i -lt 200 ]; do echo "row $i ok"; i=$((i+1)); done; echo 'ERROR: quota exceeded'; echo '::progress 99'; exit 4`,
    );
    const summary = parseResult(row.result_json).error_summary as string;
    expect(summary.endsWith('row 199 ok\nERROR: quota exceeded')).toBe(true);
    expect(summary.split('\n')[0]).toMatch(/^row \d+ ok$/);
    expect(failureLine(execution)).toBe('Exited with code 4: ERROR: quota exceeded');
  });

  it('names the signal of a job its shell reports as killed', async () => {
    const { execution } = await failedRun(`sh -c 'kill -KILL $$'`);
    expect(execution.errorMessage).toBe('Killed by SIGKILL (exit code 137)');
  });
});
