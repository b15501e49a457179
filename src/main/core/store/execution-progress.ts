// Progress writes: a running job's progress fields merged into its execution's result JSON, as often as it
// reports (throttled by the runner), so each report costs one statement and no transaction where the engine
// allows it. The sanitizing and the size rules are result-json.ts's; this module only writes.
import type { Progress } from '../../../shared/types';
import type { Database } from '../db/database';
import { parseResult, RESULT_MAX_BYTES, sanitizeProgress, type ResultObject } from '../result-json';
import { execute, select } from './sql';

/**
 * Merges progress fields into an execution's result in ONE statement (SQLite's json_patch: no read, no
 * transaction), so frequent reports stay cheap. If the merge would push the result over the byte limit,
 * the row keeps its old result. Returns whether the execution exists.
 */
export async function updateProgress(
  db: Database,
  executionId: number,
  progress: Progress | ResultObject,
): Promise<boolean> {
  const patch = sanitizeProgress(progress);
  if (Object.keys(patch).length === 0) return false;
  if (!db.dialect.jsonPatch) return updateProgressPostgres(db, executionId, patch);
  const merged = `json_patch(CASE WHEN json_valid(result_json) THEN result_json ELSE '{}' END, :patch)`;
  const changes = await execute(
    db,
    `UPDATE task_executions
        SET result_json = CASE WHEN length(CAST(${merged} AS BLOB)) <= :max THEN ${merged} ELSE result_json END
      WHERE id = :id`,
    { patch: JSON.stringify(patch), max: RESULT_MAX_BYTES, id: executionId },
  );
  return changes > 0;
}

/**
 * PostgreSQL 15 cannot test a text for JSON without raising, so the merge happens here: read, merge with
 * the same lenient parsing, and write only if the result is still what was read (another writer wins).
 */
async function updateProgressPostgres(
  db: Database,
  executionId: number,
  patch: ResultObject,
): Promise<boolean> {
  const [row] = await select<{ result_json: string | null }>(
    db,
    'SELECT result_json FROM task_executions WHERE id = ?',
    [executionId],
  );
  if (!row) return false;
  const merged = JSON.stringify(mergeJsonPatch(parseResult(row.result_json), patch));
  if (Buffer.byteLength(merged) > RESULT_MAX_BYTES) return true;
  await execute(
    db,
    'UPDATE task_executions SET result_json = :merged WHERE id = :id AND result_json IS NOT DISTINCT FROM :old',
    { merged, id: executionId, old: row.result_json },
  );
  return true;
}

/** SQLite's json_patch (RFC 7396) on a flat patch: null removes a field, anything else replaces it. */
function mergeJsonPatch(target: ResultObject, patch: ResultObject): ResultObject {
  const out: ResultObject = { ...target };
  for (const [key, value] of Object.entries(patch)) {
    if (value === null) delete out[key];
    else out[key] = value;
  }
  return out;
}
