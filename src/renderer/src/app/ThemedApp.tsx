// Language and theme from the settings (cached locally so the first paint is already right). No antd
// here: antd's providers wrap only the views (AntdScope), so the frame paints from the first script.
import { useEffect, useLayoutEffect, type ReactNode } from 'react';
import { LangContext, resolveLang } from '../i18n/i18n';
import { useAppStore } from '../store/context';
import { Shell } from './Shell';
import { DarkContext, resolveDark, useSystemDark } from './theme';
import { frameVars } from './frame-tokens';

const CACHE_KEY = 'cronkeeper.ui';

interface UiCache {
  language?: 'system' | 'en' | 'zh-CN';
  theme?: 'system' | 'light' | 'dark';
}

function readCache(): UiCache {
  try {
    return JSON.parse(localStorage.getItem(CACHE_KEY) ?? '{}') as UiCache;
  } catch {
    return {};
  }
}

export function ThemedApp({ children }: { children?: ReactNode }) {
  const settings = useAppStore((s) => s.settings);
  const cached = readCache();
  const languageSetting = settings?.language ?? cached.language;
  const themeSetting = settings?.theme ?? cached.theme;
  const lang = resolveLang(languageSetting);
  const dark = resolveDark(themeSetting, useSystemDark());

  useEffect(() => {
    if (!settings) return;
    try {
      localStorage.setItem(CACHE_KEY, JSON.stringify({ language: settings.language, theme: settings.theme }));
    } catch {
      // private mode or no storage: the cache is only a nicety
    }
  }, [settings]);

  // Before the first paint: the frame's colours come from these variables.
  useLayoutEffect(() => {
    const root = document.documentElement;
    root.lang = lang;
    root.dataset.theme = dark ? 'dark' : 'light';
    for (const [name, value] of Object.entries(frameVars(dark))) root.style.setProperty(name, value);
  }, [lang, dark]);

  return (
    <LangContext.Provider value={lang}>
      <DarkContext.Provider value={dark}>{children ?? <Shell />}</DarkContext.Provider>
    </LangContext.Provider>
  );
}
