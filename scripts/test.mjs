#!/usr/bin/env node
// `npm test`: builds the app (the CLI and end-to-end tests run the built output), makes sure a Chromium
// is available for the browser tests, runs Vitest, and ends with one plain line "N passed, N failed".
// Extra arguments go to Vitest, e.g. `npm test -- test/unit`.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { findChromium } from './chromium.mjs';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const args = process.argv.slice(2);
const run = (cmd, cmdArgs, opts = {}) =>
  spawnSync(cmd, cmdArgs, { stdio: 'inherit', cwd: root, shell: process.platform === 'win32', ...opts });

const chromium = findChromium({ install: true, log: (line) => console.log(`[test] ${line}`) });
const env = { ...process.env };
if (chromium) env.CRONKEEPER_CHROMIUM = chromium;

if (!process.env.CRONKEEPER_SKIP_BUILD) {
  console.log('[test] building the app (electron-vite build) for the CLI and end-to-end tests');
  const build = run('npx', ['electron-vite', 'build'], { env });
  if (build.status !== 0) {
    console.log('0 passed, 1 failed');
    process.exit(1);
  }
}

const report = path.join(root, 'test-results', 'vitest.json');
fs.mkdirSync(path.dirname(report), { recursive: true });
fs.rmSync(report, { force: true });
const vitest = run(
  'npx',
  ['vitest', 'run', '--reporter=default', '--reporter=json', `--outputFile.json=${report}`, ...args],
  {
    env,
  },
);

let passed = 0;
let failed = 0;
let skipped = 0;
try {
  const result = JSON.parse(fs.readFileSync(report, 'utf8'));
  passed = result.numPassedTests;
  failed = result.numFailedTests + (result.numRuntimeErrorTestSuites ?? 0);
  skipped = result.numPendingTests + result.numTodoTests;
  // A test file that fails to load counts as a failure even when it declared no tests.
  failed += result.testResults.filter(
    (file) => file.status === 'failed' && file.assertionResults.length === 0,
  ).length;
} catch {
  failed = Math.max(failed, 1);
}
if (vitest.status !== 0 && failed === 0) failed = 1;
console.log(`${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`);
process.exit(vitest.status === 0 && failed === 0 ? 0 : 1);
