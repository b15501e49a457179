// The antd theme of both modes, tuned for WCAG 2.2 AA: every text colour at least 4.5:1 on the surface it
// sits on (muted text, placeholders, links, status tags, the selected nav item, danger buttons), and the
// focus ring at least 3:1. antd's defaults miss that by a little in many places (e.g. #1677ff under white
// text is 4.1:1, the 0.45-alpha "tertiary" grey 3.4:1), so the fix lives here, in the tokens every
// component derives from, rather than in per-element overrides. The few plain elements of our own (the
// task and history rows' status pills, muted text) read the same tokens through CSS variables (tokenVars).
//
// How antd reads these: the status colours (colorSuccess, colorError, ...) are seeds; the algorithm
// derives each status's palette from them, and a seed given here never overrides the derived value. In
// the light theme the derived colour is the seed itself; the dark algorithm blends it 85 % into the dark
// background, so the dark seeds are chosen brighter than the colour they end up as. The derived tints
// (colorSuccessBg, ...) and the text greys are plain map tokens and are set as they are.
import { theme as antTheme, type ThemeConfig } from 'antd';
import type { GlobalToken } from 'antd';
import { frameTokens } from './frame-tokens';

const light: ThemeConfig = {
  algorithm: antTheme.defaultAlgorithm,
  token: {
    colorPrimary: frameTokens.light.primary, // 6.2:1 under white text, 5.6:1 on the selected nav item's tint
    colorInfo: '#0958d9',
    colorLink: '#0958d9',
    colorSuccess: '#237804', // tag text: 5.5:1 on the tint below
    colorSuccessBg: '#f6ffed', // the palette's own tint of so dark a green is a grey (2.7:1)
    colorSuccessBorder: '#b7eb8f',
    colorWarning: '#ad4e00',
    colorWarningBg: '#fff7e6',
    colorWarningBorder: '#ffd591',
    colorError: '#cf1322', // 5.6:1 on white and under white text
    colorTextTertiary: 'rgba(0, 0, 0, 0.6)',
    colorTextDescription: 'rgba(0, 0, 0, 0.6)',
    colorTextPlaceholder: 'rgba(0, 0, 0, 0.58)',
    // The focus ring (antd draws it in colorPrimaryBorder): 6:1 instead of the pale 1.6:1 default.
    colorPrimaryBorder: frameTokens.light.focus,
    // Control outlines (inputs, selects, default buttons) at 3.4:1 rather than 1.4:1 (WCAG 1.4.11);
    // cards and dividers keep the lighter colorBorderSecondary.
    colorBorder: '#8c8c8c',
  },
  components: {
    // A switch that is off is told by its track: 3.4:1 rather than 1.9:1.
    Switch: { colorTextQuaternary: 'rgba(0, 0, 0, 0.45)', colorTextTertiary: 'rgba(0, 0, 0, 0.6)' },
  },
};

const dark: ThemeConfig = {
  algorithm: antTheme.darkAlgorithm,
  token: {
    colorPrimary: frameTokens.dark.primary, // derived #165bbe: 6.4:1 under white text
    colorInfo: '#69b1ff', // derived #5c99dc: 5.7:1 on its tint (the Running tag)
    colorLink: '#69b1ff',
    colorSuccess: '#73d13d', // derived #65b537: 6.3:1 on its tint
    colorWarning: '#d89614',
    colorError: '#ff8a87', // derived #dc7876: 5:1 on the surfaces and tints it sits on
    colorTextTertiary: 'rgba(255, 255, 255, 0.6)',
    colorTextDescription: 'rgba(255, 255, 255, 0.6)',
    colorTextPlaceholder: 'rgba(255, 255, 255, 0.55)',
    colorPrimaryBorder: frameTokens.dark.focus,
    colorBorder: '#737373', // control outlines: 3.9:1
  },
  components: {
    // The selected item of a menu (the ⋮ menu; the side nav is ours, frame-tokens.ts) in the primary blue
    // was 2.5:1 on its dark tint.
    Menu: { itemSelectedColor: frameTokens.dark.selectedText },
    // A filled danger button (the delete confirmation's) in that brighter red takes dark text: 6.3:1.
    Button: { dangerColor: 'rgba(0, 0, 0, 0.88)' },
    Switch: {
      colorTextQuaternary: 'rgba(255, 255, 255, 0.45)',
      colorTextTertiary: 'rgba(255, 255, 255, 0.6)',
    },
  },
};

export function themeConfig(isDark: boolean): ThemeConfig {
  return isDark ? dark : light;
}

/** The tokens our own plain elements use (styles.css), as CSS custom properties on the root element. */
export function tokenVars(token: GlobalToken): Record<string, string> {
  return {
    '--ck-muted': token.colorTextTertiary,
    '--ck-success-text': token.colorSuccessText,
    '--ck-error-text': token.colorErrorText,
    '--ck-warning-text': token.colorWarningText,
    '--ck-info-text': token.colorInfoText,
    '--ck-focus': token.colorPrimaryBorder,
    '--ck-primary': token.colorPrimary,
    '--ck-warning': token.colorWarning,
  };
}
