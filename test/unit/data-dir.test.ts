// Where data lives per OS, and the one-time move of an older Windows %APPDATA% (Roaming) folder to
// %LOCALAPPDATA%: moved with everything in it, a note left behind, never twice, and never half-done.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { MOVED_NOTE, moveDataDirOnce } from '../../src/main/core/data-dir-move';
import { DB_FILE_NAME, defaultDataDir, roamingDataDir } from '../../src/main/core/paths';

let root: string;
let roaming: string;
let local: string;
beforeEach(() => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'ck-move-'));
  roaming = path.join(root, 'Roaming', 'Cronkeeper');
  local = path.join(root, 'Local', 'Cronkeeper');
});
afterEach(() => fs.rmSync(root, { recursive: true, force: true }));

function oldInstall(): void {
  fs.mkdirSync(path.join(roaming, 'logs', '3'), { recursive: true });
  fs.writeFileSync(path.join(roaming, DB_FILE_NAME), 'db');
  fs.writeFileSync(path.join(roaming, `${DB_FILE_NAME}-wal`), 'wal');
  fs.writeFileSync(path.join(roaming, 'logs', '3', '17.log'), 'log');
}

describe('data folder', () => {
  it('defaults per OS: Local app data on Windows (not Roaming), Application Support, XDG config', () => {
    const env = {
      APPDATA: 'C:\\Users\\ana\\AppData\\Roaming',
      LOCALAPPDATA: 'C:\\Users\\ana\\AppData\\Local',
    };
    expect(defaultDataDir('win32', env, 'C:\\Users\\ana')).toBe('C:\\Users\\ana\\AppData\\Local\\Cronkeeper');
    expect(defaultDataDir('win32', {}, 'C:\\Users\\ana')).toBe('C:\\Users\\ana\\AppData\\Local\\Cronkeeper');
    expect(roamingDataDir(env)).toBe('C:\\Users\\ana\\AppData\\Roaming\\Cronkeeper');
    expect(defaultDataDir('darwin', {}, '/Users/ana')).toBe(
      '/Users/ana/Library/Application Support/Cronkeeper',
    );
    expect(defaultDataDir('linux', {}, '/home/ana')).toBe('/home/ana/.config/Cronkeeper');
    expect(defaultDataDir('linux', { XDG_CONFIG_HOME: '/x' }, '/home/ana')).toBe('/x/Cronkeeper');
  });

  it('moves an older Roaming folder once, whole, and leaves a note where it was', () => {
    oldInstall();
    const first = moveDataDirOnce(roaming, local, DB_FILE_NAME);
    expect(first.dataDir).toBe(local);
    expect(first.note).toMatch(/moved from .*Roaming.* to .*Local/);
    expect(fs.readFileSync(path.join(local, DB_FILE_NAME), 'utf8')).toBe('db');
    expect(fs.readFileSync(path.join(local, `${DB_FILE_NAME}-wal`), 'utf8')).toBe('wal');
    expect(fs.readFileSync(path.join(local, 'logs', '3', '17.log'), 'utf8')).toBe('log');
    expect(fs.readdirSync(roaming)).toEqual([MOVED_NOTE]);
    expect(fs.readFileSync(path.join(roaming, MOVED_NOTE), 'utf8')).toContain(local);
    // Second start: nothing to do.
    expect(moveDataDirOnce(roaming, local, DB_FILE_NAME)).toEqual({ dataDir: local, note: null });
  });

  it('a new install uses the Local folder; an existing Local database is never overwritten', () => {
    expect(moveDataDirOnce(roaming, local, DB_FILE_NAME)).toEqual({ dataDir: local, note: null });
    oldInstall();
    fs.mkdirSync(local, { recursive: true });
    fs.writeFileSync(path.join(local, DB_FILE_NAME), 'newer');
    expect(moveDataDirOnce(roaming, local, DB_FILE_NAME)).toEqual({ dataDir: local, note: null });
    expect(fs.readFileSync(path.join(local, DB_FILE_NAME), 'utf8')).toBe('newer');
    expect(fs.existsSync(path.join(roaming, DB_FILE_NAME))).toBe(true);
  });

  it('when the move fails the old folder is used as it is, and the reason is given', () => {
    oldInstall();
    // The new folder's parent is a file: the rename cannot happen (like files held open on Windows).
    fs.writeFileSync(path.join(root, 'Local'), 'not a folder');
    const result = moveDataDirOnce(roaming, local, DB_FILE_NAME);
    expect(result.dataDir).toBe(roaming);
    expect(result.note).toMatch(/not moved/);
    expect(fs.readFileSync(path.join(roaming, DB_FILE_NAME), 'utf8')).toBe('db');
  });
});
