// Why the new name chosen for an imported task (the preview's "rename") is refused: one sentence of the
// catalog, whose words read in every language ("Line 4 "x": the new name is longer than 200 characters;
// nothing was imported"), not a field's reason put after "the new name".
import type { z } from 'zod';
import { codeOfIssue, enText } from '../../../shared/messages';
import { CronkeeperError } from '../errors';

const number = (n: number | bigint) => (typeof n === 'bigint' ? n.toString() : n.toLocaleString('en-US'));

/** The refusal of a rename at `where` (the entry's label) for the name schema's first issue. */
export function renameRefused(where: string, issue: z.core.$ZodIssue | undefined): CronkeeperError {
  let message: string;
  if (issue?.code === 'too_big') {
    message = enText('import.renameTooLong', { where, max: number(issue.maximum as number | bigint) });
  } else if (issue?.code === 'too_small') {
    message = enText('import.renameEmpty', { where });
  } else {
    // Control characters, or anything else: "the new name must not contain control characters (…)".
    const why = issue ? codeOfIssue(issue) : { code: 'input.invalid' as const, params: {} };
    message = enText('import.badRename', { where, reason: enText(why.code, why.params) });
  }
  return new CronkeeperError('VALIDATION', message, 'name');
}
