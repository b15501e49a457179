// The one translation of a zod validation failure into the wire error {code, message, field}. Every entry
// point uses it (the dispatcher for IPC, the WebSocket host and the CLI; the import for each file entry),
// so the same bad input reads the same wherever it comes from.
import type { z } from 'zod';
import type { WireError } from '../../../shared/contract';
import { codeOfIssue } from '../../../shared/messages';
import { quoteInput } from '../../../shared/text-fields';

/** A zod issue's path as `env."MY VAR"`: each segment after the first is user input, so quoted and bounded. */
export function issuePath(path: readonly PropertyKey[]): string {
  const plain = (segment: PropertyKey) =>
    typeof segment === 'number' || (typeof segment === 'string' && /^[A-Za-z0-9_]{1,100}$/.test(segment));
  return path
    .map((segment, i) => (i === 0 || plain(segment) ? String(segment) : quoteInput(String(segment))))
    .join('.');
}

/**
 * The first issue only: one field, one reason, as a form shows it under the field. The message is
 * `[prefix]field: reason` in English (the schema's own words); `field` is the full path (e.g.
 * "patch.timeoutSeconds", "env.A"), which the renderer maps to its form field and the CLI to the option
 * the user typed. The reason also crosses as a catalog code with parameters (too long, required, not one
 * of the choices...: see shared/messages/zod-issue.ts), which every other language is written from.
 */
export function describeZodError(error: z.ZodError, prefix = ''): WireError {
  const issue = error.issues[0];
  if (!issue)
    return {
      code: 'VALIDATION',
      message: `${prefix}Invalid input`,
      messageCode: 'input.invalid',
      params: {},
    };
  // A record key that fails its own schema (an env variable name) carries the useful reason one level down.
  const inner = issue.code === 'invalid_key' ? issue.issues[0] : undefined;
  const reason = inner?.message || issue.message;
  const coded = codeOfIssue(inner ?? issue, reason);
  const codes = { messageCode: coded.code, params: coded.params };
  if (issue.path.length === 0) return { code: 'VALIDATION', message: `${prefix}${reason}`, ...codes };
  const field = issuePath(issue.path);
  return { code: 'VALIDATION', message: `${prefix}${field}: ${reason}`, field, ...codes };
}
