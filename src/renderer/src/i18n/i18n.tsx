// The UI language: 'en' or 'zh-CN', from the settings or, when they say 'system', from navigator.language.
import { createContext, useCallback, useContext } from 'react';
import { messages, type MessageKey } from './messages';

export type Lang = 'en' | 'zh-CN';

export function resolveLang(setting: 'system' | Lang | undefined): Lang {
  if (setting === 'en' || setting === 'zh-CN') return setting;
  const system = typeof navigator !== 'undefined' ? navigator.language : 'en';
  return system.toLowerCase().startsWith('zh') ? 'zh-CN' : 'en';
}

export type Vars = Record<string, string | number>;

export function translate(lang: Lang, key: MessageKey, vars?: Vars): string {
  const text: string = messages[key][lang === 'zh-CN' ? 1 : 0];
  if (!vars) return text;
  return text.replace(/\{(\w+)\}/g, (whole, name: string) => (name in vars ? String(vars[name]) : whole));
}

export const LangContext = createContext<Lang>('en');

export function useLang(): Lang {
  return useContext(LangContext);
}

export type T = (key: MessageKey, vars?: Vars) => string;

export function useT(): T {
  const lang = useLang();
  return useCallback((key: MessageKey, vars?: Vars) => translate(lang, key, vars), [lang]);
}
