// The application log: one line per record, levels, size rotation with a bounded number of files, and a
// write failure that never throws.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { AppLog, appLogPath, isRunLine, levelOfLine } from '../../src/main/core/app-log';

const dirs: string[] = [];
const tempDir = () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ck-applog-'));
  dirs.push(dir);
  return dir;
};
afterEach(() => {
  for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

describe('AppLog', () => {
  it('writes one timestamped line per record under logs/', () => {
    const dir = tempDir();
    const log = new AppLog(dir, { now: () => Date.UTC(2026, 11, 4, 12, 0, 0) });
    log.info('Starting');
    log.error('Scheduler error:\nline two');
    const text = fs.readFileSync(appLogPath(dir), 'utf8');
    expect(appLogPath(dir)).toBe(path.join(dir, 'logs', 'cronkeeper.log'));
    expect(text.split('\n')).toEqual([
      '2026-12-04T12:00:00.000Z INFO  Starting',
      '2026-12-04T12:00:00.000Z ERROR Scheduler error: \u21b5 line two',
      '',
    ]);
  });

  it('rotates by size and keeps a bounded number of files', () => {
    const dir = tempDir();
    const log = new AppLog(dir, { maxBytes: 200, keep: 3 });
    for (let i = 0; i < 40; i++) log.info(`line ${i} ${'x'.repeat(40)}`);
    const files = fs.readdirSync(path.join(dir, 'logs')).sort();
    expect(files).toEqual(['cronkeeper.1.log', 'cronkeeper.2.log', 'cronkeeper.log']);
    for (const f of files) expect(fs.statSync(path.join(dir, 'logs', f)).size).toBeLessThanOrEqual(200);
    expect(fs.readFileSync(appLogPath(dir), 'utf8')).toContain('line 39');
    expect(fs.readFileSync(path.join(dir, 'logs', 'cronkeeper.1.log'), 'utf8')).not.toContain('line 39');
  });

  it('never throws when the folder cannot be written', () => {
    const dir = tempDir();
    fs.writeFileSync(path.join(dir, 'logs'), 'a file where the folder should be');
    const log = new AppLog(dir);
    expect(() => log.warn('nowhere to go')).not.toThrow();
    expect(log.failedWrites).toBe(1);
  });

  it('classifies the core plain lines', () => {
    expect(levelOfLine('Scheduler error: SQLITE_FULL')).toBe('error');
    expect(levelOfLine('Retention failed: EACCES')).toBe('error');
    expect(levelOfLine('Scheduler: execution 3 cannot be paused here')).toBe('warn');
    expect(levelOfLine('Scheduler started')).toBe('info');
    expect(isRunLine('Started "backup" (execution 4, schedule)')).toBe(true);
    expect(isRunLine('Scheduler started')).toBe(false);
  });
});
