// The browser host's gatekeeping: who may load the page and open the WebSocket. The host listens on
// 127.0.0.1 only, but any web page the user visits can still make the browser talk to 127.0.0.1, so every
// request also proves it comes from us: the right Host header (a DNS-rebinding page sends its own name),
// the right Origin on WebSocket upgrades (a foreign page cannot forge it), and the random token that only
// the printed URL carries.
import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

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
 * Cookies are shared by every port of 127.0.0.1, so the name carries the port: two Cronkeeper hosts (or a
 * restarted one) never read each other's cookie.
 */
export function cookieName(port: number): string {
  return `cronkeeper_token_${port}`;
}

export function readCookie(req: IncomingMessage, name: string): string | null {
  const header = req.headers.cookie;
  if (!header) return null;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
  }
  return null;
}

/** HttpOnly: page scripts never need it; SameSite=Strict: no other site's page sends it along. */
export function tokenCookie(port: number, token: string): string {
  return `${cookieName(port)}=${token}; Path=/; HttpOnly; SameSite=Strict`;
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
