// Reads the file picked for an import, refusing before anything is sent to the core: a file over the
// size cap (by its size, without reading it), an empty one, a binary one (control characters other than
// tab and line ends) and one that is not UTF-8 (a decoder would put U+FFFD into a command or a name).
import { IMPORT_MAX_BYTES } from '../../../../shared/import-preview';
import { hasControlChars } from '../../../../shared/text-fields';
import { firstInvalidUtf8 } from '../../../../shared/utf8';
import type { MessageKey } from '../../i18n/messages';

export type ReadImport =
  { ok: true; text: string } | { ok: false; key: MessageKey; vars?: Record<string, string | number> };

const MB = 1024 * 1024;

/** The text of the first bytes only: enough to tell a binary file, cheap on a large one. */
function looksBinary(bytes: Uint8Array): boolean {
  const head = bytes.subarray(0, 8192);
  for (const b of head) if (b === 0) return true;
  return false;
}

export async function readImportFile(file: Blob): Promise<ReadImport> {
  if (file.size > IMPORT_MAX_BYTES)
    return {
      ok: false,
      key: 'import.tooLarge',
      vars: { size: (file.size / MB).toFixed(1), max: IMPORT_MAX_BYTES / MB },
    };
  if (file.size === 0) return { ok: false, key: 'import.empty' };
  const bytes = new Uint8Array(await file.arrayBuffer());
  if (looksBinary(bytes)) return { ok: false, key: 'import.binary' };
  const bad = firstInvalidUtf8(bytes);
  if (bad >= 0) return { ok: false, key: 'settings.importNotUtf8', vars: { offset: bad } };
  let text = new TextDecoder().decode(bytes);
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1); // a byte order mark is no content
  if (hasControlChars(text, true)) return { ok: false, key: 'import.binary' };
  return { ok: true, text };
}
