// The file trigger's watcher: files under a folder created, changed or removed, optionally matching a glob,
// delivered in debounced batches. Chokidar does the watching because plain `fs.watch` is not recursive on
// every platform and Node version, reports editors' atomic saves (write temp, rename over) as a remove and
// an add, and fires twice for one write. A folder that is missing, or disappears while watched, is
// reported as a warning and checked again every few seconds, so the trigger recovers when it comes back
// (a USB disk, a network share that reconnects, a folder a sync tool recreates).
import { existsSync, statSync } from 'node:fs';
import path from 'node:path';
import type { FSWatcher } from 'chokidar';

export type FileEvent = 'created' | 'changed' | 'removed';
export interface FileChange {
  event: FileEvent;
  /** Relative to the watched folder, with `/` separators. */
  path: string;
}
export interface ChangeBatch {
  changes: FileChange[];
  /** Changes left out of `changes` because of the cap (they still triggered the run). */
  dropped: number;
}
export type WatchStatus = { state: 'watching' } | { state: 'missing'; message: string };

export const DEFAULT_DEBOUNCE_MS = 2_000;
export const MAX_BATCH_PATHS = 1_000;

export interface FolderWatchOptions {
  folder: string;
  /** e.g. `*.csv` (any depth: a glob without `/` matches the file name) or `in/**\/*.json`. */
  glob?: string | null;
  debounceMs?: number;
  /** How often a missing folder is looked for. */
  recheckMs?: number;
  onBatch(batch: ChangeBatch): void;
  onStatus(status: WatchStatus): void;
}

/** A glob as a RegExp over `/`-separated relative paths: `**`, `*`, `?`, `[abc]` and `{a,b}`. */
export function globToRegExp(glob: string): RegExp {
  let out = '';
  for (let i = 0; i < glob.length; i++) {
    const ch = glob[i];
    if (ch === '*') {
      if (glob[i + 1] === '*') {
        const slash = glob[i + 2] === '/';
        out += slash ? '(?:.*/)?' : '.*';
        i += slash ? 2 : 1;
      } else out += '[^/]*';
    } else if (ch === '?') out += '[^/]';
    else if (ch === '[') {
      const end = glob.indexOf(']', i + 1);
      if (end < 0) out += '\\[';
      else {
        out +=
          '[' +
          glob
            .slice(i + 1, end)
            .replace(/^!/, '^')
            .replace(/\\/g, '\\\\') +
          ']';
        i = end;
      }
    } else if (ch === '{') {
      const end = glob.indexOf('}', i + 1);
      if (end < 0) out += '\\{';
      else {
        out +=
          '(?:' +
          glob
            .slice(i + 1, end)
            .split(',')
            .map(escapeRegExp)
            .join('|') +
          ')';
        i = end;
      }
    } else out += escapeRegExp(ch);
  }
  return new RegExp(
    '^' + out + '$',
    process.platform === 'win32' || process.platform === 'darwin' ? 'i' : '',
  );
}

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');

/** Whether `relative` (with `/` separators) matches `glob`; a glob without `/` matches the file name. */
export function matchesGlob(glob: string | null | undefined, relative: string): boolean {
  if (!glob) return true;
  const target = glob.includes('/') ? relative : relative.slice(relative.lastIndexOf('/') + 1);
  return globToRegExp(glob).test(target);
}

export class FolderWatch {
  private watcher: FSWatcher | null = null;
  private recheck: NodeJS.Timeout | null = null;
  private flushTimer: NodeJS.Timeout | null = null;
  private firstPendingAt = 0;
  private pending = new Map<string, FileEvent>();
  private dropped = 0;
  private closed = false;
  private status: WatchStatus['state'] | null = null;

  constructor(private readonly opts: FolderWatchOptions) {}

  async start(): Promise<void> {
    if (this.closed) return;
    if (!isFolder(this.opts.folder)) return this.missing('The folder does not exist.');
    const { watch } = await import('chokidar');
    if (this.closed) return;
    const root = path.resolve(this.opts.folder);
    const watcher = watch(root, { ignoreInitial: true, atomic: true, persistent: true });
    this.watcher = watcher;
    const on = (event: FileEvent) => (file: string) => this.note(event, root, file);
    watcher.on('add', on('created')).on('change', on('changed')).on('unlink', on('removed'));
    watcher.on('unlinkDir', (dir: string) => {
      if (path.resolve(dir) === root) void this.lost('The folder was removed.');
    });
    watcher.on('error', (err: unknown) => {
      if (!isFolder(root)) void this.lost('The folder was removed.');
      else this.opts.onStatus({ state: 'missing', message: `Watching failed: ${(err as Error).message}` });
    });
    await new Promise<void>((resolve) => watcher.once('ready', () => resolve()));
    // It may have gone between the check and the first scan.
    if (!isFolder(root)) return this.lost('The folder was removed.');
    this.setStatus({ state: 'watching' });
  }

  async close(): Promise<void> {
    this.closed = true;
    if (this.recheck) clearInterval(this.recheck);
    if (this.flushTimer) clearTimeout(this.flushTimer);
    const watcher = this.watcher;
    this.watcher = null;
    await watcher?.close();
  }

  private note(event: FileEvent, root: string, file: string): void {
    const relative = path.relative(root, file).split(path.sep).join('/');
    if (!matchesGlob(this.opts.glob, relative)) return;
    // Created then removed within one batch is still a change worth a run; keep the latest word for it.
    const before = this.pending.get(relative);
    if (!before && this.pending.size >= MAX_BATCH_PATHS) this.dropped++;
    else this.pending.set(relative, before === 'created' && event === 'changed' ? 'created' : event);
    const debounce = this.opts.debounceMs ?? DEFAULT_DEBOUNCE_MS;
    const now = Date.now();
    if (this.flushTimer === null) this.firstPendingAt = now;
    else clearTimeout(this.flushTimer);
    // A folder written to without pause must still trigger: wait at most ten quiet periods.
    const wait = Math.max(0, Math.min(debounce, this.firstPendingAt + debounce * 10 - now));
    this.flushTimer = setTimeout(() => this.flush(), wait);
  }

  private flush(): void {
    this.flushTimer = null;
    if (this.pending.size === 0 && this.dropped === 0) return;
    const changes = [...this.pending].map(([file, event]) => ({ event, path: file }));
    const batch = { changes, dropped: this.dropped };
    this.pending = new Map();
    this.dropped = 0;
    if (!this.closed) this.opts.onBatch(batch);
  }

  private async lost(message: string): Promise<void> {
    const watcher = this.watcher;
    this.watcher = null;
    await watcher?.close();
    this.missing(message);
  }

  private missing(message: string): void {
    if (this.closed) return;
    this.setStatus({ state: 'missing', message });
    if (this.recheck) return;
    this.recheck = setInterval(() => {
      if (!isFolder(this.opts.folder)) return;
      clearInterval(this.recheck!);
      this.recheck = null;
      void this.start();
    }, this.opts.recheckMs ?? 5_000);
    this.recheck.unref();
  }

  private setStatus(status: WatchStatus): void {
    if (status.state === this.status && status.state === 'watching') return;
    this.status = status.state;
    this.opts.onStatus(status);
  }
}

function isFolder(folder: string): boolean {
  try {
    return existsSync(folder) && statSync(folder).isDirectory();
  } catch {
    return false;
  }
}
