// The window's webPreferences and the security handlers: navigation denied, new windows denied (web links
// to the browser), webviews refused, every permission denied, the CSP header set on every response.
import fs from 'node:fs';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { CONTENT_SECURITY_POLICY, hardenSession } from '../../src/main/shell/security';
import { createMainWindow, mainWindowOptions } from '../../src/main/shell/window';
import * as fake from './fake-electron';

vi.mock('electron', () => import('./fake-electron'));

beforeEach(() => fake.resetReady());

const makeWindow = (overrides: Partial<Parameters<typeof createMainWindow>[0]> = {}) =>
  createMainWindow({
    preloadPath: '/app/out/preload/index.js',
    renderer: { kind: 'file', file: '/app/out/renderer/index.html' },
    state: { maximized: false, closeHintShown: false },
    showWhenReady: true,
    isQuitting: () => false,
    onHiddenToTray: () => {},
    onStateChange: () => {},
    ...overrides,
  }) as unknown as fake.BrowserWindow;

describe('webPreferences', () => {
  it('isolate, sandbox and keep Node out of the renderer', () => {
    const prefs = mainWindowOptions('/p/index.js', undefined).webPreferences;
    expect(prefs).toMatchObject({
      preload: '/p/index.js',
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
    });
  });

  it('are what the created window gets; it starts hidden and shows on ready-to-show', () => {
    const win = makeWindow();
    expect(win.options).toEqual(mainWindowOptions('/app/out/preload/index.js', undefined));
    expect(win.options.show).toBe(false);
    win.emit('ready-to-show');
    expect(win.visible).toBe(true);
  });

  it('does not show on ready-to-show when started hidden', () => {
    const win = makeWindow({ showWhenReady: false });
    win.emit('ready-to-show');
    expect(win.visible).toBe(false);
  });

  it('reuses saved bounds that are on a display, and ignores ones that are not', () => {
    const on = makeWindow({
      state: { bounds: { x: 50, y: 60, width: 900, height: 700 }, maximized: true, closeHintShown: false },
    });
    expect(on.options).toMatchObject({ x: 50, y: 60, width: 900, height: 700 });
    // Maximized once painted: maximize() shows the window, so before ready-to-show it would flash blank.
    expect(on.maximized).toBe(false);
    expect(on.visible).toBe(false);
    on.emit('ready-to-show');
    expect(on.maximized).toBe(true);
    expect(on.visible).toBe(true);
    const off = makeWindow({
      state: { bounds: { x: 5000, y: 60, width: 900, height: 700 }, maximized: false, closeHintShown: false },
    });
    expect(off.options).toMatchObject({ width: 1200, height: 800 });
    expect(off.options.x).toBeUndefined();
  });

  it('remembers its bounds shortly after a resize or move, once per burst', () => {
    vi.useFakeTimers();
    try {
      const saved = vi.fn();
      const win = makeWindow({ onStateChange: saved });
      win.emit('resize');
      win.emit('move');
      win.emit('resize');
      expect(saved).not.toHaveBeenCalled();
      vi.advanceTimersByTime(600);
      expect(saved).toHaveBeenCalledTimes(1);
      expect(saved).toHaveBeenCalledWith({
        bounds: { x: 100, y: 100, width: 1200, height: 800 },
        maximized: false,
      });
    } finally {
      vi.useRealTimers();
    }
  });

  it('loads the dev server URL when given one', () => {
    const win = makeWindow({ renderer: { kind: 'url', url: 'http://localhost:5173' } });
    expect(win.loaded).toEqual({ url: 'http://localhost:5173' });
  });
});

describe('navigation and new windows', () => {
  const navigate = (win: fake.BrowserWindow, url: string) => {
    const preventDefault = vi.fn();
    win.webContents.emit('will-navigate', { preventDefault }, url);
    return preventDefault;
  };

  it('denies every navigation; web links open in the browser, others nowhere', async () => {
    const win = makeWindow();
    for (const url of [
      'https://example.com/docs',
      'http://example.com/',
      'file:///etc/passwd',
      'javascript:alert(1)',
      'cronkeeper://x',
    ]) {
      expect(navigate(win, url)).toHaveBeenCalled();
    }
    await Promise.resolve();
    expect(fake.shell.opened).toEqual(['https://example.com/docs', 'http://example.com/']);
  });

  it('denies every new window; web links open in the browser', async () => {
    const win = makeWindow();
    const handler = win.webContents.windowOpenHandler;
    expect(handler).toBeTypeOf('function');
    expect(handler?.({ url: 'https://example.com/' })).toEqual({ action: 'deny' });
    expect(handler?.({ url: 'file:///etc/passwd' })).toEqual({ action: 'deny' });
    expect(handler?.({ url: 'smb://host/share' })).toEqual({ action: 'deny' });
    await Promise.resolve();
    expect(fake.shell.opened).toEqual(['https://example.com/']);
  });

  it('refuses to attach webviews', () => {
    const win = makeWindow();
    const preventDefault = vi.fn();
    win.webContents.emit('will-attach-webview', { preventDefault }, {}, {});
    expect(preventDefault).toHaveBeenCalled();
  });

  it('hides on close unless quitting', () => {
    let quitting = false;
    const hidden = vi.fn();
    const win = makeWindow({ isQuitting: () => quitting, onHiddenToTray: hidden });
    win.show();
    expect(win.userClose()).toBe(false);
    expect(hidden).toHaveBeenCalledTimes(1);
    quitting = true;
    expect(win.userClose()).toBe(true);
  });
});

describe('session', () => {
  it('denies every permission request and check', () => {
    hardenSession(fake.session.defaultSession as never);
    for (const permission of ['media', 'geolocation', 'notifications', 'clipboard-read', 'openExternal']) {
      const callback = vi.fn();
      fake.session.defaultSession.permissionRequestHandler?.({}, permission, callback, {});
      expect(callback).toHaveBeenCalledWith(false);
      expect(fake.session.defaultSession.permissionCheckHandler?.({}, permission, 'file://', {})).toBe(false);
    }
  });

  it('sets the CSP header on responses, replacing any other', () => {
    hardenSession(fake.session.defaultSession as never);
    const callback = vi.fn();
    fake.session.defaultSession.headersListener?.(
      {
        responseHeaders: {
          'content-security-policy': ["default-src *; script-src * 'unsafe-eval'"],
          'x-a': ['1'],
        },
      },
      callback,
    );
    expect(callback).toHaveBeenCalledWith({
      responseHeaders: { 'x-a': ['1'], 'Content-Security-Policy': [CONTENT_SECURITY_POLICY] },
    });
  });

  it('the policy allows no eval, no inline or remote script, no plugins', () => {
    const directives = Object.fromEntries(
      CONTENT_SECURITY_POLICY.split(';').map((d) => {
        const [name, ...values] = d.trim().split(/\s+/);
        return [name, values];
      }),
    );
    expect(directives['default-src']).toEqual(["'self'"]);
    expect(directives['script-src']).toEqual(["'self'"]);
    expect(directives['object-src']).toEqual(["'none'"]);
    expect(CONTENT_SECURITY_POLICY).not.toMatch(/unsafe-eval|https?:/);
    expect(Object.values(directives).flat()).not.toContain('*');
  });

  it("matches the renderer's meta tag, so file:// pages (which get no headers) are covered too", () => {
    const html = fs.readFileSync('src/renderer/index.html', 'utf8');
    const meta = /http-equiv="Content-Security-Policy"\s+content="([^"]+)"/.exec(html);
    // frame-ancestors is ignored in a <meta> policy (with a console warning, CSP3 §6.1.2): header only.
    const headerOnly = (policy: string) =>
      policy
        .split('; ')
        .filter((directive) => !directive.startsWith('frame-ancestors'))
        .join('; ');
    expect(meta?.[1]).not.toContain('frame-ancestors');
    expect(meta?.[1]).toBe(headerOnly(CONTENT_SECURITY_POLICY));
    expect(CONTENT_SECURITY_POLICY).toContain("frame-ancestors 'none'");
  });
});
