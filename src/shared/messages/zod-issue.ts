// The catalog code of a zod validation issue, by its kind (too long, too small, required, not one of the
// choices...), whatever English the schema itself gives: the wire error keeps the schema's English as its
// message and carries this code for every other language. A reason that is a catalog message on its own (a
// control-character refusal, a cron error from a refine) keeps that more precise code.
import type { z } from 'zod';
import type { CodedMessage } from './format';
import { recognizeError } from './format';

type Issue = z.core.$ZodIssue;

const number = (n: number | bigint) => (typeof n === 'bigint' ? n.toString() : n.toLocaleString('en-US'));

const SIZED = new Set(['array', 'set', 'map', 'record']);

function byKind(issue: Issue): CodedMessage {
  switch (issue.code) {
    case 'too_big': {
      const max = number(issue.maximum as number | bigint);
      if (issue.origin === 'string') return { code: 'input.tooLong', params: { max } };
      if (SIZED.has(issue.origin)) return { code: 'input.tooMany', params: { max } };
      return { code: issue.inclusive === false ? 'input.notBelow' : 'input.tooLarge', params: { max } };
    }
    case 'too_small': {
      const min = number(issue.minimum as number | bigint);
      if (issue.origin === 'string') {
        return issue.minimum === 1
          ? { code: 'input.required', params: {} }
          : { code: 'input.tooShort', params: { min } };
      }
      if (SIZED.has(issue.origin)) return { code: 'input.tooFew', params: { min } };
      return { code: issue.inclusive === false ? 'input.notAbove' : 'input.tooSmall', params: { min } };
    }
    case 'invalid_type': {
      // zod 4 keeps no input in an issue; its own message ends "received undefined" for a missing value.
      if (/received undefined$/.test(issue.message)) return { code: 'input.required', params: {} };
      const expected: Record<string, CodedMessage['code']> = {
        string: 'input.notText',
        number: 'input.notNumber',
        int: 'input.notInteger',
        boolean: 'input.notBoolean',
        array: 'input.notList',
        object: 'input.notObject',
        record: 'input.notObject',
      };
      return { code: expected[issue.expected] ?? 'input.invalid', params: {} };
    }
    case 'invalid_value':
      return {
        code: 'input.oneOf',
        params: { values: issue.values.map((v) => JSON.stringify(v)).join(', ') },
      };
    case 'unrecognized_keys':
      return {
        code: 'input.unknownKeys',
        params: { keys: issue.keys.map((k) => JSON.stringify(k)).join(', ') },
      };
    default:
      return { code: 'input.invalid', params: {} };
  }
}

/** The code and parameters of an issue's reason (`reason`: the text shown, when it differs from the issue's). */
export function codeOfIssue(issue: Issue, reason = issue.message): CodedMessage {
  return recognizeError(reason) ?? byKind(issue);
}
