// The messages between the scheduler's process and its run helper (helper-main.ts), a small process that
// starts the runs' commands. Why a helper: a burst's per-run work (each spawn waiting for its child's
// exec, the pipes, the log files, the output) then runs beside the engine's thread, not on it; in the
// scheduler bench the engine's CPU per run fell from 1.6-1.9 ms to 0.5-0.9 ms. Where Node's spawn forks
// the caller (macOS; Linux uses posix_spawn, posix-spawn.ts), a small process also forks faster than the
// app's big one. Everything that crosses is plain data, cloned by the transport (Node's `advanced`
// serialization or Electron's structured clone).
import type { ProcessOutcome, ProgressUpdate, StartOptions } from '../executor';

/** A start as it crosses: StartOptions without its callbacks. */
export type RemoteStartOptions = Omit<StartOptions, 'onProgress' | 'onResult' | 'onOutput'> & {
  /** The run's output may go to memory when its log file cannot be created (log-writer.ts). */
  memoryFallback: boolean;
};

export type ToHelper =
  | { t: 'start'; id: number; opts: RemoteStartOptions }
  | { t: 'cancel'; id: number }
  | { t: 'pause'; id: number; paused: boolean };

export type FromHelper =
  /** Sent once, first: how this helper starts commands (posix_spawn where it proved itself, posix-spawn.ts). */
  | { t: 'ready'; spawner: 'posix_spawn' | 'node' }
  /** The command was spawned (pid) or could not be (pid null: `done` follows with the reason). */
  | { t: 'started'; id: number; pid: number | null; pidStartedAt: number | null }
  /** Progress lines and `::result` patches, in the order the command printed them. */
  | { t: 'output'; id: number; items: OutputItem[] }
  | {
      t: 'done';
      id: number;
      outcome: ProcessOutcome;
      /** Why the log file could not be created (created on the first output), or null. */
      memoryReason: string | null;
      /** The output kept in memory instead, when it could not. */
      memoryTail: string | null;
    };

export type OutputItem = { progress: ProgressUpdate } | { result: Record<string, unknown> };

/** The commands a helper accepts; anything else is ignored (a message is data, never trusted blindly). */
export function isToHelper(value: unknown): value is ToHelper {
  if (typeof value !== 'object' || value === null) return false;
  const m = value as { t?: unknown; id?: unknown };
  if (typeof m.id !== 'number' || !Number.isSafeInteger(m.id)) return false;
  if (m.t === 'start') {
    const opts = (value as { opts?: unknown }).opts;
    return typeof opts === 'object' && opts !== null;
  }
  return m.t === 'cancel' || m.t === 'pause';
}
