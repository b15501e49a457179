// The maximum length of every text field of the contract and the control-character patterns, without zod:
// text-fields.ts builds the contract's schemas from them, and the CLI's quick read path checks a search
// with them without loading zod. See text-fields.ts for why these rules exist.
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
