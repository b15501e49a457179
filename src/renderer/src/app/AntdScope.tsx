// antd's providers (theme, locale, the App context behind message/modal/notification) and the health
// banner (an antd Alert), around the routed view and the editor only. It is its own chunk, loaded beside the opening view's chunk: the frame (side
// nav, logo) paints without antd, which keeps antd's runtime out of the first script.
import { App as AntApp, ConfigProvider, theme as antTheme } from 'antd';
import enUS from 'antd/locale/en_US';
import zhCN from 'antd/locale/zh_CN';
import { useContext, useEffect, type ReactNode } from 'react';
import { LangContext } from '../i18n/i18n';
import { HealthBanner } from './HealthBanner';
import { DarkContext } from './theme';
import { themeConfig, tokenVars } from './theme-tokens';

export default function AntdScope({ children }: { children: ReactNode }) {
  const lang = useContext(LangContext);
  const dark = useContext(DarkContext);
  return (
    <ConfigProvider locale={lang === 'zh-CN' ? zhCN : enUS} theme={themeConfig(dark)}>
      <TokenVars />
      <AntApp className="ck-app">
        <HealthBanner />
        {children}
      </AntApp>
    </ConfigProvider>
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
