// The colours of the window's frame (side nav, logo, page background), as plain values: the frame paints
// before antd is loaded (antd comes with the views, see AntdScope), so it cannot ask antd for its tokens.
// They are antd's derived tokens for our theme (theme-tokens.ts seeds its primary and focus colours from
// here), and test/renderer/frame-nav.test.tsx checks that they still equal what antd derives.
export interface FrameTokens {
  /** colorBgContainer: the nav's surface. */
  bg: string;
  /** colorBgLayout: behind the views. */
  layoutBg: string;
  /** colorText: a nav item. */
  text: string;
  /** colorBorderSecondary: the line between nav and view. */
  border: string;
  /** controlItemBgHover: an item under the pointer. */
  hoverBg: string;
  /** controlItemBgActive: the current item's tint. */
  selectedBg: string;
  /** The current item's text: 5.6:1 (light) and 7.6:1 (dark) on its tint. */
  selectedText: string;
  /** colorPrimaryBorder: the focus ring, at least 3:1 on every surface. */
  focus: string;
  /** The seed colorPrimary (the logo mark). */
  primary: string;
}

export const frameTokens: Record<'light' | 'dark', FrameTokens> = {
  light: {
    bg: '#ffffff',
    layoutBg: '#f5f5f5',
    text: 'rgba(0,0,0,0.88)',
    border: '#f0f0f0',
    hoverBg: 'rgba(0,0,0,0.04)',
    selectedBg: '#e6f4ff',
    selectedText: '#0958d9',
    focus: '#0958d9',
    primary: '#0958d9',
  },
  dark: {
    bg: '#141414',
    layoutBg: '#000000',
    text: 'rgba(255,255,255,0.85)',
    border: '#303030',
    hoverBg: 'rgba(255,255,255,0.08)',
    selectedBg: '#152d50',
    selectedText: '#91caff',
    focus: '#69b1ff',
    primary: '#1668dc',
  },
};

/** The frame's tokens as CSS custom properties on the root element (styles.css reads them). */
export function frameVars(isDark: boolean): Record<string, string> {
  const t = frameTokens[isDark ? 'dark' : 'light'];
  return {
    '--ck-frame-bg': t.bg,
    '--ck-frame-layout-bg': t.layoutBg,
    '--ck-frame-text': t.text,
    '--ck-frame-border': t.border,
    '--ck-frame-hover': t.hoverBg,
    '--ck-frame-selected-bg': t.selectedBg,
    '--ck-frame-selected-text': t.selectedText,
    '--ck-frame-primary': t.primary,
    // Our own focus rings read --ck-focus; antd's tokens set it again once loaded (the same value).
    '--ck-focus': t.focus,
  };
}
