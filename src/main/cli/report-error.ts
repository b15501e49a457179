// Reduces anything thrown while running a command to ONE stderr line and an exit code: the CLI's errors,
// zod validation errors (the contract's schemas) and the core's CronkeeperError, whose field names are
// translated back to the option the user typed.
import { ZodError } from 'zod';
import { CliError, EXIT_FAILED, EXIT_USAGE } from './errors';
import { fieldToOption } from './task-options';

/** Codes of CronkeeperError that mean "the request was wrong", not "something broke". */
const USER_ERROR_CODES = new Set([
  'VALIDATION',
  'NOT_FOUND',
  'CONFLICT',
  'UNSUPPORTED',
  'LOCKED',
  'FORBIDDEN',
]);

interface CodedError {
  code: string;
  message: string;
  field?: string;
}

function isCodedError(err: unknown): err is CodedError {
  return (
    err instanceof Error && typeof (err as { code?: unknown }).code === 'string' && !!(err as Error).message
  );
}

/** "--cron: Hour field: 25 is out of range" reads better than "cronExpression: ...". */
/** Fields of the non-task inputs (history) and the options that set them. */
const OTHER_OPTIONS: Record<string, string> = {
  limit: '--limit',
  taskId: '--task',
  status: '--status',
  trigger: '--trigger',
};

function withField(field: string | undefined, message: string): string {
  if (!field) return message;
  return `${fieldToOption(field) ?? OTHER_OPTIONS[field] ?? field}: ${message}`;
}

/**
 * The first issue, named by the option the user typed. Edits nest the fields as {id, patch: {...}}, and a
 * record adds its key ("env", "1BAD"), so the field is the first key after "patch"; the rest is detail.
 */
function describeZodIssue(err: ZodError): string {
  const issue = err.issues[0];
  if (!issue) return 'invalid input';
  const keys = issue.path.filter((key) => key !== 'patch').map(String);
  // A record key that fails its own schema carries the useful message one level down.
  const inner = (issue as { issues?: { message: string }[] }).issues?.[0]?.message;
  const message = issue.code === 'invalid_key' && inner ? inner : issue.message;
  const [field, ...detail] = keys;
  return withField(field, detail.length ? `${detail.join('.')}: ${message}` : message);
}

/** Turns any thrown value into the single stderr line (without the "cronkeeper: " prefix) and an exit code. */
export function describeError(err: unknown): { line: string; exitCode: number } {
  if (err instanceof CliError) return { line: err.message, exitCode: err.exitCode };
  if (err instanceof ZodError) return { line: describeZodIssue(err), exitCode: EXIT_USAGE };
  if (isCodedError(err) && USER_ERROR_CODES.has(err.code)) {
    return { line: withField(err.field, err.message), exitCode: EXIT_USAGE };
  }
  const message = err instanceof Error ? err.message : String(err);
  return { line: `internal error: ${message}`, exitCode: EXIT_FAILED };
}

/** Keeps the promise of ONE line: newlines inside a message are folded. */
export function oneLine(text: string): string {
  return text.replace(/\s*\n\s*/g, ' ').trim();
}
