// Smoke test of the real desktop app through Playwright's Electron driver: the built app starts on a
// temporary data dir, shows its window, exposes exactly the contract on window.cronkeeper (and no Node),
// answers a call through the real IPC path, refuses bad input with VALIDATION, and quits cleanly.
// It needs an Electron binary (ELECTRON_OVERRIDE_DIST_PATH, or node_modules/electron/dist) and the built
// app (out/main/index.js); without them it is reported SKIPPED with the reason in its name.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { _electron, type ElectronApplication } from 'playwright-core';
import { afterAll, describe, expect, it } from 'vitest';
import { channelNames } from '../../src/shared/contract';

const root = path.resolve(__dirname, '../..');

function electronExecutable(distDir: string): string {
  if (process.platform === 'win32') return path.join(distDir, 'electron.exe');
  if (process.platform === 'darwin') return path.join(distDir, 'Electron.app/Contents/MacOS/Electron');
  return path.join(distDir, 'electron');
}

/** The binary to run, or why this test cannot run here. Never imports `electron` (that would download it). */
function findElectron(): { executable: string } | { skip: string } {
  const override = process.env.ELECTRON_OVERRIDE_DIST_PATH;
  const distDir = override || path.join(root, 'node_modules/electron/dist');
  const executable = electronExecutable(distDir);
  if (!fs.existsSync(executable)) {
    return {
      skip: override
        ? `no Electron binary at ELECTRON_OVERRIDE_DIST_PATH (${executable})`
        : 'no Electron binary (node_modules/electron/dist is missing: installed with ELECTRON_SKIP_BINARY_DOWNLOAD; set ELECTRON_OVERRIDE_DIST_PATH)',
    };
  }
  if (!fs.existsSync(path.join(root, 'out/main/index.js')))
    return { skip: 'the app is not built (run npx electron-vite build)' };
  if (process.platform === 'linux' && !process.env.DISPLAY && !process.env.WAYLAND_DISPLAY) {
    return { skip: 'no display (DISPLAY/WAYLAND_DISPLAY unset; run under xvfb-run)' };
  }
  return { executable };
}

const found = findElectron();
const skipReason = 'skip' in found ? found.skip : null;

describe.skipIf(skipReason !== null)(
  `Electron smoke test${skipReason ? ` — SKIPPED: ${skipReason}` : ''}`,
  () => {
    let app: ElectronApplication | undefined;
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ck-e2e-'));

    afterAll(async () => {
      await app?.close().catch(() => {});
      fs.rmSync(dataDir, { recursive: true, force: true });
    });

    it('starts, exposes only the contract, answers over IPC and quits', { timeout: 60_000 }, async () => {
      const executable = (found as { executable: string }).executable;
      const args = [root, '--data-dir', dataDir];
      // Chromium refuses to run as root with its OS sandbox (CI containers).
      if (process.getuid?.() === 0) args.unshift('--no-sandbox');
      app = await _electron.launch({ executablePath: executable, args, cwd: root, timeout: 30_000 });

      const page = await app.firstWindow();
      await page.waitForLoadState('domcontentloaded');
      expect(await page.title()).toBe('Cronkeeper');

      const keys = await page.evaluate(() =>
        Object.keys((window as unknown as { cronkeeper: object }).cronkeeper).sort(),
      );
      expect(keys).toEqual([...channelNames, 'on'].sort());
      const leaks = await page.evaluate(() => ({
        require: typeof (window as unknown as { require?: unknown }).require,
        process: typeof (window as unknown as { process?: unknown }).process,
      }));
      expect(leaks).toEqual({ require: 'undefined', process: 'undefined' });

      const state = await page.evaluate(() =>
        (
          window as unknown as { cronkeeper: { 'scheduler.state'(i: object): Promise<{ running: number }> } }
        ).cronkeeper['scheduler.state']({}),
      );
      expect(typeof state.running).toBe('number');

      const refused = await page.evaluate(() =>
        (window as unknown as { cronkeeper: { 'tasks.get'(i: object): Promise<unknown> } }).cronkeeper[
          'tasks.get'
        ]({ id: -1 }).then(
          () => null,
          (e: { code?: string; field?: string }) => ({ code: e.code, field: e.field }),
        ),
      );
      expect(refused).toEqual({ code: 'VALIDATION', field: 'id' });

      // The isolated preload world leaks nothing else onto the page.
      const globals = await page.evaluate(() =>
        ['ipcRenderer', 'electron', 'module', 'Buffer', 'global'].filter((name) => name in window),
      );
      expect(globals).toEqual([]);

      await app.close();
      app = undefined;
      expect(fs.existsSync(path.join(dataDir, 'cronkeeper.db'))).toBe(true);
    });
  },
);
