// The run helper's work (helper-main.ts is its entry): start each command it is asked to (executor.ts, the
// same code the scheduler's process would run), stream back its progress and result lines in batches, and
// report how it ended. It decides nothing: which run, when, and what to record are the scheduler's.
import { failedOutcome, startProcess, type RunningProcess } from '../executor';
import { allowMemoryFallback, releaseMemoryFallback, type MemoryLog } from '../log-writer';
import { loadPosixSpawn } from '../posix-spawn';
import { isToHelper, type FromHelper, type OutputItem, type RemoteStartOptions } from './protocol';

export interface HelperPort {
  send(message: FromHelper): void;
  onMessage(listener: (message: unknown) => void): void;
}

/** Serves start, cancel and pause requests arriving on `port` until the process ends. */
export function serveRuns(port: HelperPort): { running: () => number } {
  port.send({ t: 'ready', spawner: loadPosixSpawn() ? 'posix_spawn' : 'node' });
  const runs = new Map<number, RunningProcess>();
  // Progress lines arrive in floods (a task may print thousands a second): one message per run per turn.
  const pending = new Map<number, OutputItem[]>();
  // Started reports wait for the end of the turn too: the starts of a burst arrive together, and the
  // scheduler, answered after each spawn, spent its CPU recording runs while the rest of the burst (on
  // the same two CPUs) waited to be spawned. Answered after the turn's spawns, it records them after.
  const started: FromHelper[] = [];
  let flushQueued = false;
  const flush = () => {
    flushQueued = false;
    for (const message of started) port.send(message);
    started.length = 0;
    for (const [id, items] of pending) port.send({ t: 'output', id, items });
    pending.clear();
  };
  const flushSoon = () => {
    if (!flushQueued) {
      flushQueued = true;
      setImmediate(flush);
    }
  };
  const queueItem = (id: number, item: OutputItem) => {
    const items = pending.get(id);
    if (items) items.push(item);
    else pending.set(id, [item]);
    flushSoon();
  };

  const start = (id: number, opts: RemoteStartOptions) => {
    const { memoryFallback, ...startOptions } = opts;
    const memory: MemoryLog | null = memoryFallback ? allowMemoryFallback(opts.logPath) : null;
    let handle: RunningProcess;
    try {
      handle = startProcess({
        ...startOptions,
        onProgress: (progress) => queueItem(id, { progress }),
        onResult: (result) => queueItem(id, { result }),
      });
    } finally {
      if (memory) releaseMemoryFallback(opts.logPath); // the writer was made by startProcess
    }
    runs.set(id, handle);
    started.push({ t: 'started', id, pid: handle.pid ?? null, pidStartedAt: handle.pidStartedAt });
    flushSoon();
    void handle.done.then((outcome) => {
      runs.delete(id);
      // That it started, and what it printed last, reach the scheduler before how it ended.
      if (flushQueued) flush();
      // The log file is created on the first output, so whether it could be is known only now.
      const memoryReason = memory?.reason ?? null;
      const memoryTail = memory?.reason ? memory.tail(memory.capBytes) : null;
      port.send({ t: 'done', id, outcome, memoryReason, memoryTail });
    });
  };

  // startProcess reports its failures in `done`; should one escape (or the options be unusable), it ends
  // that run, not the helper and every other run in it.
  const failStart = (id: number, err: unknown) => {
    const errorMessage = `Could not start the command: ${err instanceof Error ? err.message : String(err)}`;
    port.send({ t: 'started', id, pid: null, pidStartedAt: null });
    port.send({
      t: 'done',
      id,
      outcome: failedOutcome(errorMessage, Date.now()),
      memoryReason: null,
      memoryTail: null,
    });
  };

  port.onMessage((message) => {
    if (!isToHelper(message)) return;
    if (message.t === 'start') {
      try {
        start(message.id, message.opts);
      } catch (err) {
        failStart(message.id, err);
      }
    } else if (message.t === 'cancel') runs.get(message.id)?.cancel();
    else runs.get(message.id)?.setPaused(message.paused === true);
  });
  return { running: () => runs.size };
}
