// Task settings about a command's output and exit, shared by the core, the CLI and the editor: the output
// encodings offered, and the list of exit codes that count as success ("0, 1, 3-7").

/** The encodings offered in the editor and the CLI's help; the core accepts any name its decoder knows. */
export const OUTPUT_ENCODINGS = [
  'auto',
  'utf-8',
  'gbk',
  'gb18030',
  'big5',
  'shift_jis',
  'euc-jp',
  'euc-kr',
  'cp1252',
  'cp1251',
  'cp1250',
  'cp437',
  'cp850',
  'cp866',
  'iso-8859-1',
  'utf-16le',
] as const;

export const DEFAULT_OUTPUT_ENCODING = 'auto';

export const MAX_SUCCESS_EXIT_CODES = 64;

/** Parses "0, 1, 3-7" into a sorted list of codes; throws an Error with a plain message on bad input. */
export function parseExitCodeList(text: string): number[] {
  const codes = new Set<number>();
  for (const part of text.split(/[\s,]+/).filter(Boolean)) {
    const range = /^(-?\d+)(?:-(-?\d+))?$/.exec(part);
    if (!range) throw new Error(`"${part}" is not an exit code (use numbers like 0, 1 or 0-7)`);
    const from = Number(range[1]);
    const to = range[2] === undefined ? from : Number(range[2]);
    if (to < from || to - from >= MAX_SUCCESS_EXIT_CODES) throw new Error(`"${part}" is not a usable range`);
    for (let code = from; code <= to; code++) codes.add(code);
  }
  if (codes.size === 0) throw new Error('At least one success exit code is needed');
  if (codes.size > MAX_SUCCESS_EXIT_CODES) {
    throw new Error(`At most ${MAX_SUCCESS_EXIT_CODES} success exit codes`);
  }
  return [...codes].sort((a, b) => a - b);
}

/** "0, 1, 3" for display. */
export const formatExitCodeList = (codes: readonly number[] | undefined): string =>
  (codes && codes.length ? codes : [0]).join(', ');
