// How a task's output bytes become text. Logs always keep the raw bytes; every reader (log view, error
// summary, progress and ::result lines, test runs) decodes them with the task's encoding.
//
// Console programs writing to a pipe on Windows use the system ANSI code page (936 = GBK on Chinese
// Windows), not UTF-8, so `auto` takes UTF-8 when the bytes are valid UTF-8 and the system code page
// otherwise. TextDecoder in Node/Electron lacks some code pages (full ICU is not guaranteed), so iconv-lite
// (pure JavaScript, well kept) decodes everything that is not UTF-8.
import iconv from 'iconv-lite';
import { DEFAULT_OUTPUT_ENCODING } from '../../../shared/task-output';

export { DEFAULT_OUTPUT_ENCODING, OUTPUT_ENCODINGS } from '../../../shared/task-output';

/** Whether `name` is an encoding we can decode ('auto' included). */
export function isKnownEncoding(name: string): boolean {
  const lower = name.trim().toLowerCase();
  return lower === 'auto' || iconv.encodingExists(lower);
}

/**
 * The system ANSI code page on Windows, as an iconv-lite name. Node has no API for GetACP(); the locale
 * variables are the portable hint, and the fallback is Western (1252), the most common code page.
 */
export function windowsCodePage(env: NodeJS.ProcessEnv = process.env, locale = systemLocale()): string {
  const override = env.CRONKEEPER_CODEPAGE;
  if (override && iconv.encodingExists(override)) return override.toLowerCase();
  const lang = locale.toLowerCase();
  if (/^zh[-_](cn|sg|hans)/.test(lang) || lang === 'zh') return 'gbk';
  if (/^zh[-_](tw|hk|mo|hant)/.test(lang)) return 'big5';
  if (lang.startsWith('ja')) return 'shift_jis';
  if (lang.startsWith('ko')) return 'cp949';
  if (/^(ru|uk|be|bg|sr|mk)/.test(lang)) return 'cp1251';
  if (/^(pl|cs|sk|hu|hr|sl|ro)/.test(lang)) return 'cp1250';
  if (lang.startsWith('el')) return 'cp1253';
  if (lang.startsWith('tr')) return 'cp1254';
  return 'cp1252';
}

function systemLocale(): string {
  try {
    return Intl.DateTimeFormat().resolvedOptions().locale;
  } catch {
    return 'en-US';
  }
}

/**
 * Whether the bytes are UTF-8. A chunk or tail cut mid-character is still UTF-8: up to three continuation
 * bytes in front are skipped, and an unfinished sequence at the end is left pending (stream mode).
 */
function isValidUtf8(bytes: Uint8Array): boolean {
  let start = 0;
  while (start < 3 && start < bytes.length && (bytes[start] & 0xc0) === 0x80) start++;
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(start), { stream: true });
    return true;
  } catch {
    return false;
  }
}

/**
 * The concrete encoding for `encoding` on this platform and these bytes: `auto` is UTF-8 unless the bytes
 * are not valid UTF-8 on Windows. A truncated multi-byte character at either end (a log chunk or tail cut
 * mid-character) does not count as invalid.
 */
export function resolveEncoding(
  encoding: string | null | undefined,
  bytes: Uint8Array,
  platform: NodeJS.Platform = process.platform,
): string {
  const name = (encoding ?? DEFAULT_OUTPUT_ENCODING).trim().toLowerCase() || DEFAULT_OUTPUT_ENCODING;
  if (name !== 'auto') return iconv.encodingExists(name) ? name : 'utf-8';
  if (platform !== 'win32') return 'utf-8';
  return isValidUtf8(bytes) ? 'utf-8' : windowsCodePage();
}

/** Bytes as text in the task's encoding. */
export function decodeOutput(
  bytes: Uint8Array,
  encoding: string | null | undefined,
  platform: NodeJS.Platform = process.platform,
): string {
  const resolved = resolveEncoding(encoding, bytes, platform);
  // A view, not a copy (this runs for every protocol line of a chatty job).
  const buffer = Buffer.isBuffer(bytes)
    ? bytes
    : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (resolved === 'utf-8' || resolved === 'utf8') return buffer.toString('utf8');
  return iconv.decode(buffer, resolved);
}

/** Whether text in this encoding is plain UTF-8 on this platform (no decoder needed on the hot path). */
export function isPlainUtf8(
  encoding: string | null | undefined,
  platform: NodeJS.Platform = process.platform,
): boolean {
  const name = (encoding ?? DEFAULT_OUTPUT_ENCODING).trim().toLowerCase() || DEFAULT_OUTPUT_ENCODING;
  return name === 'utf-8' || name === 'utf8' || (name === 'auto' && platform !== 'win32');
}

/**
 * Whether a byte-level line scan is safe for this encoding: in the ASCII-compatible multi-byte encodings
 * (GBK, Shift_JIS, Big5) a trail byte may be 0x5C or 0x40 but never 0x0A, so splitting lines on LF is fine;
 * UTF-16 is the exception.
 */
export function splitsOnNewline(encoding: string | null | undefined): boolean {
  const name = (encoding ?? '').toLowerCase();
  return !name.startsWith('utf-16') && !name.startsWith('utf16') && !name.startsWith('ucs');
}
