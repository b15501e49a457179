// STUB (owned by the executor work): reads a chunk of an execution's log file for the UI ("load more",
// search). Reads from the end backwards so the tail comes first.
import type { LogChunk } from '../../../shared/contract';

export async function readLogChunk(
  _logPath: string | null,
  _options: { before?: number; maxBytes?: number; search?: string },
): Promise<LogChunk> {
  return { text: '', start: 0, end: 0, size: 0 };
}
