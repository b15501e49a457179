#!/usr/bin/env node
// The `cronkeeper` command: the headless scheduler and CLI, built by `npm run build` into out/main/cli.js.
const fs = require('node:fs');
const path = require('node:path');

const cli = path.join(__dirname, '..', 'out', 'main', 'cli.js');
if (!fs.existsSync(cli)) {
  process.stderr.write('cronkeeper: not built yet: run `npm run build` in the Cronkeeper folder first\n');
  process.exit(1);
}
require(cli);
