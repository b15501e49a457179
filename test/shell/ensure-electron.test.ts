// scripts/ensure-electron.mjs (prestart / predev) with Electron's installer replaced: a fake `electron`
// package whose install.js plays a download that works, fails, or claims success without a binary.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';

const script = path.resolve(__dirname, '../../scripts/ensure-electron.mjs');
const dirs: string[] = [];

/** A fake node_modules/electron; `installer` is the body of its install.js. */
function fakeElectron(installer: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ck-electron-'));
  dirs.push(dir);
  fs.writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ name: 'electron', version: '45.5.0' }));
  fs.writeFileSync(
    path.join(dir, 'install.js'),
    `const fs = require('fs'); const path = require('path');\n` +
      `fs.writeFileSync(path.join(__dirname, 'installer-ran'), '1');\n${installer}\n`,
  );
  return dir;
}

const WORKING = `fs.mkdirSync(path.join(__dirname, 'dist'), { recursive: true });
fs.writeFileSync(path.join(__dirname, 'dist', 'electron'), '');
fs.writeFileSync(path.join(__dirname, 'path.txt'), 'electron');`;

function run(dir: string, env: Record<string, string> = {}) {
  const base = { ...process.env };
  delete base.ELECTRON_SKIP_BINARY_DOWNLOAD;
  delete base.ELECTRON_EXEC_PATH;
  const result = spawnSync(process.execPath, [script], {
    env: { ...base, CRONKEEPER_ELECTRON_DIR: dir, ...env },
    encoding: 'utf8',
    timeout: 20_000,
  });
  return {
    status: result.status,
    output: `${result.stdout}${result.stderr}`,
    ran: fs.existsSync(path.join(dir, 'installer-ran')),
  };
}

afterEach(() => {
  for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

describe('ensure-electron (before npm start / npm run dev)', () => {
  it('calls Electron’s installer when path.txt is missing, and succeeds once it wrote the binary', () => {
    const dir = fakeElectron(WORKING);
    const result = run(dir);
    expect(result.status).toBe(0);
    expect(result.ran).toBe(true);
    expect(result.output).toContain('downloading Electron 45.5.0');
    expect(fs.readFileSync(path.join(dir, 'path.txt'), 'utf8')).toBe('electron');
  });

  it('does nothing when the binary is already there', () => {
    const dir = fakeElectron('process.exit(1);');
    fs.mkdirSync(path.join(dir, 'dist'));
    fs.writeFileSync(path.join(dir, 'dist', 'electron'), '');
    fs.writeFileSync(path.join(dir, 'path.txt'), 'electron');
    const result = run(dir);
    expect(result.status).toBe(0);
    expect(result.ran).toBe(false);
    expect(result.output).toBe('');
  });

  it('re-installs when path.txt names a binary that is gone', () => {
    const dir = fakeElectron(WORKING);
    fs.writeFileSync(path.join(dir, 'path.txt'), 'electron');
    expect(run(dir)).toMatchObject({ status: 0, ran: true });
  });

  it('a failed download (offline) fails with what to do, not "Electron uninstall"', () => {
    const dir = fakeElectron(
      `console.error('RequestError: getaddrinfo ENOTFOUND github.com'); process.exit(1);`,
    );
    const result = run(dir);
    expect(result.status).toBe(1);
    expect(result.output).toContain('could not install the Electron 45.5.0 binary');
    expect(result.output).toMatch(/HTTPS_PROXY/);
    expect(result.output).toMatch(/ELECTRON_MIRROR/);
    expect(result.output).toMatch(/ELECTRON_EXEC_PATH/);
    expect(result.output).not.toContain('Electron uninstall');
  });

  it('an installer that exits 0 without writing the binary is a failure too', () => {
    const dir = fakeElectron('');
    const result = run(dir);
    expect(result.status).toBe(1);
    expect(result.output).toContain('could not install');
  });

  it('ELECTRON_SKIP_BINARY_DOWNLOAD: never downloads, and says what npm start needs', () => {
    const dir = fakeElectron(WORKING);
    const result = run(dir, { ELECTRON_SKIP_BINARY_DOWNLOAD: '1' });
    expect(result.status).toBe(1);
    expect(result.ran).toBe(false);
    expect(result.output).toContain('ELECTRON_SKIP_BINARY_DOWNLOAD is set');
  });

  it('ELECTRON_EXEC_PATH names a binary the user supplies: nothing is downloaded', () => {
    const dir = fakeElectron('process.exit(1);');
    const exe = path.join(dir, 'my-electron');
    fs.writeFileSync(exe, '');
    const result = run(dir, { ELECTRON_EXEC_PATH: exe, ELECTRON_SKIP_BINARY_DOWNLOAD: '1' });
    expect(result).toMatchObject({ status: 0, ran: false });
  });

  it('package.json runs it before start and dev, and never at install (CI skips the download)', () => {
    const pkg = JSON.parse(fs.readFileSync(path.resolve(__dirname, '../../package.json'), 'utf8')) as {
      scripts: Record<string, string>;
    };
    expect(pkg.scripts.prestart).toBe('node scripts/ensure-electron.mjs');
    expect(pkg.scripts.predev).toBe('node scripts/ensure-electron.mjs');
    expect(pkg.scripts.postinstall ?? '').not.toContain('ensure-electron');
    expect(pkg.scripts.start).toBe('electron-vite preview');
  });
});
