// Formatting and reading back catalog messages. formatMessage(code, params, lang) writes a message;
// recognize(text) finds the code and parameters of an English message (what the core stores and sends);
// localizeText(text, lang) puts a stored English message in the user's language, leaving any text that is
// not a catalog message (job output, user data, an OS error) exactly as it is.
import { CATALOG, WORDS, type CatalogEntry, type MessageCode, type MessageLang } from './catalog';

export type MessageParams = Record<string, string | number>;

export interface CodedMessage {
  code: MessageCode;
  params: MessageParams;
}

export const isMessageCode = (code: unknown): code is MessageCode =>
  typeof code === 'string' && Object.prototype.hasOwnProperty.call(CATALOG, code);

/** The {param} names of a template, in order, each once. */
export function placeholders(template: string): string[] {
  return [...new Set(Array.from(template.matchAll(/\{(\w+)\}/g), (m) => m[1]))];
}

/** A template with its {param}s filled in (an unknown one left as it is). */
export function fill(template: string, params: MessageParams): string {
  return template.replace(/\{(\w+)\}/g, (whole, name: string) =>
    name in params ? String(params[name]) : whole,
  );
}

/** The English text of a code: what the core writes. */
export function enText(code: MessageCode, params: MessageParams = {}): string {
  return fill(CATALOG[code].en, params);
}

const DAYS: Record<string, string> = {
  Sun: '日',
  Mon: '一',
  Tue: '二',
  Wed: '三',
  Thu: '四',
  Fri: '五',
  Sat: '六',
};
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** A parameter in Chinese: a field or month name, a day label ("Sun 8 Mar 2026"), or a nested message. */
function localizeParam(value: string, lang: MessageLang): string {
  if (lang === 'en') return value;
  const word = WORDS[value];
  if (word) return word;
  const words = value.split(', ');
  if (words.length > 1 && words.every((w) => WORDS[w])) return words.map((w) => WORDS[w]).join('、');
  const day = /^(Sun|Mon|Tue|Wed|Thu|Fri|Sat) (\d{1,2}) (\w{3}) (\d{4})$/.exec(value);
  if (day && MONTHS.includes(day[3])) {
    return `${day[4]}年${MONTHS.indexOf(day[3]) + 1}月${day[2]}日（周${DAYS[day[1]]}）`;
  }
  return localizeWhole(value, lang, true) ?? value;
}

/** A code's text in a language; nested parameters are translated too. */
export function formatMessage(code: MessageCode, params: MessageParams, lang: MessageLang): string {
  const e = CATALOG[code] as CatalogEntry;
  if (lang === 'en') return fill(e.en, params);
  const shown: MessageParams = { ...params };
  for (const name of e.nested ?? []) {
    if (typeof shown[name] === 'string') shown[name] = localizeParam(shown[name], lang);
  }
  return fill(e.zh, shown);
}

/**
 * Codes that are never read back from a text on their own: a list, a range of times, a Windows status, a
 * label, appear only inside another message; a validation reason (input.*) always crosses as its code, and
 * its few words ("is required") must never be mistaken for a job's own output.
 */
const NESTED_ONLY = (code: string) =>
  code.startsWith('list.') ||
  code.startsWith('win.') ||
  code.startsWith('label.') ||
  code.startsWith('input.') ||
  code === 'dst.timeRange';

const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

interface Matcher {
  code: MessageCode;
  names: string[];
  regex: RegExp;
  literal: number;
}

/** Parameters that are one word (a number, a signal name, a status): they never hold a space or a colon. */
const WORD_PARAMS = new Set([
  'code',
  'seconds',
  'count',
  'value',
  'min',
  'max',
  'status',
  'signal',
  'id',
  'line',
  'entry',
  'item',
  'pid',
  'length',
]);

/** A cron field's name: one of the six. */
const FIELD_NAMES = ['Second', 'Minute', 'Hour', 'Day of month', 'Month', 'Day of week'];

function paramPattern(name: string): string {
  if (name === 'field') return `(?:${FIELD_NAMES.join('|')})`;
  // A quoted user input (quoteInput: JSON string syntax), so that a label ends where its quotes end.
  if (name === 'qname') return '"(?:[^"\\\\]|\\\\.)*"';
  return WORD_PARAMS.has(name) ? '[^\\s:]+?' : '.+?';
}

let matchers: Matcher[] | null = null;

function allMatchers(): Matcher[] {
  if (matchers) return matchers;
  matchers = Object.entries(CATALOG as Record<string, CatalogEntry>)
    .map(([code, e]) => {
      const names: string[] = [];
      const source = e.en
        .split(/(\{\w+\})/)
        .map((part) => {
          const name = /^\{(\w+)\}$/.exec(part)?.[1];
          if (!name) return escapeRegExp(part);
          if (names.includes(name)) return `\\k<${name}>`;
          names.push(name);
          return `(?<${name}>${paramPattern(name)})`;
        })
        .join('');
      return {
        code: code as MessageCode,
        names,
        regex: new RegExp(`^${source}$`, 's'),
        literal: e.en.replace(/\{\w+\}/g, '').length,
      };
    })
    // The most specific template first ("Exited with code 2 (…)" before "Exited with code {code}").
    .sort((a, b) => b.literal - a.literal);
  return matchers;
}

function recognizeAny(text: string, nested: boolean): CodedMessage | null {
  for (const m of allMatchers()) {
    if (!nested && NESTED_ONLY(m.code)) continue;
    const match = m.regex.exec(text);
    if (!match) continue;
    const params: MessageParams = {};
    for (const name of m.names) params[name] = match.groups?.[name] ?? '';
    return { code: m.code, params };
  }
  return null;
}

/** The code and parameters of a whole English catalog message, or null for any other text. */
export function recognize(text: string | null | undefined): CodedMessage | null {
  if (!text) return null;
  return recognizeAny(text, false);
}

/**
 * The catalog message of an error: the whole text, or the message behind a label (a field, an import
 * entry's "Task 1 "x": "). The code then stands for that message, the label being the error's own.
 */
export function recognizeError(text: string): CodedMessage | null {
  const whole = recognize(text);
  if (whole) return whole;
  const separators = /: /g;
  for (let m = separators.exec(text); m; m = separators.exec(text)) {
    const tail = recognize(text.slice(m.index + 2));
    if (tail) return tail;
  }
  return null;
}

function localizeWhole(text: string, lang: MessageLang, nested: boolean): string | null {
  const coded = recognizeAny(text, nested);
  return coded ? formatMessage(coded.code, coded.params, lang) : null;
}

/**
 * A stored or sent message in the user's language. A whole catalog message is translated; so is one that
 * leads a longer line ("Exited with code 2: <the job's last words>", "Cancelled by the user. The log file
 * …"), the rest kept as it is. Any other text comes back unchanged.
 */
export function localizeText(text: string, lang: MessageLang): string {
  if (lang === 'en' || text === '') return text;
  const whole = localizeWhole(text, lang, false);
  if (whole !== null) return whole;
  const separators = /(: |\. )/g;
  for (let m = separators.exec(text); m; m = separators.exec(text)) {
    const rest = text.slice(m.index + m[0].length);
    const head = localizeWhole(text.slice(0, m.index), lang, false);
    if (head !== null) return m[0] === ': ' ? `${head}：${rest}` : `${head}。${localizeText(rest, lang)}`;
    // A message behind a field's name or an option ("cronExpression: Hour field: …", "--cron: …").
    const tail = m[0] === ': ' ? localizeWhole(rest, lang, false) : null;
    if (tail === null) continue;
    // An import's label ("Task 2 "x"", "Line 4 "x"") is translated too; a field or an option is not.
    const label = localizeLabel(text.slice(0, m.index), lang);
    return label === null ? `${text.slice(0, m.index)}: ${tail}` : `${label}：${tail}`;
  }
  return text;
}

/** A label that leads a message (an import's line or entry) in a language, or null when it is none. */
export function localizeLabel(text: string, lang: MessageLang): string | null {
  const coded = recognizeAny(text, true);
  return coded?.code.startsWith('label.') ? formatMessage(coded.code, coded.params, lang) : null;
}

/** A coded message (from the wire) in a language; its English text when the code is unknown here. */
export function showMessage(
  message: { message: string; messageCode?: string; params?: MessageParams },
  lang: MessageLang,
): string {
  if (message.messageCode && isMessageCode(message.messageCode)) {
    return formatMessage(message.messageCode, message.params ?? {}, lang);
  }
  return localizeText(message.message, lang);
}
