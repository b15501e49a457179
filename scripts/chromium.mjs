// Finds a Chromium for the browser tests and benchmarks, installing one when allowed: Debian's
// `chromium` where apt works, else Playwright's own download. Says what it does.
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';

const CANDIDATES = [
  '/usr/bin/chromium',
  '/usr/bin/chromium-browser',
  '/usr/bin/google-chrome-stable',
  '/usr/bin/google-chrome',
];

function playwrightChromium() {
  try {
    const require = createRequire(import.meta.url);
    const { chromium } = require('playwright-core');
    const exe = chromium.executablePath();
    return exe && fs.existsSync(exe) ? exe : null;
  } catch {
    return null;
  }
}

export function findChromium({ install = false, log = console.log } = {}) {
  const fromEnv = process.env.CRONKEEPER_CHROMIUM || process.env.CHROMIUM_PATH;
  if (fromEnv && fs.existsSync(fromEnv)) {
    log(`using Chromium from the environment: ${fromEnv}`);
    return fromEnv;
  }
  const found = CANDIDATES.find((p) => fs.existsSync(p)) ?? playwrightChromium();
  if (found) {
    log(`using Chromium at ${found}`);
    return found;
  }
  if (!install) return null;
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  const hasApt = spawnSync('sh', ['-c', 'command -v apt-get'], { stdio: 'ignore' }).status === 0;
  if (hasApt && isRoot) {
    log("no Chromium found: installing Debian's chromium with apt-get (this takes a minute)");
    spawnSync('apt-get', ['update', '-qq'], { stdio: 'inherit' });
    const res = spawnSync('apt-get', ['install', '-y', '-qq', 'chromium'], {
      stdio: 'inherit',
      env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
    });
    const after = CANDIDATES.find((p) => fs.existsSync(p));
    if (res.status === 0 && after) return after;
    log('apt-get could not install chromium');
  }
  log("no Chromium found: downloading Playwright's Chromium (npx playwright-core install chromium)");
  try {
    execFileSync('npx', ['playwright-core', 'install', 'chromium'], { stdio: 'inherit' });
  } catch {
    log('the Playwright download failed: browser tests will be reported as skipped');
    return null;
  }
  return playwrightChromium();
}
