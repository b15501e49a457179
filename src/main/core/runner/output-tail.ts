// The end of a finished run's log, for the error summary of a failed run that wrote nothing on stderr: the
// log then holds only stdout, and its last lines usually say why the job gave up. Read after the executor
// has closed the log, so the bytes are final; a few KB at most, so a synchronous read is cheap.
import fs from 'node:fs';

export const OUTPUT_TAIL_BYTES = 4096;

/** The last whole lines in the final `maxBytes` of the file; '' when it is missing or empty. */
export function readOutputTail(logPath: string | null, maxBytes = OUTPUT_TAIL_BYTES): string {
  if (!logPath) return '';
  let fd: number | null = null;
  try {
    fd = fs.openSync(logPath, 'r');
    const size = fs.fstatSync(fd).size;
    const start = Math.max(0, size - maxBytes);
    const buffer = Buffer.alloc(size - start);
    const read = fs.readSync(fd, buffer, 0, buffer.length, start);
    const text = buffer.subarray(0, read).toString('utf8');
    // Started mid-file: the first line is a fragment (maybe half a character), so it goes.
    return start > 0 ? text.slice(text.indexOf('\n') + 1) : text;
  } catch {
    return '';
  } finally {
    if (fd !== null) fs.closeSync(fd);
  }
}
