// Language and theme from the settings (cached locally so the first paint is already right).
import { App as AntApp, ConfigProvider, theme as antTheme } from 'antd';
import enUS from 'antd/locale/en_US';
import zhCN from 'antd/locale/zh_CN';
import { useEffect, type ReactNode } from 'react';
import { LangContext, resolveLang } from '../i18n/i18n';
import { useAppStore } from '../store/context';
import { Shell } from './Shell';
import { DarkContext, resolveDark, useSystemDark } from './theme';
import { themeConfig, tokenVars } from './theme-tokens';

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

  useEffect(() => {
    document.documentElement.lang = lang;
    document.documentElement.dataset.theme = dark ? 'dark' : 'light';
  }, [lang, dark]);

  return (
    <LangContext.Provider value={lang}>
      <DarkContext.Provider value={dark}>
        <ConfigProvider locale={lang === 'zh-CN' ? zhCN : enUS} theme={themeConfig(dark)}>
          <TokenVars />
          <AntApp className="ck-app">{children ?? <Shell />}</AntApp>
        </ConfigProvider>
      </DarkContext.Provider>
    </LangContext.Provider>
  );
}

/** Hands the theme's tokens to our own plain elements (styles.css) as CSS variables on the root. */
function TokenVars() {
  const { token } = antTheme.useToken();
  useEffect(() => {
    const style = document.documentElement.style;
    for (const [name, value] of Object.entries(tokenVars(token))) style.setProperty(name, value);
  }, [token]);
  return null;
}
