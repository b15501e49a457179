// What English is left on a screen shown in Chinese: the visible text (and placeholders) compared with every
// English value of the renderer's messages and of the core's message catalog. User data (task names,
// commands, log text, paths, zone names) is removed first, so seed data that is not English.
import type { Page } from 'playwright-core';
import { CATALOG, WORDS } from '../../src/shared/messages/catalog';
import { messages } from '../../src/renderer/src/i18n/messages';

export interface EnglishPattern {
  /** 'ui:<message key>' (src/renderer/src/i18n/messages.ts) or 'core:<code>' / 'word:<word>' (the catalog). */
  key: string;
  english: string;
  re: RegExp;
}

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

function pattern(key: string, english: string, chinese: string): EnglishPattern | null {
  if (english === chinese) return null;
  const parts = english.split(/\{\w+\}/);
  // Nothing English to see in it ("{count} s", "—", "↑").
  if (!/[A-Za-z]{2,}/.test(parts.join(''))) return null;
  // A placeholder stands for anything on the same line; the ends are whole words.
  const body = parts.map(escape).join('[^\\n]*?');
  return { key, english, re: new RegExp(`(?<![A-Za-z])${body}(?![A-Za-z])`) };
}

export const ENGLISH_PATTERNS: EnglishPattern[] = [
  ...Object.entries(messages).map(([key, [en, zh]]) => pattern(`ui:${key}`, en, zh)),
  ...Object.entries(CATALOG).map(([code, e]) => pattern(`core:${code}`, e.en, e.zh)),
  ...Object.entries(WORDS).map(([en, zh]) => pattern(`word:${en}`, en, zh)),
].filter((p): p is EnglishPattern => p !== null);

/** Text that is the user's data, not the UI's (removed before looking for English). */
const USER_DATA: RegExp[] = [
  /Traceback \(most recent call last\):?/g,
  /File "[^"\n]*"?/g,
  /\bline \d+(, in \w+)?/g,
  /\bload_batch\(\)/g,
  /\bpsycopg2[\w.]*(: could not connect to server)?/g,
  // Zone names: Europe/Berlin. Not inside a path: a temporary folder named like "ck-e2e-Qwerty" would lose
  // "Qwerty/cronkeeper" here and leave ".db" behind for the path pattern below to miss.
  /(?<![\w/.-])[A-Z][a-z]+\/[A-Za-z_]+\b/g,
  /\bUTC\b/g,
  /\bSIG[A-Z]+\b/g, // a signal's name
  /\bCRON_TZ\b/g,
  /(?:\/[^\s/"“”]+)+\/?/g, // paths
];

/** Elements that show a record as it is stored (a run's result JSON, its log): data, not UI. */
const DATA_ELEMENTS =
  '[data-testid="exec-result"], [data-testid="log-text"], [data-testid="test-run-output"]';

/** The screen's visible text and placeholders, without user data. */
export async function visibleText(page: Page, extraUserData: string[] = []): Promise<string> {
  const seen = await page.evaluate((dataElements) => {
    const placeholders = [...document.querySelectorAll<HTMLElement>('[placeholder]')]
      .filter((el) => el.checkVisibility() && !(el as HTMLInputElement).value)
      .map((el) => el.getAttribute('placeholder'));
    const data = [...document.querySelectorAll<HTMLElement>(dataElements)].map((el) => el.innerText);
    // Antd's select shows its placeholder as text, which innerText has already.
    return { text: `${document.body.innerText}\n${placeholders.join('\n')}`, data };
  }, DATA_ELEMENTS);
  let text = seen.text;
  for (const data of [...seen.data, ...extraUserData]) if (data) text = text.split(data).join(' ');
  return withoutUserData(text);
}

/** The text with user data (paths, zone names, tracebacks...) replaced by spaces. */
export function withoutUserData(text: string): string {
  for (const re of USER_DATA) text = text.replace(re, ' ');
  return text;
}

/** The English UI strings on the screen: the keys whose English text is there, sorted. */
export function englishIn(text: string): string[] {
  return ENGLISH_PATTERNS.filter((p) => p.re.test(text))
    .map((p) => p.key)
    .sort();
}

/** Words of two or more Latin letters still there (for the report: antd's own strings, dates...). */
export function latinWordsIn(text: string): string[] {
  return [...new Set(text.match(/[A-Za-z][A-Za-z'-]+/g) ?? [])].sort();
}
