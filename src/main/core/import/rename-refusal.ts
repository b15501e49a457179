// Why the new name chosen for an imported task (the preview's "rename") is refused: one sentence of the
// catalog, whose words read in every language ("Line 4 "x": the new name is longer than 200 characters;
// nothing was imported"), not a field's reason put after "the new name".
import type { z } from 'zod';
import { codeOfIssue, enText } from '../../../shared/messages';
import { CronkeeperError } from '../errors';

/** The refusal of a rename at `where` (the entry's label) for the name schema's first issue. */
export function renameRefused(where: string, issue: z.core.$ZodIssue | undefined): CronkeeperError {
  const why = issue ? codeOfIssue(issue) : { code: 'input.invalid' as const, params: {} };
  let message: string;
  if (issue?.code === 'too_big' && why.params.max !== undefined) {
    message = enText('import.renameTooLong', { where, max: why.params.max });
  } else if (issue?.code === 'too_small') {
    message = enText('import.renameEmpty', { where });
  } else {
    // Control characters, or anything else: "the new name must not contain control characters (…)".
    message = enText('import.badRename', { where, reason: enText(why.code, why.params) });
  }
  return new CronkeeperError('VALIDATION', message, 'name');
}
