// Tags on tasks: free labels ("backup", "nightly", "财务") for finding tasks among many. Bounded like every
// text of the contract: at most 20 tags a task, each 1-40 characters, trimmed, no control characters, and
// unique ignoring case ("Prod" and "prod" are one tag, the first spelling is kept). Shared by the contract's
// schema, the core's storage (store/task-tags.ts), the CLI and the renderer.
// The rules without zod (limits, keys, lenient parsing, editing) are in tag-keys.ts.
import { z } from 'zod';
import { TAG_LIMITS, tagKey } from './tag-keys';
import { CLEAN_LINE } from './text-limits';

export { editTags, parseTags, TAG_LIMITS, tagKey, tagKeysColumn } from './tag-keys';

/** One tag: trimmed, 1-40 characters, one line without control characters. */
export const tagSchema = z
  .string()
  .trim()
  .min(1, 'A tag cannot be empty')
  .max(TAG_LIMITS.length, `A tag is at most ${TAG_LIMITS.length} characters`)
  .regex(CLEAN_LINE, 'A tag must not contain control characters (tab, newline, NUL, escape codes...)');

/** A task's tags: at most 20, none twice (ignoring case). */
export const tagsSchema = z
  .array(tagSchema)
  .max(TAG_LIMITS.perTask, `At most ${TAG_LIMITS.perTask} tags`)
  .superRefine((tags, ctx) => {
    const seen = new Set<string>();
    for (const [index, tag] of tags.entries()) {
      const key = tagKey(tag);
      if (seen.has(key)) {
        ctx.addIssue({
          code: 'custom',
          message: `Tag "${tag}" appears twice (tags ignore case)`,
          path: [index],
        });
        return;
      }
      seen.add(key);
    }
  });
