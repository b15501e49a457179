// `npx tsx bench/profile-cold-load.ts [N]`: where a cold load of #/history spends its main thread. Seeds
// 50 tasks and 100,000 runs, starts `serve --ui-port 0`, then in one fresh headless Chromium records a CPU
// profile (CDP Profiler) of the load up to the first history row and prints the self time by script file
// and the top functions. With N, also N more cold loads (no profiler) and their median, for an A/B of two
// builds run back to back. Needs a build (`npx electron-vite build`). An interleaved A/B of two builds:
// copy both builds' assets into out/renderer/assets (chunk names are content hashes) and set
// CRONKEEPER_AB=a.html,b.html (their index.html files): each round loads A then B, the same load for both.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { launchBrowser, RENDERER_DIR, startServe } from '../test/e2e/harness';
import { seedExecutions, seedTasks } from '../test/fixtures/e2e/seed';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}
interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

const SELECTOR = '[data-testid="history-row"]';

function watchFirst(selector: string): void {
  const w = window as unknown as { __firstAt?: number };
  // A function the profile can find: its samples mark the moment the row appeared.
  function firstRowMarker(): void {
    const end = performance.now() + 5;
    while (performance.now() < end);
  }
  new MutationObserver(() => {
    if (w.__firstAt === undefined && document.querySelector(selector)) {
      w.__firstAt = performance.now();
      firstRowMarker();
    }
  }).observe(document, { childList: true, subtree: true });
}

async function load(url: string, profile: boolean): Promise<{ first: number; profile?: Profile }> {
  const browser = await launchBrowser();
  try {
    const page = browser.context.pages()[0] ?? (await browser.context.newPage());
    await page.addInitScript('globalThis.__name ??= (fn) => fn;');
    await page.addInitScript(watchFirst, SELECTOR);
    const cdp = profile ? await browser.context.newCDPSession(page) : null;
    const events: string[] = [];
    if (cdp) {
      // When the page was asked for, its WebSocket opened, and each frame went and came (ms from the document's request).
      let t0 = 0;
      const at = (ts: number) => `${(ts * 1000 - t0).toFixed(0)} ms`;
      await cdp.send('Network.enable');
      cdp.on('Network.requestWillBeSent', (e) => {
        if (!t0) t0 = e.timestamp * 1000;
        else if (/\.js$/.test(e.request.url))
          events.push(`${at(e.timestamp)} request ${e.request.url.replace(/.*\//, '')}`);
      });
      cdp.on('Network.webSocketCreated', () => events.push(`socket created`));
      cdp.on('Network.webSocketHandshakeResponseReceived', (e) =>
        events.push(`${at(e.timestamp)} socket open`),
      );
      cdp.on('Network.webSocketFrameSent', (e) =>
        events.push(`${at(e.timestamp)} sent ${e.response.payloadData.slice(0, 60)}`),
      );
      cdp.on('Network.webSocketFrameReceived', (e) =>
        events.push(`${at(e.timestamp)} received ${e.response.payloadData.slice(0, 60)}`),
      );
      await cdp.send('Profiler.enable');
      await cdp.send('Profiler.setSamplingInterval', { interval: 200 });
      await cdp.send('Profiler.start');
    }
    await page.goto(url, { waitUntil: 'commit' });
    await page.waitForFunction(() => (window as { __firstAt?: number }).__firstAt !== undefined, null, {
      timeout: 60_000,
      polling: 50,
    });
    const first = await page.evaluate(() => (window as unknown as { __firstAt: number }).__firstAt);
    const result = cdp ? ((await cdp.send('Profiler.stop')) as { profile: Profile }).profile : undefined;
    if (cdp) console.log(events.slice(0, 30).join('\n'));
    return { first, profile: result };
  } finally {
    await browser.close();
  }
}

function report(profile: Profile): void {
  // Only the samples before the first row (the marker's first sample): what the row waited for.
  const marker = new Set(
    profile.nodes.filter((n) => n.callFrame.functionName.includes('firstRowMarker')).map((n) => n.id),
  );
  const cut = profile.samples.findIndex((id) => marker.has(id));
  const samples = cut >= 0 ? profile.samples.slice(0, cut) : profile.samples;
  console.log(cut >= 0 ? 'samples up to the first row' : 'marker not found: all samples');
  if (cut < 0)
    console.log([...new Set(profile.nodes.map((n) => n.callFrame.functionName))].slice(0, 400).join(' '));
  const self = new Map<number, number>();
  samples.forEach((id, i) => self.set(id, (self.get(id) ?? 0) + profile.timeDeltas[i] / 1000));
  const byFile = new Map<string, number>();
  const byFn = new Map<string, number>();
  for (const node of profile.nodes) {
    const ms = self.get(node.id) ?? 0;
    const file = node.callFrame.url.replace(/.*\//, '') || `(${node.callFrame.functionName || 'native'})`;
    byFile.set(file, (byFile.get(file) ?? 0) + ms);
    const fn = `${node.callFrame.functionName || '(anonymous)'} ${file}:${node.callFrame.lineNumber}`;
    byFn.set(fn, (byFn.get(fn) ?? 0) + ms);
  }
  // The last 300 ms before the row, in 25 ms steps: what the main thread did (idle, or which file).
  const steps: Map<string, number>[] = [];
  let t = 0;
  const total = samples.reduce((sum, _id, i) => sum + profile.timeDeltas[i] / 1000, 0);
  const nodeById = new Map(profile.nodes.map((n) => [n.id, n]));
  samples.forEach((id, i) => {
    t += profile.timeDeltas[i] / 1000;
    const back = total - t;
    if (back > 300) return;
    const step = Math.floor(back / 25);
    const file =
      nodeById.get(id)!.callFrame.url.replace(/.*\//, '') || nodeById.get(id)!.callFrame.functionName;
    const m = (steps[step] ??= new Map());
    m.set(file, (m.get(file) ?? 0) + profile.timeDeltas[i] / 1000);
  });
  console.log('before the row (ms back: main thread by file):');
  for (let k = steps.length - 1; k >= 0; k--) {
    const parts = [...(steps[k] ?? new Map())].sort((a, b) => b[1] - a[1]).slice(0, 4);
    console.log(`  -${(k + 1) * 25}: ${parts.map(([f, ms]) => `${f} ${ms.toFixed(0)}`).join(', ')}`);
  }
  const top = (m: Map<string, number>, n: number) => [...m].sort((a, b) => b[1] - a[1]).slice(0, n);
  console.log('self time by file (ms):');
  for (const [file, ms] of top(byFile, 15)) console.log(`  ${ms.toFixed(1).padStart(7)}  ${file}`);
  console.log('top functions (self ms):');
  for (const [fn, ms] of top(byFn, 40)) console.log(`  ${ms.toFixed(1).padStart(7)}  ${fn}`);
}

async function main(): Promise<void> {
  const extra = Number(process.argv[2] ?? 0);
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ck-profile-'));
  const ids = await seedTasks(
    dataDir,
    Array.from({ length: 50 }, (_, i) => ({ name: `history-task-${i}`, command: 'true' })),
  );
  await seedExecutions(dataDir, ids, 100_000);
  const serve = await startServe(dataDir);
  try {
    const url = `${serve.url}#/history`;
    const profiled = await load(url, true);
    console.log(`profiled cold load: first history row at ${profiled.first.toFixed(0)} ms`);
    report(profiled.profile!);
    const ab = process.env.CRONKEEPER_AB?.split(',');
    if (ab) {
      const index = path.join(RENDERER_DIR, 'index.html');
      const runs: number[][] = ab.map(() => []);
      for (let i = 0; i < extra; i++) {
        for (const [k, html] of ab.entries()) {
          fs.copyFileSync(html, index);
          runs[k].push((await load(url, false)).first);
        }
      }
      for (const [k, html] of ab.entries()) {
        const sorted = [...runs[k]].sort((a, b) => a - b);
        console.log(
          `${path.basename(html)}: ${runs[k].map((t) => t.toFixed(0)).join(', ')}; median ${sorted[Math.floor(sorted.length / 2)].toFixed(0)} ms`,
        );
      }
      return;
    }
    const times: number[] = [];
    for (let i = 0; i < extra; i++) times.push((await load(url, false)).first);
    if (times.length) {
      const sorted = [...times].sort((a, b) => a - b);
      console.log(
        `cold loads: ${times.map((t) => t.toFixed(0)).join(', ')}; median ${sorted[Math.floor(sorted.length / 2)].toFixed(0)} ms`,
      );
    }
  } finally {
    await serve.stop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

void main();
