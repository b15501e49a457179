// What the scheduler's parts share: the user-visible messages and time limits, the read-only view of the
// facade's lifecycle, the settings as last read, and the execution.finished event for a run that ended
// without this process running it. Each part gets only the pieces of this it needs (see index.ts).
import type { Settings } from '../../../shared/types';
import type { Database } from '../db/database';
import type { CoreEvents } from '../events';
import { defaultSettings } from '../settings-defaults';
import { getExecution } from '../store/executions';

export const SKIPPED_MESSAGE = 'Skipped: the previous run of this task was still going';
/** A skipped slot whose task was running on another scheduler (team mode). */
export const remoteSkippedMessage = (host: string | null) =>
  `${SKIPPED_MESSAGE} on host ${host ?? 'unknown'}`;
/** How late a slot may fire during normal operation and still count as on time (not a misfire). */
export const ON_TIME_MS = 5_000;
/** run-all catches up at most this many slots. */
export const MAX_RUN_ALL = 10;
/** A run whose end could not be recorded (the database was down) is recorded interrupted with this. */
export const UNRECORDED_MESSAGE =
  'Interrupted: this run ended while the database was unavailable, so its outcome could not be recorded';

/** The facade's lifecycle, read by the parts (only the facade changes it). */
export interface Lifecycle {
  /** start() succeeded and scheduling has not stopped (stop() or a halt). */
  readonly scheduling: boolean;
  /** stop() was called. */
  readonly stopping: boolean;
  /** The machine is about to sleep: no timer until resume(). */
  readonly suspended: boolean;
}

/** True while the parts may plan, fire and pump. */
export const isActive = (life: Lifecycle) => life.scheduling && !life.stopping;

/** Serializes planning, firing and pumping (the facade's chain): one at a time, in call order. */
export interface Serial {
  exclusive<T>(fn: () => Promise<T>): Promise<T>;
  /** Like exclusive, for callers that do not wait: the error is logged (by the chain), never unhandled. */
  background(fn: () => Promise<void>): void;
}

/** The settings as last read: concurrency limit, retention, log cap. A failed read keeps the last ones. */
export class SettingsCache {
  private current: Settings = defaultSettings();

  constructor(
    private readonly service: { get(): Promise<Settings> },
    private readonly log: (line: string) => void,
  ) {}

  get value(): Settings {
    return this.current;
  }

  async refresh(): Promise<void> {
    try {
      this.current = await this.service.get();
    } catch (err) {
      this.log(`Scheduler: could not read settings, using defaults: ${String(err)}`);
    }
  }
}

/** execution.finished for a run that ended without this process running it (queued, or reaped). */
export async function emitFinishedFromRow(
  db: Database,
  events: CoreEvents,
  executionId: number,
): Promise<boolean> {
  const execution = await getExecution(db, executionId);
  if (!execution) return false;
  // The row carries the task's name (EXECUTION_COLUMNS).
  events.emit('execution.finished', {
    execution,
    taskName: execution.taskName ?? '',
    previousStatus: null,
  });
  return true;
}
