// Serves the built renderer (out/renderer) and nothing else: a file under the root, by exact path, with
// its content type. No directory listings, no escaping the root by `..`, encoded slashes or symlinks.
import fs from 'node:fs';
import path from 'node:path';

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.txt': 'text/plain; charset=utf-8',
  '.wasm': 'application/wasm',
};

export function contentTypeFor(file: string): string {
  return CONTENT_TYPES[path.extname(file).toLowerCase()] ?? 'application/octet-stream';
}

export type ResolvedFile = { kind: 'file'; file: string; size: number } | { kind: 'not-found' };

/**
 * Maps a URL path to a file under `root`. `/` is index.html; any other directory is "not found" (no
 * listings). Returns not-found for anything that would leave the root, including through a symlink.
 */
export async function resolveStaticFile(root: string, urlPath: string): Promise<ResolvedFile> {
  let decoded: string;
  try {
    decoded = decodeURIComponent(urlPath);
  } catch {
    return { kind: 'not-found' };
  }
  // A backslash or NUL has no business in an asset name, and on Windows a backslash is a separator.
  if (decoded.includes('\0') || decoded.includes('\\')) return { kind: 'not-found' };
  const relative = decoded === '/' ? 'index.html' : decoded.replace(/^\/+/, '');
  const realRoot = await fs.promises.realpath(root);
  const candidate = path.resolve(realRoot, relative);
  if (!isInside(realRoot, candidate)) return { kind: 'not-found' };
  try {
    const real = await fs.promises.realpath(candidate);
    if (!isInside(realRoot, real)) return { kind: 'not-found' };
    const stat = await fs.promises.stat(real);
    if (!stat.isFile()) return { kind: 'not-found' };
    return { kind: 'file', file: real, size: stat.size };
  } catch {
    return { kind: 'not-found' };
  }
}

function isInside(root: string, candidate: string): boolean {
  const rel = path.relative(root, candidate);
  return rel !== '' && !rel.startsWith('..') && !path.isAbsolute(rel);
}
