// Cold loads for the ui bench: each in a fresh headless Chromium (new profile, empty cache), time from
// navigation start to the first task row, to the first history row, and, as the baseline from the same
// run, to a blank page from the same host (its 404 page: one HTTP round trip, no script). Also the size
// of the renderer's initial script: the entry chunk and every chunk it imports statically.
import fs from 'node:fs';
import path from 'node:path';
import { launchBrowser, RENDERER_DIR } from '../test/e2e/harness';

const KEEP_NAMES_SHIM = 'globalThis.__name ??= (fn) => fn;';

/** In the page, before it loads: when the first element matching the selector appears. */
function watchFirst(selector: string): void {
  const w = window as unknown as { __firstAt?: number };
  const check = () => {
    if (w.__firstAt === undefined && document.querySelector(selector)) w.__firstAt = performance.now();
  };
  const observer = new MutationObserver(check);
  const start = () => observer.observe(document.documentElement, { childList: true, subtree: true });
  if (document.documentElement) start();
  else document.addEventListener('DOMContentLoaded', start);
}

/** One cold load in a fresh browser: ms from navigation start until `selector` exists (or DOMContentLoaded). */
async function coldLoad(url: string, selector: string | null, timeoutMs: number): Promise<number> {
  const browser = await launchBrowser();
  try {
    const page = browser.context.pages()[0] ?? (await browser.context.newPage());
    await page.addInitScript(KEEP_NAMES_SHIM);
    if (selector) await page.addInitScript(watchFirst, selector);
    await page.goto(url, { waitUntil: selector ? 'commit' : 'domcontentloaded' });
    if (!selector) {
      return await page.evaluate(() => {
        const nav = performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming;
        return nav.domContentLoadedEventEnd;
      });
    }
    await page.waitForFunction(() => (window as { __firstAt?: number }).__firstAt !== undefined, null, {
      timeout: timeoutMs,
      polling: 50,
    });
    const at = await page.evaluate(() => {
      const nav = performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming;
      const scripts = (performance.getEntriesByType('resource') as PerformanceResourceTiming[])
        .filter((r) => r.name.endsWith('.js'))
        .map((r) => ({ name: r.name.replace(/.*\//, ''), end: r.responseEnd }));
      return {
        first: (window as unknown as { __firstAt: number }).__firstAt,
        dcl: nav.domContentLoadedEventEnd,
        scripts,
      };
    });
    breakdown.push(
      `${selector}: ${at.first.toFixed(0)} ms; first script ran by ${at.dcl.toFixed(0)} ms (DOMContentLoaded); ` +
        `last script fetched at ${Math.max(...at.scripts.map((x) => x.end)).toFixed(0)} ms (${at.scripts.length} files)`,
    );
    return at.first;
  } finally {
    await browser.close();
  }
}

/** One line per cold load: when the first script had run, when the last chunk arrived, when the row showed. */
export const breakdown: string[] = [];

export interface ColdLoads {
  blank: number[];
  tasks: number[];
  history: number[];
}

/** `rounds` cold loads of each, interleaved (blank, tasks, history, blank, ...) so load drifts hit all three. */
export async function measureColdLoads(appUrl: string, rounds: number): Promise<ColdLoads> {
  const u = new URL(appUrl);
  const blankUrl = `${u.origin}/cold-load-baseline`;
  const result: ColdLoads = { blank: [], tasks: [], history: [] };
  for (let i = 0; i < rounds; i++) {
    result.blank.push(await coldLoad(blankUrl, null, 60_000));
    result.tasks.push(await coldLoad(`${appUrl}#/tasks`, '[data-testid="task-name"]', 60_000));
    result.history.push(await coldLoad(`${appUrl}#/history`, '[data-testid="history-row"]', 60_000));
  }
  return result;
}

/** Bytes of script the built renderer loads before it can render: the entry and its static imports. */
export function initialScriptBytes(): { bytes: number; files: string[] } {
  const html = fs.readFileSync(path.join(RENDERER_DIR, 'index.html'), 'utf8');
  const entry = /<script type="module"[^>]*src="\.\/assets\/([^"]+\.js)"/.exec(html)?.[1];
  if (!entry) throw new Error('no module script in out/renderer/index.html');
  const seen = new Set<string>();
  const walk = (file: string) => {
    if (seen.has(file)) return;
    seen.add(file);
    const code = fs.readFileSync(path.join(RENDERER_DIR, 'assets', file), 'utf8');
    // Static imports only (`import ... from "./x.js"`, `import "./x.js"`), not `import("./x.js")`.
    for (const m of code.matchAll(/\bimport\s*(?:[^"'()]*?from\s*)?["']\.\/([^"']+\.js)["']/g)) walk(m[1]);
  };
  walk(entry);
  const files = [...seen];
  const bytes = files.reduce((sum, f) => sum + fs.statSync(path.join(RENDERER_DIR, 'assets', f)).size, 0);
  return { bytes, files };
}
