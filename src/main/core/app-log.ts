// The application's own log: start, stop, recovery, scheduler and retention errors, warnings. A tray app
// started at login has no console, so this file is where a user (or we) look when something goes wrong.
// It lives in the data folder as logs/cronkeeper.log (beside the per-run logs, which sit in numbered
// sub-folders), is rotated by size (cronkeeper.1.log is the previous file, and so on) and keeps a few files.
// Writes are synchronous appends of one line: the volume is a few lines a minute, and a line must survive a
// crash right after it. A failure to write (disk full, read-only folder) never throws: logging must not take
// the scheduler down with it.
import fs from 'node:fs';
import path from 'node:path';
import { logsDir } from './paths';

export type AppLogLevel = 'info' | 'warn' | 'error';

export const APP_LOG_FILE = 'cronkeeper.log';
/** Rotate once the file passes this size. */
export const APP_LOG_MAX_BYTES = 1024 * 1024;
/** How many files are kept, the current one included. */
export const APP_LOG_KEEP = 4;

export function appLogPath(dataDir: string): string {
  return path.join(logsDir(dataDir), APP_LOG_FILE);
}

/** The path of the n-th older file (1 = the one before the current). */
function rotatedPath(current: string, n: number): string {
  const ext = path.extname(current);
  return `${current.slice(0, -ext.length)}.${n}${ext}`;
}

export interface AppLogOptions {
  maxBytes?: number;
  keep?: number;
  now?: () => number;
}

export class AppLog {
  readonly path: string;
  private readonly maxBytes: number;
  private readonly keep: number;
  private readonly now: () => number;
  /** Size of the current file as far as we know (read once, then counted). */
  private size: number | null = null;
  /** Lines that could not be written (shown by tests; the log cannot report its own failure). */
  failedWrites = 0;

  constructor(dataDir: string, options: AppLogOptions = {}) {
    this.path = appLogPath(dataDir);
    this.maxBytes = options.maxBytes ?? APP_LOG_MAX_BYTES;
    this.keep = Math.max(1, options.keep ?? APP_LOG_KEEP);
    this.now = options.now ?? Date.now;
  }

  info(message: string): void {
    this.write('info', message);
  }

  warn(message: string): void {
    this.write('warn', message);
  }

  error(message: string): void {
    this.write('error', message);
  }

  /** One line: ISO time, level, message (newlines folded so a line is one record). */
  write(level: AppLogLevel, message: string): void {
    const text = message.replace(/\r?\n/g, ' \u21b5 ');
    const line = `${new Date(this.now()).toISOString()} ${level.toUpperCase().padEnd(5)} ${text}\n`;
    try {
      if (this.size === null) {
        fs.mkdirSync(path.dirname(this.path), { recursive: true });
        this.size = fileSize(this.path);
      }
      if (this.size > 0 && this.size + Buffer.byteLength(line) > this.maxBytes) this.rotate();
      fs.appendFileSync(this.path, line);
      this.size += Buffer.byteLength(line);
    } catch {
      this.failedWrites++;
      this.size = null; // re-read next time: the folder may be back
    }
  }

  /** cronkeeper.log → cronkeeper.1.log → … ; the oldest beyond `keep` is removed. */
  private rotate(): void {
    const oldest = rotatedPath(this.path, this.keep - 1);
    if (this.keep === 1) {
      fs.rmSync(this.path, { force: true });
    } else {
      fs.rmSync(oldest, { force: true });
      for (let n = this.keep - 2; n >= 1; n--) {
        const from = rotatedPath(this.path, n);
        if (fs.existsSync(from)) fs.renameSync(from, rotatedPath(this.path, n + 1));
      }
      fs.renameSync(this.path, rotatedPath(this.path, 1));
    }
    this.size = 0;
  }
}

function fileSize(file: string): number {
  try {
    return fs.statSync(file).size;
  } catch {
    return 0;
  }
}

/**
 * The level of one of the core's plain log lines (the core's `log` option predates levels): failures are
 * errors, "cannot"/"skipped"/"degraded"-style lines warnings, the rest information.
 */
export function levelOfLine(line: string): AppLogLevel {
  if (/\b(error|failed|failure|crash(ed)?)\b/i.test(line)) return 'error';
  if (/\b(warn(ing)?|cannot|could not|degraded|missed|skipped|interrupted|unavailable)\b/i.test(line))
    return 'warn';
  return 'info';
}

/** Run start/finish lines: one per run, they belong in the run's own record, not the application log. */
export function isRunLine(line: string): boolean {
  return /^(Started|Finished) "/.test(line);
}
