import { describe, expect, it } from 'vitest';
import { failureLine, summaryLastLine } from '../../src/shared/failure-text';

const traceback =
  'Traceback (most recent call last):\n  File "x.py", line 1\n…\npsycopg2.OperationalError: no server\n';

describe('failureLine', () => {
  it("adds the summary's last line to the run's message", () => {
    expect(
      failureLine({
        status: 'failed',
        errorMessage: 'Exited with code 2',
        result: { error_summary: traceback },
      }),
    ).toBe('Exited with code 2: psycopg2.OperationalError: no server');
    expect(
      failureLine({
        status: 'timed_out',
        errorMessage: 'Timed out after 5 s',
        result: { error_summary: 'stuck at 3/9' },
      }),
    ).toBe('Timed out after 5 s: stuck at 3/9');
  });

  it('says it once when the message already holds it, and works with either part missing', () => {
    expect(
      failureLine({
        status: 'failed',
        errorMessage: 'Command not found: foo',
        result: { error_summary: 'foo' },
      }),
    ).toBe('Command not found: foo');
    expect(failureLine({ status: 'failed', errorMessage: 'Exited with code 1', result: {} })).toBe(
      'Exited with code 1',
    );
    expect(failureLine({ status: 'failed', errorMessage: null, result: { error_summary: 'boom' } })).toBe(
      'boom',
    );
    expect(failureLine({ status: 'failed', errorMessage: null })).toBe('');
  });

  it('leaves a cancelled run to its own message', () => {
    expect(
      failureLine({
        status: 'cancelled',
        errorMessage: 'Cancelled by the user',
        result: { error_summary: 'Terminated' },
      }),
    ).toBe('Cancelled by the user');
  });

  it('skips the gap marker and caps a very long line', () => {
    expect(summaryLastLine({ error_summary: 'head\n…\n' })).toBe('head');
    expect(summaryLastLine({ error_summary: 42 })).toBeNull();
    expect(Array.from(summaryLastLine({ error_summary: 'y'.repeat(1000) })!).length).toBe(300);
  });
});
