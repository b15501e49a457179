// The renderer's first script stays small: what the built index.html loads before anything can paint (its
// entry module and, transitively, the modules that one imports statically, plus any modulepreload link)
// is at most 500 KB minified. Views, antd and ECharts come in later chunks (dynamic import()). Reads the
// build in out/ (`npm test` builds first; alone: `npx electron-vite build`).
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const RENDERER = path.resolve(__dirname, '../../out/renderer');
const LIMIT_BYTES = 500 * 1000;

/** The relative specifiers of a minified ES module's static imports and re-exports (not `import(...)`). */
export function staticImports(code: string): string[] {
  const found = new Set<string>();
  const pattern = /(?:^|[;\s}])(?:import|export)\s*(?:[^'"();]*?\bfrom\s*)?["'](\.{1,2}\/[^"']+)["']/g;
  for (const match of code.matchAll(pattern)) found.add(match[1]);
  return [...found];
}

function firstScript(): Map<string, number> {
  const html = fs.readFileSync(path.join(RENDERER, 'index.html'), 'utf8');
  const entries = [...html.matchAll(/<script[^>]*type="module"[^>]*src="([^"]+)"/g)].map((m) => m[1]);
  const preloads = [...html.matchAll(/<link[^>]*rel="modulepreload"[^>]*href="([^"]+)"/g)].map((m) => m[1]);
  expect(entries.length).toBeGreaterThan(0);
  const sizes = new Map<string, number>();
  const queue = [...entries, ...preloads].map((src) => path.resolve(RENDERER, src));
  while (queue.length > 0) {
    const file = queue.shift()!;
    if (sizes.has(file)) continue;
    const code = fs.readFileSync(file, 'utf8');
    sizes.set(file, Buffer.byteLength(code));
    for (const spec of staticImports(code)) queue.push(path.resolve(path.dirname(file), spec));
  }
  return sizes;
}

describe('the first script', () => {
  it('finds static imports but not dynamic ones', () => {
    const code =
      'import{a as b}from"./x-1.js";import"./side.js";export{c}from"../y.js";const v=()=>import("./lazy.js")';
    expect(staticImports(code)).toEqual(['./x-1.js', './side.js', '../y.js']);
  });

  it('is at most 500 KB minified (the entry and its static imports)', () => {
    if (!fs.existsSync(path.join(RENDERER, 'index.html'))) {
      throw new Error('no renderer build in out/: run `npx electron-vite build` (npm test does)');
    }
    const sizes = firstScript();
    const total = [...sizes.values()].reduce((sum, size) => sum + size, 0);
    const list = [...sizes].map(([file, size]) => `${path.basename(file)} ${(size / 1000).toFixed(1)} KB`);
    expect(total, `first script ${(total / 1000).toFixed(1)} KB: ${list.join(', ')}`).toBeLessThanOrEqual(
      LIMIT_BYTES,
    );
    // It must have found the framework too, not only a stub entry.
    expect(total).toBeGreaterThan(100 * 1000);
  });
});
