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
  // One run through the app, as a user's "Run now": its shell prints the pid of the process that started
  // it, which the test compares with the run helper's (the utility process the shell forked).
  runOnce()
    .then((run) => Object.assign(report, { run, utilityPids: fake.forkedUtilities.map((u) => u.pid) }))
    .catch((err) => Object.assign(report, { runError: String(err) }))
    .finally(() => fake.app.quit());
}, 50);

async function runOnce() {
  // The calls come from the window's own page, as the renderer's would.
  fake.rendererFrame.url = require('node:url').pathToFileURL(
    fake.BrowserWindow.instances[0].loaded.file,
  ).href;
  const call = async (channel, input) => {
    const reply = await fake.ipcRenderer.invoke(`cronkeeper:${channel}`, input);
    if (!reply.ok) throw new Error(`${channel}: ${JSON.stringify(reply.error)}`);
    return reply.value;
  };
  const task = await call('tasks.create', {
    name: 'Who started me',
    command: 'echo "parent $PPID"',
    cronExpression: '0 3 * * *',
  });
  const { executionId } = await call('tasks.runNow', { id: task.id });
  for (let i = 0; i < 200; i++) {
    const run = await call('executions.get', { id: executionId });
    if (run.status !== 'running' && run.status !== 'queued') {
      const log = await call('executions.log', { id: executionId });
      return { status: run.status, log: log.text };
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error('the run did not end in 10 s');
}
