/* eslint-disable @typescript-eslint/no-require-imports */
// Loaded with `node -r` before the BUILT shell (out/main/index.js), which then runs in plain Node against
// the fake electron module: require('electron') resolves to test/shell/fake-electron.ts (compiled by tsx).
// Once the shell has its window and tray, this prints one "REPORT {json}" line and quits through the app
// (before-quit -> core.stop -> quit), so the test sees the bundle's real paths and its real start/stop.
require('tsx/cjs');
const Module = require('node:module');
const path = require('node:path');

const fakePath = path.join(__dirname, 'fake-electron.ts');
const resolve = Module._resolveFilename;
Module._resolveFilename = function (request, ...rest) {
  if (request === 'electron') return fakePath;
  return resolve.call(this, request, ...rest);
};
const fake = require(fakePath);

const started = Date.now();
const timer = setInterval(() => {
  const win = fake.BrowserWindow.instances[0];
  if (fake.dialog.errorBoxes.length || Date.now() - started > 20_000) {
    console.log(`REPORT ${JSON.stringify({ failed: true, errorBoxes: fake.dialog.errorBoxes })}`);
    process.exit(1);
  }
  if (!win || fake.Tray.instances.length === 0) return;
  clearInterval(timer);
  win.emit('ready-to-show');
  const report = {
    name: fake.app.getName(),
    userData: fake.app.getPath('userData'),
    channels: [...fake.registeredHandlers.keys()],
    loaded: win.loaded,
    visible: win.visible,
    webPreferences: win.options.webPreferences,
    trayIcon: fake.Tray.instances[0].image.path,
  };
  fake.app.once('quit', () => {
    console.log(
      `REPORT ${JSON.stringify({ ...report, quit: true, trayDestroyed: fake.Tray.instances[0].destroyed })}`,
    );
    process.exit(0);
  });
  fake.app.quit();
}, 50);
