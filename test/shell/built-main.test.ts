// The BUILT shell bundle (out/main/index.js, as `npm start` runs it) started in plain Node with the fake
// electron module (test/shell/electron-hook.cjs): it must find its preload, renderer and tray icons at
// the paths the build produced, register every channel, open the core on --data-dir, and quit cleanly.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { channelNames, IPC_PREFIX } from '../../src/shared/contract';

const root = path.resolve(__dirname, '../..');
const built = fs.existsSync(path.join(root, 'out/main/index.js'));

describe.skipIf(!built)(
  `built main bundle${built ? '' : ' — SKIPPED: out/main/index.js missing (run npx electron-vite build)'}`,
  () => {
    it('starts with the fake Electron, wires everything to real files, and quits after stopping the core', () => {
      const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ck-'));
      try {
        const child = spawnSync(
          process.execPath,
          [
            '-r',
            path.join(__dirname, 'electron-hook.cjs'),
            path.join(root, 'out/main/index.js'),
            '--data-dir',
            dataDir,
          ],
          {
            cwd: root,
            encoding: 'utf8',
            timeout: 30_000,
            env: { ...process.env, ELECTRON_RENDERER_URL: '' },
          },
        );
        const line = child.stdout.split('\n').find((l) => l.startsWith('REPORT '));
        expect(line, `stdout: ${child.stdout}\nstderr: ${child.stderr}`).toBeTruthy();
        const report = JSON.parse((line as string).slice('REPORT '.length));
        expect(report.failed, JSON.stringify(report.errorBoxes)).toBeUndefined();
        expect(child.status).toBe(0);

        expect(report.name).toBe('Cronkeeper');
        expect(report.userData).toBe(dataDir);
        expect(fs.existsSync(path.join(dataDir, 'cronkeeper.db'))).toBe(true);
        expect([...report.channels].sort()).toEqual(channelNames.map((n) => IPC_PREFIX + n).sort());

        expect(report.loaded.file).toBe(path.join(root, 'out/renderer/index.html'));
        expect(fs.existsSync(report.loaded.file)).toBe(true);
        expect(report.webPreferences.preload).toBe(path.join(root, 'out/preload/index.js'));
        expect(fs.existsSync(report.webPreferences.preload)).toBe(true);
        expect(report.webPreferences).toMatchObject({
          contextIsolation: true,
          sandbox: true,
          nodeIntegration: false,
        });
        expect(report.visible).toBe(true);
        expect(fs.existsSync(report.trayIcon)).toBe(true);

        // A run started through the app is started by the run helper, an Electron utility process forked
        // from the built out/main/spawner.js: the run's shell names the helper as its parent.
        expect(report.runError).toBeUndefined();
        expect(report.run.status).toBe('success');
        expect(report.utilityPids).toHaveLength(1);
        expect(report.run.log.trim()).toBe(`parent ${report.utilityPids[0]}`);

        expect(report.quit).toBe(true);
        expect(report.trayDestroyed).toBe(true);
      } finally {
        fs.rmSync(dataDir, { recursive: true, force: true });
      }
    });
  },
);
