// Finds the English texts the source throws at a user, for messages-source-scan.test.ts: the message
// literal of every `new CronkeeperError(CODE, …)` (and the browser client's BridgeError),
// `validationError(…)` and `conflict(…)`, of every `throw new Error(…)` in src/shared (the renderer shows
// those), and what a `…Problem()` function returns (a refusal in words). A literal is a quoted string, a
// template (each `${…}` becomes PLACEHOLDER) or several of them joined with `+`; a message built otherwise
// (a variable, enText(code)) is not a literal.

export const PLACEHOLDER = '§';

export interface ThrownLiteral {
  line: number;
  text: string;
}

/** The end (exclusive) of the string literal starting at `i`, and its text. */
function readLiteral(src: string, i: number): { text: string; end: number } {
  const quote = src[i];
  let text = '';
  let j = i + 1;
  while (j < src.length && src[j] !== quote) {
    if (src[j] === '\\') {
      const next = src[j + 1];
      text += next === 'n' ? '\n' : next === 't' ? '\t' : next;
      j += 2;
    } else if (quote === '`' && src.startsWith('${', j)) {
      j = skipExpression(src, j + 2);
      text += PLACEHOLDER;
    } else {
      text += src[j++];
    }
  }
  return { text, end: j + 1 };
}

/** From just inside `${`, the index after its closing `}` (strings and nested templates skipped whole). */
function skipExpression(src: string, j: number): number {
  let depth = 1;
  while (j < src.length && depth > 0) {
    const c = src[j];
    if (c === "'" || c === '"' || c === '`') {
      j = readLiteral(src, j).end;
      continue;
    }
    if (c === '{') depth++;
    if (c === '}') depth--;
    j++;
  }
  return j;
}

const isQuote = (c: string | undefined) => c === "'" || c === '"' || c === '`';

/** The literal expression at `i` (after white space): literals joined by `+`, or null for anything else. */
function readExpression(src: string, i: number): string | null {
  let j = i;
  while (/\s/.test(src[j] ?? '')) j++;
  if (!isQuote(src[j])) return null;
  let text = '';
  for (;;) {
    const literal = readLiteral(src, j);
    text += literal.text;
    j = literal.end;
    let k = j;
    while (/\s/.test(src[k] ?? '')) k++;
    if (src[k] !== '+') return text;
    k++;
    while (/\s/.test(src[k] ?? '')) k++;
    if (!isQuote(src[k])) return text;
    j = k;
  }
}

const lineOf = (src: string, index: number) => src.slice(0, index).split('\n').length;

/** Every thrown or returned user-facing literal in one file's source. */
export function thrownLiterals(src: string, options: { plainErrors: boolean }): ThrownLiteral[] {
  const found: ThrownLiteral[] = [];
  const add = (index: number, start: number) => {
    const text = readExpression(src, start);
    if (text !== null) found.push({ line: lineOf(src, index), text });
  };
  const calls = [
    /new (?:Cronkeeper|Bridge)Error\(\s*'[A-Z_]+',/g,
    /\b(?:validationError|conflict)\(/g,
    ...(options.plainErrors ? [/throw new Error\(/g] : []),
  ];
  for (const call of calls) {
    for (const m of src.matchAll(call)) add(m.index, m.index + m[0].length);
  }
  for (const m of src.matchAll(/function \w+Problem\([^)]*\)[^{]*\{/g)) {
    const end = src.indexOf('\n}\n', m.index);
    const body = src.slice(m.index, end < 0 ? undefined : end);
    for (const r of body.matchAll(/\breturn\s+/g)) add(m.index + r.index, m.index + r.index + r[0].length);
  }
  return found.sort((a, b) => a.line - b.line);
}
