#!/usr/bin/env node
// The `cronkeeper` command: the headless scheduler and CLI, built by `npm run build` into out/main/cli.js.
const fs = require('node:fs');
const path = require('node:path');

const cli = path.join(__dirname, '..', 'out', 'main', 'cli.js');
if (!fs.existsSync(cli)) {
  process.stderr.write('cronkeeper: not built yet: run `npm run build` in the Cronkeeper folder first\n');
  process.exit(1);
}
// Node 22.1+ keeps compiled code of the modules a command loads (Sequelize, zod, ...) in a cache folder
// (NODE_COMPILE_CACHE, default in the temp folder), so later runs skip most of the compiling.
const { enableCompileCache } = require('node:module');
if (typeof enableCompileCache === 'function') enableCompileCache();
require(cli);
