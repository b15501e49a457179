// Hardening of the window and its session: a strict CSP, no navigation, no new windows (http/https links
// go to the user's browser), no permissions, and the check that an IPC message comes from our own page.
import type { App, IpcMainInvokeEvent, Session, WebContents } from 'electron';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The same policy as the meta tag in src/renderer/index.html, plus frame-ancestors (a <meta> policy
 * ignores it, with a console warning). Sent as a header too, because a header also covers responses the
 * meta tag cannot (the dev server's). No remote code, no eval; antd's CSS-in-JS
 * needs inline styles; the browser host's WebSocket is on 127.0.0.1.
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "font-src 'self' data:",
  "connect-src 'self' ws://127.0.0.1:* ws://localhost:*",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

/** Where our renderer lives: the built index.html, or the dev server (ELECTRON_RENDERER_URL) in development. */
export type RendererLocation = { kind: 'file'; file: string } | { kind: 'url'; url: string };

export function isTrustedRendererUrl(url: string, renderer: RendererLocation): boolean {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return false;
  }
  if (renderer.kind === 'url') {
    try {
      return parsed.origin === new URL(renderer.url).origin && parsed.origin !== 'null';
    } catch {
      return false;
    }
  }
  if (parsed.protocol !== 'file:' || (parsed.host !== '' && parsed.host !== 'localhost')) return false;
  const normalize = (p: string) => {
    const resolved = path.resolve(p);
    return process.platform === 'win32' || process.platform === 'darwin' ? resolved.toLowerCase() : resolved;
  };
  try {
    return normalize(fileURLToPath(parsed)) === normalize(renderer.file);
  } catch {
    return false;
  }
}

/** Only our page's main frame may call the contract (not an iframe, not a page navigated elsewhere). */
export function isTrustedSender(
  event: Pick<IpcMainInvokeEvent, 'senderFrame'>,
  renderer: RendererLocation,
): boolean {
  const frame = event.senderFrame;
  if (!frame) return false;
  if (frame.parent) return false;
  return isTrustedRendererUrl(frame.url, renderer);
}

export const isWebUrl = (url: string): boolean => {
  try {
    const { protocol } = new URL(url);
    return protocol === 'http:' || protocol === 'https:';
  } catch {
    return false;
  }
};

/** Navigation and new windows are denied; web links open in the user's browser instead. */
export function hardenWebContents(contents: WebContents, openExternal: (url: string) => Promise<void>): void {
  contents.on('will-navigate', (event, url) => {
    event.preventDefault();
    if (isWebUrl(url)) void openExternal(url).catch(() => {});
  });
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.setWindowOpenHandler(({ url }) => {
    if (isWebUrl(url)) void openExternal(url).catch(() => {});
    return { action: 'deny' };
  });
}

/**
 * The same rules for every web contents the app ever creates, not only the main window's: a devtools
 * window, a webview that slipped through, or a future second window are denied navigation, new windows
 * and webview attachment from their first moment. Installed once, before the app is ready.
 */
export function guardAllWebContents(
  app: Pick<App, 'on'>,
  openExternal: (url: string) => Promise<void>,
): void {
  app.on('web-contents-created', (_event, contents) => hardenWebContents(contents, openExternal));
}

export function hardenSession(session: Session): void {
  session.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  session.setPermissionCheckHandler(() => false);
  session.webRequest.onHeadersReceived((details, callback) => {
    const headers = { ...(details.responseHeaders ?? {}) };
    for (const key of Object.keys(headers)) {
      if (key.toLowerCase() === 'content-security-policy') delete headers[key];
    }
    headers['Content-Security-Policy'] = [CONTENT_SECURITY_POLICY];
    callback({ responseHeaders: headers });
  });
}
