// Tags on tasks: free labels ("backup", "nightly", "财务") for finding tasks among many. Bounded like every
// text of the contract: at most 20 tags a task, each 1-40 characters, trimmed, no control characters, and
// unique ignoring case ("Prod" and "prod" are one tag, the first spelling is kept). Shared by the contract's
// schema, the core's storage (store/task-tags.ts), the CLI and the renderer.
import { z } from 'zod';
import { CLEAN_LINE } from './text-fields';

export const TAG_LIMITS = { perTask: 20, length: 40 } as const;

/** The form tags are compared in: case-folded (Unicode) and NFC, so that é typed two ways is one tag. */
export function tagKey(tag: string): string {
  return tag.trim().normalize('NFC').toLowerCase();
}

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

/**
 * The tags' keys as stored for filtering: each between unit separators ("\u001fbackup\u001fnightly\u001f"),
 * so that one LIKE finds an exact tag on both engines. A tag cannot hold a control character, so the
 * separator never occurs inside one. '' for no tags.
 */
export function tagKeysColumn(tags: readonly string[]): string {
  return tags.length === 0 ? '' : `\u001f${tags.map(tagKey).join('\u001f')}\u001f`;
}

/** A stored tags column (a JSON array) read leniently: anything else, or a non-string entry, is dropped. */
export function parseTags(json: string | null | undefined): string[] {
  if (!json) return [];
  try {
    const value: unknown = JSON.parse(json);
    return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
  } catch {
    return [];
  }
}

/** Adds tags to a list (skipping ones it has, ignoring case) and removes others: for `task edit`. */
export function editTags(
  current: readonly string[],
  add: readonly string[],
  remove: readonly string[],
): string[] {
  const removed = new Set(remove.map(tagKey));
  const result = current.filter((tag) => !removed.has(tagKey(tag)));
  const have = new Set(result.map(tagKey));
  for (const tag of add) {
    const key = tagKey(tag);
    if (have.has(key) || removed.has(key)) continue;
    have.add(key);
    result.push(tag.trim());
  }
  return result;
}
