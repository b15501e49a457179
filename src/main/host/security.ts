// The browser host's gatekeeping: who may load the page and open the WebSocket. The host listens on
// 127.0.0.1 only, but any web page the user visits can still make the browser talk to 127.0.0.1, so every
// request also proves it comes from us: the right Host header (a DNS-rebinding page sends its own name),
// the right Origin on WebSocket upgrades (a foreign page cannot forge it), and the random token that only
// the printed URL carries (in its fragment, which browsers never send; see pageCapability).
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { WS_TOKEN_PROTOCOL_PREFIX } from '../../shared/ws-client';

/** 32 random bytes, URL-safe: unguessable, and fits in a query string without escaping. */
export function createToken(): string {
  return randomBytes(32).toString('base64url');
}

/** Compares in constant time so the token cannot be found a byte at a time by timing replies. */
export function tokenMatches(expected: string, given: string | null | undefined): boolean {
  if (typeof given !== 'string') return false;
  const a = Buffer.from(expected);
  const b = Buffer.from(given);
  return a.length === b.length && timingSafeEqual(a, b);
}

/** The only names this host answers to. Anything else in Host is a rebinding attempt or a mistake. */
export function allowedHosts(port: number): string[] {
  return [`127.0.0.1:${port}`, `localhost:${port}`];
}

export function allowedOrigins(port: number): string[] {
  return allowedHosts(port).map((host) => `http://${host}`);
}

export function hostAllowed(req: IncomingMessage, port: number): boolean {
  const host = req.headers.host?.toLowerCase();
  return host !== undefined && allowedHosts(port).includes(host);
}

/**
 * Browsers always send Origin on a WebSocket handshake, so a foreign page is refused here. A client that
 * sends none is not a browser (a test or a script on this machine); it can forge any header anyway, so
 * for it the token is the whole check.
 */
export function originAllowed(req: IncomingMessage, port: number): boolean {
  const origin = req.headers.origin;
  return origin === undefined || allowedOrigins(port).includes(origin.toLowerCase());
}

/**
 * The page and its assets live under /ui/CAPABILITY/: a value derived from the token that lets a browser
 * load the (public) renderer files and nothing else. It travels in the path, so every asset request
 * carries it with no cookie: browsers send cookies for 127.0.0.1 to every port, so any other local web
 * service the user visits would receive one. The token itself reaches the page in the URL fragment (never
 * sent over HTTP) and goes to the WebSocket only; the capability cannot open it.
 */
export function pageCapability(token: string): string {
  return createHmac('sha256', token).update('cronkeeper pages').digest('base64url').slice(0, 32);
}

export const PAGE_PREFIX = '/ui/';

/** The path below /ui/CAPABILITY/ when the capability matches; null otherwise. */
export function pagePath(urlPath: string, capability: string): string | null {
  if (!urlPath.startsWith(PAGE_PREFIX)) return null;
  const rest = urlPath.slice(PAGE_PREFIX.length);
  const slash = rest.indexOf('/');
  const given = slash < 0 ? rest : rest.slice(0, slash);
  if (!tokenMatches(capability, given)) return null;
  return slash < 0 ? '' : rest.slice(slash);
}

// The subprotocol every client offers and the host answers with, and the prefix of a second offered
// subprotocol that carries the token: a handshake header only this host sees, never a URL or a cookie.
export { WS_PROTOCOL, WS_TOKEN_PROTOCOL_PREFIX } from '../../shared/ws-client';

/** The token from the offered subprotocols (Sec-WebSocket-Protocol), or from ?token= for scripts. */
export function wsToken(req: IncomingMessage): string | null {
  const offered = String(req.headers['sec-websocket-protocol'] ?? '')
    .split(',')
    .map((p) => p.trim());
  const fromProtocol = offered.find((p) => p.startsWith(WS_TOKEN_PROTOCOL_PREFIX));
  if (fromProtocol) return fromProtocol.slice(WS_TOKEN_PROTOCOL_PREFIX.length);
  return new URL(req.url ?? '/', 'http://127.0.0.1').searchParams.get('token');
}

/**
 * Browsers say who started a request (Sec-Fetch-Site). Another port of 127.0.0.1 is "same-site", not
 * "same-origin": only our own pages and the user's own navigation ("none") may load the UI. Clients that
 * send no such header are not browsers; the capability is their check.
 */
export function fetchSiteAllowed(req: IncomingMessage): boolean {
  const site = req.headers['sec-fetch-site'];
  return site === undefined || site === 'same-origin' || site === 'none';
}

/**
 * The Electron window's policy (src/renderer/index.html), with connect-src narrowed to this host's own
 * WebSocket endpoint.
 */
export function contentSecurityPolicy(port: number): string {
  const ws = allowedHosts(port)
    .map((host) => `ws://${host}`)
    .join(' ');
  return [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data:",
    "font-src 'self' data:",
    `connect-src 'self' ${ws}`,
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
  ].join('; ');
}

export function securityHeaders(port: number): Record<string, string> {
  return {
    'Content-Security-Policy': contentSecurityPolicy(port),
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'no-referrer',
    'X-Frame-Options': 'DENY',
    'Cross-Origin-Opener-Policy': 'same-origin',
    'Cross-Origin-Resource-Policy': 'same-origin',
  };
}
