// Housekeeping the scheduler does between runs: retention (after runs, at most once a minute, and at least
// daily) and the sweep of run logs that lost their row. Retention removes a deleted row's log file, but a
// removal can fail (a busy or read-only file, a crash between the two); the sweep finds such files later:
// files logs/<taskId>/<executionId>.log whose execution no longer exists are removed, a bounded number per
// pass, and a removal that fails is simply found again by a later pass. Only those names are ever touched:
// the application log (logs/cronkeeper.log*) and anything else under logs/ or outside it are left alone,
// and links are never followed.
import fs from 'node:fs/promises';
import path from 'node:path';
import type { Settings } from '../../../shared/types';
import type { Database } from '../db/database';
import { logsDir } from '../paths';
import { missingExecutionIds, taskExists } from '../store/log-sweep';
import { applyRetention } from './retention';

const RETENTION_MIN_INTERVAL_MS = 60_000;
const DAILY_MS = 24 * 3600_000;
/** A sweep that stopped at its bound, or met a failed removal, comes back this much sooner than daily. */
const SWEEP_AGAIN_MS = 60_000;
const SWEEP_RETRY_FAILED_MS = 3600_000;
/** Files looked at per pass: a pass stays short even with a million files. */
export const SWEEP_MAX_FILES = 5_000;
const NUMERIC = /^\d{1,15}$/;
const RUN_LOG = /^(\d{1,15})\.log$/;

export interface SweepResult {
  checked: number;
  removed: number;
  failed: number;
  /** false: the pass stopped at its bound; the next one goes on after `cursor`. */
  complete: boolean;
  cursor: string | null;
}

/**
 * One pass over logs/<taskId>/ folders, in numeric order after `after` (the previous pass's cursor,
 * "folder/id"), looking at up to `maxFiles` run logs. Removes the ones without a row; the empty folder of a
 * task that no longer exists goes too.
 */
export async function sweepOrphanLogs(
  db: Database,
  dataDir: string,
  options: { maxFiles?: number; after?: string | null } = {},
): Promise<SweepResult> {
  const maxFiles = Math.max(1, options.maxFiles ?? SWEEP_MAX_FILES);
  const root = logsDir(dataDir);
  const result: SweepResult = { checked: 0, removed: 0, failed: 0, complete: true, cursor: null };
  let folders: number[];
  try {
    folders = (await fs.readdir(root, { withFileTypes: true }))
      .filter((d) => d.isDirectory() && NUMERIC.test(d.name))
      .map((d) => Number(d.name))
      .sort((x, y) => x - y);
  } catch {
    return result; // no logs folder yet
  }
  const [afterFolder, afterId] = (options.after ?? '').split('/').map(Number);
  for (const folder of folders) {
    if (Number.isFinite(afterFolder) && folder < afterFolder) continue;
    const dir = path.join(root, String(folder));
    let entries;
    try {
      entries = await fs.readdir(dir, { withFileTypes: true });
    } catch {
      continue;
    }
    const ids = entries
      .filter((e) => e.isFile() && RUN_LOG.test(e.name))
      .map((e) => Number(RUN_LOG.exec(e.name)![1]))
      .filter((id) => !(folder === afterFolder && id <= afterId))
      .sort((x, y) => x - y);
    const take = ids.slice(0, maxFiles - result.checked);
    result.checked += take.length;
    for (const id of await missingExecutionIds(db, take)) {
      try {
        await fs.rm(path.join(dir, `${id}.log`));
        result.removed++;
      } catch {
        result.failed++; // found again by a later pass
      }
    }
    if (take.length < ids.length) {
      result.complete = false;
      const last = take.length > 0 ? take[take.length - 1] : folder === afterFolder ? afterId : 0;
      result.cursor = `${folder}/${last}`;
      break;
    }
    if (entries.length === 0 || take.length > 0) await removeEmptyFolderOfGoneTask(db, dir, folder);
  }
  return result;
}

async function removeEmptyFolderOfGoneTask(db: Database, dir: string, folder: number): Promise<void> {
  if (await taskExists(db, folder)) return; // a live task's folder stays: its next run writes there
  await fs.rmdir(dir).catch(() => undefined); // not empty, or busy: left for a later pass
}

export interface HousekeepingDeps {
  db: Database;
  dataDir: string;
  log: (line: string) => void;
  settings: () => Settings;
  /** Keeps the work's promise so that stop() waits for it. */
  track: (work: Promise<void>) => void;
}

export class Housekeeping {
  private lastRetentionAt = 0;
  private runsSinceRetention = 0;
  /** When the next sweep is due (0: at the first tick). */
  private sweepDueAt = 0;
  private sweepCursor: string | null = null;
  private sweeping = false;

  constructor(private readonly deps: HousekeepingDeps) {}

  runFinished(): void {
    this.runsSinceRetention++;
  }

  /** Called after each tick: starts what is due, in the background. */
  maybeRun(now: number): void {
    const since = now - this.lastRetentionAt;
    if ((this.runsSinceRetention > 0 && since >= RETENTION_MIN_INTERVAL_MS) || since >= DAILY_MS) {
      this.lastRetentionAt = now;
      this.runsSinceRetention = 0;
      const { retentionDays, retentionRunsPerTask } = this.deps.settings();
      this.deps.track(
        applyRetention(this.deps.db, {
          days: retentionDays,
          runsPerTask: retentionRunsPerTask,
          now,
          dataDir: this.deps.dataDir,
        })
          .then(() => undefined)
          .catch((err) => this.deps.log(`Retention failed: ${String(err)}`)),
      );
    }
    if (now >= this.sweepDueAt && !this.sweeping) {
      this.sweeping = true;
      this.sweepDueAt = now + DAILY_MS;
      this.deps.track(this.sweep(now).finally(() => (this.sweeping = false)));
    }
  }

  private async sweep(now: number): Promise<void> {
    try {
      const r = await sweepOrphanLogs(this.deps.db, this.deps.dataDir, { after: this.sweepCursor });
      this.sweepCursor = r.cursor;
      if (!r.complete) this.sweepDueAt = now + SWEEP_AGAIN_MS;
      else if (r.failed > 0) this.sweepDueAt = now + SWEEP_RETRY_FAILED_MS;
      if (r.removed > 0 || r.failed > 0) {
        this.deps.log(
          `Housekeeping: removed ${r.removed} run log(s) whose history row is gone` +
            (r.failed > 0 ? `; ${r.failed} could not be removed and will be tried again later` : ''),
        );
      }
    } catch (err) {
      this.sweepDueAt = now + SWEEP_RETRY_FAILED_MS;
      this.deps.log(`Housekeeping: the log sweep failed: ${String(err)}`);
    }
  }
}
