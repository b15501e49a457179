// The core's answer to app.info / app.openLogFolder, which the browser host and `serve --ui-port` serve as
// they are: a web page cannot open a folder, so the UI shows the log folder's path instead.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, expect, it } from 'vitest';
import { createCore, type Core } from '../../src/main/core/core';

let core: Core | null = null;
const dirs: string[] = [];
afterEach(async () => {
  await core?.stop(0);
  core = null;
  for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

it('answers the log folder, cannot open it, and claims no desktop limits', async () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ck-info-'));
  dirs.push(dataDir);
  core = await createCore({ dataDir, schedule: false });
  const logs = path.join(dataDir, 'logs');
  expect(await core.handlers['app.info']({})).toEqual({ logFolder: logs, canOpenFolders: false, limits: [] });
  expect(await core.handlers['app.openLogFolder']({})).toEqual({ opened: false, path: logs });
});
