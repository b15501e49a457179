// The schedule in words, in the UI language: the shared wording (cronstrue, following the scheduler's day
// rule), cached per language because the task list asks for every row on each render.
import { scheduleInWords } from '../../../shared/schedule-words';
import type { Lang } from '../i18n/i18n';

const cache = new Map<string, string>();

export function cronInWords(expression: string, lang: Lang): string {
  const key = `${lang}\u0000${expression}`;
  const hit = cache.get(key);
  if (hit !== undefined) return hit;
  const words = scheduleInWords(expression, lang === 'zh-CN' ? 'zh_CN' : 'en');
  if (cache.size > 5000) cache.clear();
  cache.set(key, words);
  return words;
}
