// Reads a text file the user hands the CLI (an import file, a crontab) as strict UTF-8. Node's decoder
// would quietly turn a bad byte into U+FFFD and the task would be stored with a command nobody wrote, so
// a file that is not valid UTF-8 is refused instead, naming the first bad byte's offset.
import { isUtf8 } from 'node:buffer';
import fs from 'node:fs';
import { firstInvalidUtf8 } from '../../shared/utf8';
import { CliError } from './errors';

export function readUtf8File(file: string): string {
  let bytes: Buffer;
  try {
    bytes = fs.readFileSync(file);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    const why =
      code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'it is a folder' : (err as Error).message;
    throw new CliError(`cannot read ${file}: ${why}`);
  }
  const bad = isUtf8(bytes) ? -1 : firstInvalidUtf8(bytes); // the native check first: files are large
  if (bad >= 0) {
    const hex = bytes[bad].toString(16).padStart(2, '0');
    throw new CliError(
      `${file} is not valid UTF-8: byte 0x${hex} at byte offset ${bad} is not part of a UTF-8 character; ` +
        'nothing imported (save the file as UTF-8 and try again)',
    );
  }
  const text = bytes.toString('utf8');
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text; // a UTF-8 byte order mark is no content
}
