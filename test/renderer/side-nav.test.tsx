// @vitest-environment jsdom
// The window's side nav (our own, so that the frame paints before antd loads): a named landmark whose
// items are menu items, the current one marked aria-current and the only Tab stop; the arrow keys, Home
// and End move focus, Space and Enter open a view. Its colours (frame-tokens.ts) must be the ones antd
// derives from our theme, so that its contrast is the theme's.
import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { theme } from 'antd';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Root } from '../../src/renderer/src/app/Root';
import { frameTokens } from '../../src/renderer/src/app/frame-tokens';
import { themeConfig } from '../../src/renderer/src/app/theme-tokens';
import { createAppStore } from '../../src/renderer/src/store/app-store';
import { createFakeBridge } from './fake-bridge';

function items() {
  const nav = screen.getByRole('navigation', { name: 'Main navigation' });
  return within(nav).getAllByRole('menuitem');
}

describe('side nav', () => {
  afterEach(cleanup);
  beforeEach(() => {
    window.location.hash = '#/history';
    localStorage.clear();
  });

  it('is a named landmark of menu items; the current view is marked and is the one Tab stop', async () => {
    const bridge = createFakeBridge();
    render(<Root bridge={bridge} store={createAppStore(bridge)} />);
    const all = items();
    expect(all.map((item) => item.textContent)).toEqual(['Tasks', 'History', 'Dashboard', 'Settings']);
    expect(all.map((item) => item.getAttribute('aria-current'))).toEqual([null, 'page', null, null]);
    expect(all.map((item) => item.tabIndex)).toEqual([-1, 0, -1, -1]);

    window.location.hash = '#/settings';
    window.dispatchEvent(new HashChangeEvent('hashchange'));
    await waitFor(() => expect(items()[3].getAttribute('aria-current')).toBe('page'));
    expect(items()[1].getAttribute('aria-current')).toBeNull();
    expect(items().map((item) => item.tabIndex)).toEqual([-1, -1, -1, 0]);
  });

  it('moves focus with the arrow keys, Home and End, and opens a view with Space', async () => {
    const bridge = createFakeBridge();
    render(<Root bridge={bridge} store={createAppStore(bridge)} />);
    const [tasks, history, dashboard, settings] = items();
    history.focus();
    fireEvent.keyDown(history, { key: 'ArrowDown' });
    expect(document.activeElement).toBe(dashboard);
    expect(dashboard.tabIndex).toBe(0); // the Tab stop follows focus while inside
    fireEvent.keyDown(dashboard, { key: 'End' });
    expect(document.activeElement).toBe(settings);
    fireEvent.keyDown(settings, { key: 'ArrowDown' }); // wraps
    expect(document.activeElement).toBe(tasks);
    fireEvent.keyDown(tasks, { key: 'ArrowUp' });
    expect(document.activeElement).toBe(settings);
    fireEvent.keyDown(settings, { key: 'Home' });
    expect(document.activeElement).toBe(tasks);
    fireEvent.keyDown(tasks, { key: ' ' });
    expect(window.location.hash).toBe('#/tasks');
    // Each item is a link to its view: Enter (and a click) follow it.
    expect(dashboard.getAttribute('href')).toBe('#/dashboard');
  });

  it.each([false, true])('paints with the colours antd derives from the theme (dark: %s)', (dark) => {
    const token = theme.getDesignToken(themeConfig(dark));
    const mine = frameTokens[dark ? 'dark' : 'light'];
    const norm = (colour: string) => colour.replace(/\s+/g, '').toLowerCase();
    expect(norm(mine.bg)).toBe(norm(token.colorBgContainer));
    expect(norm(mine.layoutBg)).toBe(norm(token.colorBgLayout));
    expect(norm(mine.text)).toBe(norm(token.colorText));
    expect(norm(mine.border)).toBe(norm(token.colorBorderSecondary));
    expect(norm(mine.hoverBg)).toBe(norm(token.controlItemBgHover));
    expect(norm(mine.selectedBg)).toBe(norm(token.controlItemBgActive));
    expect(norm(mine.focus)).toBe(norm(token.colorPrimaryBorder));
    // The current item's text: the theme's selected-menu colour (dark) or its primary text colour.
    const menu = themeConfig(dark).components?.Menu as { itemSelectedColor?: string } | undefined;
    expect(norm(mine.selectedText)).toBe(norm(menu?.itemSelectedColor ?? token.colorPrimaryText));
  });
});
