// Text hygiene for every text field of the contract: a documented maximum length, and no control
// characters. A NUL reaching SQLite comes back as an internal error, a terminal escape in a name rewrites
// the CLI's table, and a bidi or line-break trick hides what a command really is. Tab and newline (and
// the CR of a CRLF) are allowed only where a text is multi-line: a description, a command (a script),
// an environment value. Errors name the field and never repeat the input at length (see quoteInput).
import { z } from 'zod';

/** The maximum length of each text field, in characters. README "Limits" lists the same numbers. */
export const TEXT_LIMITS = {
  name: 200,
  description: 10_000,
  command: 100_000,
  workingDir: 4096,
  cronExpression: 200,
  timezone: 100,
  hostTag: 100,
  envName: 256,
  envValue: 32_768,
  /** Variables per task (or test run). */
  envCount: 200,
  search: 200,
  cursor: 200,
  path: 4096,
  databaseUrl: 2000,
} as const;

/* eslint-disable no-control-regex -- finding control characters is the point of these patterns */
/** C0 controls (but tab, LF, CR), DEL, C1 controls, and the Unicode line/paragraph separators. */
const CONTROL_SINGLE = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/;
const CONTROL_MULTI = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u2028\u2029]|\r(?!\n)/;
// The same as whole-text patterns, for zod's own (faster) regex check: an import validates 100,000 tasks.
const CLEAN_SINGLE = /^[^\u0000-\u001f\u007f-\u009f\u2028\u2029]*$/;
// (A lookahead rather than a repeated group: a group repeated per character overflows the stack on
// megabytes of text.)
const CLEAN_MULTI =
  /^(?![\s\S]*?(?:[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u2028\u2029]|\r(?!\n)))/;

/* eslint-enable no-control-regex */

export function hasControlChars(text: string, multiLine = false): boolean {
  return (multiLine ? CONTROL_MULTI : CONTROL_SINGLE).test(text);
}

/** For `.regex` on a schema that also trims or needs its own messages. */
export const CLEAN_LINE = CLEAN_SINGLE;
export const CLEAN_TEXT = CLEAN_MULTI;

/** Tab and newlines are not allowed here. */
export const SINGLE_LINE_MESSAGE = 'must not contain control characters (tab, newline, NUL, escape codes...)';
export const MULTI_LINE_MESSAGE = 'must not contain control characters other than tab and newline';

/** A one-line text of at most `max` characters, free of control characters. */
export function singleLine(max: number) {
  return z
    .string()
    .max(max, `at most ${max.toLocaleString('en-US')} characters`)
    .regex(CLEAN_SINGLE, SINGLE_LINE_MESSAGE);
}

/** A text that may have several lines and tabs, of at most `max` characters. */
export function multiLine(max: number) {
  return z
    .string()
    .max(max, `at most ${max.toLocaleString('en-US')} characters`)
    .regex(CLEAN_MULTI, MULTI_LINE_MESSAGE);
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
