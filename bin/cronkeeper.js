#!/usr/bin/env node
// The `cronkeeper` command: the headless scheduler and CLI, built by `npm run build` into out/main/cli.js.
require('../out/main/cli.js');
