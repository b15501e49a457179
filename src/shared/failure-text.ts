// Why a run failed, in one line: the run's own message (the exit code in words, a timeout, a missing
// command) and the last line of its error summary (a traceback's exception, a job's last words). The
// history list, the dashboard, the task row and the failure notification all say it the same way.
import type { ExecutionStatus } from './types';

/** Runs whose error summary explains them; a cancelled or skipped run is explained by its message. */
const EXPLAINED_BY_OUTPUT: ReadonlySet<string> = new Set<ExecutionStatus>([
  'failed',
  'timed_out',
  'interrupted',
]);

const MAX_LINE_CHARS = 300;

/** The last line of the summary that says something (not the "…" between head and tail). */
export function summaryLastLine(result: Record<string, unknown> | null | undefined): string | null {
  const summary = result?.error_summary;
  if (typeof summary !== 'string') return null;
  const lines = summary
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line !== '' && line !== '…');
  const last = lines.at(-1);
  if (!last) return null;
  const chars = Array.from(last);
  return chars.length <= MAX_LINE_CHARS ? last : `${chars.slice(0, MAX_LINE_CHARS - 1).join('')}…`;
}

/**
 * "Exited with code 2: psycopg2.OperationalError: could not connect to server". `separator` joins our
 * message to the job's last line: Chinese text takes a full-width colon ("退出码 2：…").
 */
export function failureLine(
  execution: {
    status: string;
    errorMessage: string | null;
    result?: Record<string, unknown> | null;
  },
  separator = ': ',
): string {
  const message = execution.errorMessage?.trim() ?? '';
  const cause = EXPLAINED_BY_OUTPUT.has(execution.status) ? summaryLastLine(execution.result) : null;
  if (!cause || message.includes(cause)) return message || cause || '';
  return message ? `${message}${separator}${cause}` : cause;
}
