// Text hygiene for every text field of the contract: a documented maximum length, and no control
// characters. A NUL reaching SQLite comes back as an internal error, a terminal escape in a name rewrites
// the CLI's table, and a bidi or line-break trick hides what a command really is. Tab and newline (and
// the CR of a CRLF) are allowed only where a text is multi-line: a description, a command (a script),
// an environment value. Errors name the field and never repeat the input at length (see quoteInput).
import { z } from 'zod';

// The limits and patterns themselves are in text-limits.ts, which does not load zod (the CLI's quick read
// path checks a search with them).
import { CLEAN_LINE, CLEAN_TEXT, MULTI_LINE_MESSAGE, SINGLE_LINE_MESSAGE, TEXT_LIMITS } from './text-limits';

export {
  CLEAN_LINE,
  CLEAN_TEXT,
  hasControlChars,
  MULTI_LINE_MESSAGE,
  SINGLE_LINE_MESSAGE,
  TEXT_LIMITS,
} from './text-limits';

/** A one-line text of at most `max` characters, free of control characters. */
export function singleLine(max: number) {
  return z
    .string()
    .max(max, `at most ${max.toLocaleString('en-US')} characters`)
    .regex(CLEAN_LINE, SINGLE_LINE_MESSAGE);
}

/** A text that may have several lines and tabs, of at most `max` characters. */
export function multiLine(max: number) {
  return z
    .string()
    .max(max, `at most ${max.toLocaleString('en-US')} characters`)
    .regex(CLEAN_TEXT, MULTI_LINE_MESSAGE);
}

export const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** Environment variables: POSIX names, values free of NUL (the OS cannot pass one), a bounded count. */
export const envSchema = z
  .record(
    z
      .string()
      .max(TEXT_LIMITS.envName, `Variable names are at most ${TEXT_LIMITS.envName} characters`)
      .regex(ENV_NAME, 'Variable names use letters, digits and _'),
    multiLine(TEXT_LIMITS.envValue),
  )
  .refine((env) => Object.keys(env).length <= TEXT_LIMITS.envCount, {
    message: `At most ${TEXT_LIMITS.envCount} variables`,
  });

/**
 * Some user input for an error message: at most `max` characters (an ellipsis says there was more),
 * quoted, with control characters shown as escapes so that the message stays one readable line.
 */
export function quoteInput(text: unknown, max = 100): string {
  const chars = Array.from(String(text));
  const shown = chars.slice(0, max).join('') + (chars.length > max ? '…' : '');
  return JSON.stringify(shown).replace(
    /[\u007f-\u009f\u2028\u2029]/g,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}
