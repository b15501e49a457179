// Reduces anything thrown while running a command to ONE stderr line and an exit code: the CLI's errors
// and the wire errors of the one dispatcher (the contract's validation, the core's CronkeeperError), whose
// field names are translated back to the option the user typed.
import type { WireError } from '../../shared/contract';
import { formatMessage, type CodedMessage } from '../../shared/messages';
import { cliLang, cliText } from './cli-lang';
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

function isCodedError(err: unknown): err is Error & WireError {
  return (
    err instanceof Error && typeof (err as { code?: unknown }).code === 'string' && !!(err as Error).message
  );
}

/** Fields of the non-task inputs (history) and the options that set them. */
const OTHER_OPTIONS: Record<string, string> = {
  limit: '--limit',
  taskId: '--task',
  status: '--status',
  trigger: '--trigger',
  tag: '--tag',
  search: '--search',
};

/**
 * "--cron: Hour field: 25 is out of range" reads better than "cronExpression: ...". The wire message
 * starts with its field ("patch.env.A: reason"): that prefix is replaced by the option, keeping the part
 * of the path below the option ("--env: A: reason"). Edits nest the fields as {id, patch: {...}}.
 * A message that does not start with its field (an import's "Task 2 ...") keeps all of its text.
 */
function withField(field: string | undefined, message: string): string {
  if (!field) return message;
  const bare = message.startsWith(`${field}: `) ? message.slice(field.length + 2) : undefined;
  const path = field.startsWith('patch.') ? field.slice('patch.'.length) : field;
  const dot = path.indexOf('.');
  const head = dot < 0 ? path : path.slice(0, dot);
  const triggerOption = head === 'triggers' ? fieldToOption(path) : undefined;
  if (triggerOption) return `${triggerOption}: ${bare ?? message}`;
  const option = fieldToOption(head) ?? OTHER_OPTIONS[head] ?? head;
  if (bare === undefined) return `${option}: ${message}`;
  return dot < 0 ? `${option}: ${bare}` : `${option}: ${path.slice(dot + 1)}: ${bare}`;
}

/**
 * The error's text in the CLI's language. A validation failure carries its reason's code (the English
 * message is the schema's own words): the reason is written from the code, after the field it names.
 */
function localized(err: Error & WireError & { coded?: CodedMessage }): string {
  const lang = cliLang();
  const coded = err.coded;
  if (lang === 'en' || !coded) return cliText(err.message);
  const reason = formatMessage(coded.code, coded.params, lang);
  const at = err.field ? err.message.indexOf(`${err.field}: `) : -1;
  if (at >= 0) return err.message.slice(0, at + err.field!.length + 2) + reason;
  return coded.code.startsWith('input.') ? reason : cliText(err.message);
}

/** Turns any thrown value into the single stderr line (without the "cronkeeper: " prefix) and an exit code. */
export function describeError(err: unknown): { line: string; exitCode: number } {
  if (err instanceof CliError) return { line: err.message, exitCode: err.exitCode };
  if (isCodedError(err) && USER_ERROR_CODES.has(err.code)) {
    return { line: withField(err.field, localized(err)), exitCode: EXIT_USAGE };
  }
  const message = err instanceof Error ? err.message : String(err);
  return { line: `internal error: ${message}`, exitCode: EXIT_FAILED };
}

/** Keeps the promise of ONE line: newlines inside a message are folded. */
export function oneLine(text: string): string {
  return text.replace(/\s*\n\s*/g, ' ').trim();
}
