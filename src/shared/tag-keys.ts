// Tags on tasks, the part without zod: their limits, how they are compared, stored and edited. The contract's
// schemas (task-tags.ts) check them; the task mapper (core/store/task-row.ts) and the CLI's quick read path
// read them without loading zod.

export const TAG_LIMITS = { perTask: 20, length: 40 } as const;

/** The form tags are compared in: case-folded (Unicode) and NFC, so that é typed two ways is one tag. */
export function tagKey(tag: string): string {
  return tag.trim().normalize('NFC').toLowerCase();
}

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
