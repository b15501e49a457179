// The file trigger: one FolderWatch per task with a watched folder; each debounced batch of changes starts
// a run (through the task's overlap policy: changes that arrive while it runs queue, skip or replace like
// any run). The changed paths reach the job in CRONKEEPER_CHANGED_FILES (newline-separated, capped) and in
// full in a file named by CRONKEEPER_CHANGED_FILES_LIST, kept in our own data folder (never in the watched
// one, where it would trigger itself). A missing folder is a warning on the task, not an error.
import { mkdirSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Database } from '../db/database';
import { watchedFolders } from '../store/triggers';
import { FolderWatch, type ChangeBatch, type WatchStatus } from './folder-watch';
import type { TriggerHost } from './trigger-host';

/** The environment's list is capped; the file has every path of the batch. */
export const CHANGED_FILES_ENV_CAP = 8_000;
/** Change lists older than this are removed when new ones are written. */
const LIST_KEEP_MS = 7 * 24 * 3600 * 1000;

export type WatchStatusListener = (taskId: number, status: WatchStatus) => void;

interface Watched {
  key: string;
  watch: FolderWatch;
}

export function changesEnv(batch: ChangeBatch, listFile: string): Record<string, string> {
  const lines = batch.changes.map((c) => `${c.event}\t${c.path}`);
  let text = '';
  for (const line of lines) {
    if (text.length + line.length + 1 > CHANGED_FILES_ENV_CAP) break;
    text += (text ? '\n' : '') + line;
  }
  return {
    CRONKEEPER_CHANGED_FILES: text,
    CRONKEEPER_CHANGED_FILES_COUNT: String(batch.changes.length + batch.dropped),
    CRONKEEPER_CHANGED_FILES_LIST: listFile,
  };
}

export class FileRunner {
  private watched = new Map<number, Watched>();
  private statuses = new Map<number, WatchStatus>();
  private stopped = false;

  constructor(
    private readonly db: Database,
    private readonly host: TriggerHost,
    private readonly listDir: string,
    private readonly log: (line: string) => void,
    private readonly onStatus: WatchStatusListener = () => {},
  ) {}

  /** The warning to show on a task whose folder is missing, if any. */
  status(taskId: number): WatchStatus | null {
    return this.statuses.get(taskId) ?? null;
  }

  /** Starts, restarts or stops watchers so they match the tasks now stored. */
  async sync(): Promise<void> {
    if (this.stopped) return;
    const wanted = await watchedFolders(this.db);
    const keep = new Set<number>();
    for (const w of wanted) {
      keep.add(w.taskId);
      const key = JSON.stringify([w.folder, w.glob, w.debounceMs]);
      if (this.watched.get(w.taskId)?.key === key) continue;
      await this.unwatch(w.taskId);
      const watch = new FolderWatch({
        folder: w.folder,
        glob: w.glob,
        debounceMs: w.debounceMs,
        onBatch: (batch) => void this.fire(w.taskId, w.folder, batch),
        onStatus: (status) => {
          this.statuses.set(w.taskId, status);
          if (status.state === 'missing')
            this.log(`File trigger: task ${w.taskId}: ${w.folder}: ${status.message}`);
          this.onStatus(w.taskId, status);
        },
      });
      this.watched.set(w.taskId, { key, watch });
      await watch.start();
    }
    for (const taskId of [...this.watched.keys()]) if (!keep.has(taskId)) await this.unwatch(taskId);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    for (const taskId of [...this.watched.keys()]) await this.unwatch(taskId);
  }

  private async unwatch(taskId: number): Promise<void> {
    const w = this.watched.get(taskId);
    this.watched.delete(taskId);
    this.statuses.delete(taskId);
    await w?.watch.close();
  }

  private async fire(taskId: number, folder: string, batch: ChangeBatch): Promise<void> {
    if (this.stopped) return;
    try {
      const listFile = this.writeList(taskId, batch);
      await this.host.runTriggered(taskId, {
        trigger: 'file',
        env: { ...changesEnv(batch, listFile), CRONKEEPER_WATCHED_FOLDER: folder },
        detail: { folder, changes: batch.changes.length + batch.dropped, listFile },
      });
    } catch (err) {
      this.log(`File trigger: task ${taskId} did not start: ${String(err)}`);
    }
  }

  private writeList(taskId: number, batch: ChangeBatch): string {
    mkdirSync(this.listDir, { recursive: true });
    const now = Date.now();
    for (const name of readdirSync(this.listDir)) {
      const file = path.join(this.listDir, name);
      try {
        if (now - statSync(file).mtimeMs > LIST_KEEP_MS) rmSync(file, { force: true });
      } catch {
        // Gone already: fine.
      }
    }
    const file = path.join(this.listDir, `task-${taskId}-${now}.txt`);
    const lines = batch.changes.map((c) => `${c.event}\t${c.path}`);
    if (batch.dropped > 0) lines.push(`# ${batch.dropped} more changes were left out of this list`);
    writeFileSync(file, lines.join('\n') + '\n');
    return file;
  }
}
