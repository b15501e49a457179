// The schedule in words, in the UI language (cronstrue + its zh_CN locale, registered on import).
import cronstrue from 'cronstrue';
import 'cronstrue/locales/zh_CN';
import type { Lang } from '../i18n/i18n';

const cache = new Map<string, string>();

export function cronInWords(expression: string, lang: Lang): string {
  const key = `${lang}\u0000${expression}`;
  const hit = cache.get(key);
  if (hit !== undefined) return hit;
  let words: string;
  try {
    words = cronstrue.toString(expression, {
      locale: lang === 'zh-CN' ? 'zh_CN' : 'en',
      use24HourTimeFormat: true,
      throwExceptionOnParseError: true,
    });
  } catch {
    words = '';
  }
  if (cache.size > 5000) cache.clear();
  cache.set(key, words);
  return words;
}
