#!/usr/bin/env node
// `npm test`: builds the app (the CLI and end-to-end tests run the built output), makes sure a Chromium
// is available for the browser tests, runs Vitest, and ends with one plain line "N passed, N failed".
// Extra arguments go to Vitest, e.g. `npm test -- test/unit`. With CRONKEEPER_TEST_DATABASE_URL set, the
// integration tests also run on that PostgreSQL server (with arguments: only the given tests, only there).
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

/** One Vitest run; returns its counts (a file that fails to load counts as a failure). */
function vitestRun(name, vitestArgs, runEnv) {
  const report = path.join(root, 'test-results', `${name}.json`);
  fs.mkdirSync(path.dirname(report), { recursive: true });
  fs.rmSync(report, { force: true });
  const vitest = run(
    'npx',
    ['vitest', 'run', '--reporter=default', '--reporter=json', `--outputFile.json=${report}`, ...vitestArgs],
    { env: runEnv },
  );
  let passed = 0;
  let failed = 0;
  let skipped = 0;
  try {
    const result = JSON.parse(fs.readFileSync(report, 'utf8'));
    passed = result.numPassedTests;
    failed = result.numFailedTests + (result.numRuntimeErrorTestSuites ?? 0);
    skipped = result.numPendingTests + result.numTodoTests;
    failed += result.testResults.filter(
      (file) => file.status === 'failed' && file.assertionResults.length === 0,
    ).length;
  } catch {
    failed = Math.max(failed, 1);
  }
  if (vitest.status !== 0 && failed === 0) failed = 1;
  return { passed, failed, skipped };
}

// Team mode: with CRONKEEPER_TEST_DATABASE_URL (a PostgreSQL server, as .ci/run starts), the whole run is on
// SQLite first, then the integration tests (and the CLI's team test) run again on PostgreSQL; the last line
// sums both.
const pgUrl = env.CRONKEEPER_TEST_DATABASE_URL;
const sqliteEnv = { ...env };
delete sqliteEnv.CRONKEEPER_TEST_DATABASE_URL;
if (!pgUrl) {
  console.log(
    '[test] CRONKEEPER_TEST_DATABASE_URL is not set: everything runs on SQLite and the PostgreSQL-only ' +
      'team-mode tests are skipped (.ci/run installs and starts a PostgreSQL server and sets it)',
  );
}
// With arguments and the URL, just those tests, on PostgreSQL.
const totals =
  pgUrl && args.length > 0 ? vitestRun('vitest-postgres', args, env) : vitestRun('vitest', args, sqliteEnv);
if (pgUrl && args.length === 0) {
  console.log('[test] the integration tests again, on PostgreSQL');
  const pgTotals = vitestRun('vitest-postgres', ['test/integration', 'test/cli/team.test.ts'], env);
  totals.passed += pgTotals.passed;
  totals.failed += pgTotals.failed;
  totals.skipped += pgTotals.skipped;
}
const { passed, failed, skipped } = totals;
console.log(`${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`);
process.exit(failed === 0 ? 0 : 1);
