// Tag reads for the task list's filter: every tag in use with its number of tasks. One statement over the
// tasks that have tags; the counting is done here (case-folded) so that it is the same on both engines.
import type { TagCount } from '../../../shared/contract';
import { parseTags, tagKey } from '../../../shared/task-tags';
import type { Database } from '../db/database';
import { select } from './sql';

/** Every tag in use, first spelling seen (lowest task id) wins, ordered ignoring case. */
export async function tagCounts(db: Database): Promise<TagCount[]> {
  const rows = await select<{ tags: string }>(
    db,
    "SELECT tags FROM scheduled_tasks WHERE tag_keys <> '' ORDER BY id",
  );
  const counts = new Map<string, TagCount>();
  for (const row of rows) {
    for (const tag of parseTags(row.tags)) {
      const key = tagKey(tag);
      const entry = counts.get(key);
      if (entry) entry.count++;
      else counts.set(key, { tag, count: 1 });
    }
  }
  return [...counts.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, entry]) => entry);
}
