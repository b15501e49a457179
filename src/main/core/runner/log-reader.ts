// Reads a chunk of an execution's log file for the UI ("load more", search). Reads from the end backwards
// so the tail comes first: each chunk ends where the previous one started (`before`). Chunks start at a
// line start, so a line is never cut in two and a multi-byte character never split at the front.
import fs from 'node:fs';
import type { LogChunk } from '../../../shared/contract';
import { decodeOutput } from './output-encoding';

export const DEFAULT_CHUNK_BYTES = 64 * 1024;

const NEWLINE = 0x0a;

function findMatches(text: string, search: string): number[] {
  const needle = search.toLowerCase();
  const matches: number[] = [];
  text.split('\n').forEach((line, index) => {
    if (line.toLowerCase().includes(needle)) matches.push(index);
  });
  return matches;
}

export interface LogChunkOptions {
  before?: number;
  maxBytes?: number;
  search?: string;
  /** The task's output encoding: the file holds the raw bytes (output-encoding.ts). Default `auto`. */
  encoding?: string;
  /**
   * Called when the log file cannot be opened here, before the empty answer; it may throw to say why
   * (team mode: the run and its log are on another machine).
   */
  onMissing?: () => Promise<void>;
}

export async function readLogChunk(logPath: string | null, options: LogChunkOptions): Promise<LogChunk> {
  const search = options.search ? options.search : undefined;
  const empty = (size: number, at = size): LogChunk => ({
    text: '',
    start: at,
    end: at,
    size,
    ...(search !== undefined ? { matches: [] } : {}),
  });
  if (!logPath) return empty(0);
  let handle: fs.promises.FileHandle;
  try {
    handle = await fs.promises.open(logPath, 'r');
  } catch {
    await options.onMissing?.();
    return empty(0);
  }
  try {
    const size = (await handle.stat()).size;
    const maxBytes = Math.max(1, Math.floor(options.maxBytes ?? DEFAULT_CHUNK_BYTES));
    const end = Math.min(Math.max(0, Math.floor(options.before ?? size)), size);
    let start = Math.max(0, end - maxBytes);
    if (end === 0) return empty(size, 0);
    // Read one byte more in front, to know whether `start` is already a line start.
    const readFrom = start > 0 ? start - 1 : 0;
    const buffer = Buffer.alloc(end - readFrom);
    const { bytesRead } = await handle.read(buffer, 0, buffer.length, readFrom);
    let bytes = buffer.subarray(0, bytesRead);
    if (start > 0) {
      const atLineStart = bytes[0] === NEWLINE;
      bytes = bytes.subarray(1);
      if (!atLineStart) {
        const newline = bytes.indexOf(NEWLINE);
        // One line longer than the chunk: show its end rather than nothing.
        if (newline >= 0 && newline + 1 < bytes.length) {
          bytes = bytes.subarray(newline + 1);
          start += newline + 1;
        }
      }
    }
    const text = decodeOutput(bytes, options.encoding);
    return {
      text,
      start,
      end: start + bytes.length,
      size,
      ...(search !== undefined ? { matches: findMatches(text, search) } : {}),
    };
  } finally {
    await handle.close();
  }
}
