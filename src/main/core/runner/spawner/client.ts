// The scheduler's side of the run helper (why a helper: protocol.ts). start() hands a run's command to the
// helper and returns a RunningProcess like the executor's own, once the helper has spawned it. The helper is
// started on first use (or by warm()) and again after it dies. If it dies, the runs it was starting or
// watching end `failed` saying so, and their process trees are stopped: their output pipes went with it.
// A helper that keeps dying (or cannot be started at all) is given up on: start() then answers null and the
// caller starts runs in this process, as before there was a helper; the log says so once.
import {
  failedOutcome,
  notStarted,
  type ProcessOutcome,
  type RunningProcess,
  type StartOptions,
} from '../executor';
import { memoryFallbackFor, type MemoryLog } from '../log-writer';
import { loginEnvironmentOverlay } from '../login-env';
import { killProcessTree } from '../process-tree';
import type { FromHelper } from './protocol';
import type { HelperLauncher, HelperTransport } from './transport';

/** This many helper deaths within DEATH_WINDOW_MS and runs are started in this process from then on. */
export const MAX_DEATHS = 3;
export const DEATH_WINDOW_MS = 60_000;

interface Pending {
  opts: StartOptions;
  memory: MemoryLog | null;
  started: ((handle: Omit<RunningProcess, 'done'>) => void) | null;
  finish: (outcome: ProcessOutcome) => void;
  pid: number | null;
}

export class RunHelperClient {
  private helper: HelperTransport | null = null;
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();
  private deaths: number[] = [];
  private givenUp = false;
  private closing = false;

  constructor(
    private readonly launch: HelperLauncher,
    private readonly log: (line: string) => void,
    private readonly now: () => number = Date.now,
  ) {}

  /** The helper's pid while one runs (tests), else undefined. */
  get helperPid(): number | undefined {
    return this.helper?.pid;
  }

  /** Starts sent to the helper that it has not yet answered (a burst in progress). */
  get startsInFlight(): number {
    let n = 0;
    for (const run of this.pending.values()) if (run.started) n++;
    return n;
  }

  /** Whether runs are started in this process now (the helper could not be kept running). */
  get inProcess(): boolean {
    return this.givenUp;
  }

  /** Starts the helper ahead of the first run, so that the first due runs do not wait for it to boot. */
  warm(): void {
    if (!this.closing && !this.givenUp) this.connect();
  }

  /** The run as the helper started it; null when there is no helper to start it (start it here). */
  start(opts: StartOptions): Promise<RunningProcess> | null {
    const helper = this.closing || this.givenUp ? null : this.connect();
    if (!helper) return null;
    const id = this.nextId++;
    const memory = memoryFallbackFor(opts.logPath) ?? null;
    return new Promise<RunningProcess>((resolve) => {
      let finish!: (outcome: ProcessOutcome) => void;
      const done = new Promise<ProcessOutcome>((settle) => (finish = settle));
      this.pending.set(id, {
        opts,
        memory,
        pid: null,
        finish,
        started: (handle) => resolve({ ...handle, done }),
      });
      helper.send({
        t: 'start',
        id,
        opts: {
          command: opts.command,
          cwd: opts.cwd,
          // The login shell's environment lives in this process (login-env.ts): it crosses with each run.
          env: { ...loginEnvironmentOverlay(), ...opts.env },
          logPath: opts.logPath,
          logCapBytes: opts.logCapBytes,
          timeoutMs: opts.timeoutMs,
          encoding: opts.encoding,
          successExitCodes: opts.successExitCodes,
          memoryFallback: memory !== null,
        },
      });
    });
  }

  /** Ends the helper (the scheduler has stopped: no run is left to watch). */
  close(): void {
    this.closing = true;
    const helper = this.helper;
    this.helper = null;
    helper?.kill();
  }

  private connect(): HelperTransport | null {
    if (this.helper) return this.helper;
    let helper: HelperTransport;
    try {
      helper = this.launch();
    } catch (err) {
      this.giveUp(
        `the run helper could not be started (${err instanceof Error ? err.message : String(err)})`,
      );
      return null;
    }
    this.helper = helper;
    helper.onMessage((message) => this.onMessage(message));
    helper.onExit((code, signal) => this.onExit(helper, code, signal));
    return helper;
  }

  private onMessage(message: FromHelper): void {
    if (message.t === 'ready') {
      const how = message.spawner === 'posix_spawn' ? 'posix_spawn' : "Node's spawn";
      this.log(`Scheduler: the run helper (pid ${this.helperPid ?? '?'}) starts commands with ${how}`);
      return;
    }
    const run = this.pending.get(message.id);
    if (!run) return;
    if (message.t === 'started') {
      run.pid = message.pid;
      const id = message.id;
      run.started?.({
        pid: message.pid ?? undefined,
        pidStartedAt: message.pidStartedAt,
        cancel: () => this.helper?.send({ t: 'cancel', id }),
        setPaused: (paused) => this.helper?.send({ t: 'pause', id, paused }),
      });
      run.started = null;
    } else if (message.t === 'output') {
      for (const item of message.items) {
        if ('progress' in item) run.opts.onProgress?.(item.progress);
        else run.opts.onResult?.(item.result);
      }
    } else if (message.t === 'done') {
      this.pending.delete(message.id);
      if (run.memory && message.memoryReason !== null) run.memory.reason = message.memoryReason;
      if (run.memory && message.memoryTail) run.memory.push(Buffer.from(message.memoryTail));
      run.finish(message.outcome);
    }
  }

  private onExit(helper: HelperTransport, code: number | null, signal: string | null): void {
    if (this.helper === helper) this.helper = null;
    if (this.closing && this.pending.size === 0) return;
    const how = signal ? `signal ${signal}` : `exit code ${code}`;
    const at = this.now();
    for (const [id, run] of this.pending) {
      this.pending.delete(id);
      if (run.pid !== null) void killProcessTree(run.pid);
      const outcome = failedOutcome(
        run.pid === null
          ? `Could not start the command: Cronkeeper's run helper stopped (${how})`
          : `Stopped: Cronkeeper's run helper stopped unexpectedly (${how}), so the command was stopped too`,
        at,
        at,
      );
      run.started?.(notStarted(outcome));
      run.finish(outcome);
    }
    if (this.closing) return;
    this.log(`Scheduler: the run helper stopped (${how})`);
    this.deaths = [...this.deaths.filter((t) => at - t < DEATH_WINDOW_MS), at];
    if (this.deaths.length >= MAX_DEATHS) this.giveUp(`it stopped ${MAX_DEATHS} times within a minute`);
  }

  private giveUp(why: string): void {
    if (this.givenUp) return;
    this.givenUp = true;
    this.log(`Scheduler: runs are started by the app itself from now on: ${why}`);
  }
}
