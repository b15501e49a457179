#!/usr/bin/env node
// `npm run bench`: runs every benchmark under bench/ (files named *.bench.ts) one after another with tsx,
// after building the app (the browser benchmarks drive the built renderer). Benchmarks report ratios
// measured in the same run beside absolute figures, since this machine is shared and noisy.
// `npm run bench -- foundation` runs only the benchmarks whose file name contains "foundation";
// `npm run bench -- import` times importing 100,000 tasks and refusing a file whose last task is bad.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const filters = process.argv.slice(2);
const files = fs
  .readdirSync(path.join(root, 'bench'))
  .filter((f) => f.endsWith('.bench.ts'))
  .filter((f) => filters.length === 0 || filters.some((flt) => f.includes(flt)))
  .sort();

if (!process.env.CRONKEEPER_SKIP_BUILD) {
  const build = spawnSync('npx', ['electron-vite', 'build'], { stdio: 'inherit', cwd: root });
  if (build.status !== 0) process.exit(1);
}
let failed = 0;
for (const file of files) {
  console.log(`\n=== ${file} ===`);
  const res = spawnSync('npx', ['tsx', path.join('bench', file)], { stdio: 'inherit', cwd: root });
  if (res.status !== 0) failed++;
}
process.exit(failed ? 1 : 0);
