// Electron's utilityProcess, faked with a real child process (fake-electron.ts re-exports it). As strict as
// Electron 45 for what the shell uses: fork() throws before the app is ready ("utilityProcess cannot be
// created before app is ready"), refuses options and event names not in electron.d.ts and a stdin other
// than 'ignore'; postMessage clones with V8's serializer (a function in a message throws); the child has
// `process.parentPort` and no `process.send`; `pid` is undefined until the child has spawned and again
// after it exited; `exit` gives a number. Stricter where Electron would not fail: a relative module path
// (it would depend on the working folder) throws.
import { fork, type ChildProcess } from 'node:child_process';
import { EventEmitter } from 'node:events';
import os from 'node:os';
import path from 'node:path';

export interface UtilityFacts {
  isReady: () => boolean;
  knownOptions: Set<string>;
  knownEvents: Set<string>;
}

/** Every utility process forked since the last reset (tests kill them, read their pids). */
export const forkedUtilities: FakeUtilityProcess[] = [];

export class FakeUtilityProcess extends EventEmitter {
  private child: ChildProcess;
  private exited = false;
  private spawned = false;

  constructor(
    modulePath: string,
    args: string[],
    options: { env?: NodeJS.ProcessEnv; execArgv?: string[]; cwd?: string },
    private readonly facts: UtilityFacts,
  ) {
    super();
    const shim = path.join(__dirname, 'fake-utility-child.cjs');
    const tsx = modulePath.endsWith('.ts') ? ['--import', 'tsx'] : [];
    this.child = fork(modulePath, args, {
      env: options.env ?? process.env,
      cwd: options.cwd,
      execArgv: [...tsx, ...(options.execArgv ?? []), '--require', shim],
      serialization: 'advanced',
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    this.child.on('spawn', () => {
      this.spawned = true;
      this.emit('spawn');
    });
    this.child.on('message', (message) => this.emit('message', message));
    this.child.on('error', () => {});
    this.child.on('exit', (code, signal) => {
      this.exited = true;
      const bySignal = signal ? 128 + (os.constants.signals[signal] ?? 0) : 1;
      this.emit('exit', code ?? bySignal);
    });
  }

  get pid(): number | undefined {
    return this.spawned && !this.exited ? this.child.pid : undefined;
  }

  override on(event: string | symbol, listener: (...args: never[]) => void): this {
    if (typeof event === 'string' && !this.facts.knownEvents.has(event))
      throw new TypeError(`UtilityProcess.on: unknown "${event}" (not in electron.d.ts)`);
    return super.on(event, listener as (...args: unknown[]) => void);
  }

  postMessage(message: unknown): void {
    structuredClone(message); // throws DataCloneError on what Electron cannot send either
    if (!this.exited && this.child.connected) this.child.send(message as object);
  }

  kill(): boolean {
    if (this.exited) return false;
    return this.child.kill('SIGTERM');
  }
}

export function makeUtilityProcess(facts: UtilityFacts) {
  return {
    fork(modulePath: string, args: string[] = [], options: Record<string, unknown> = {}): FakeUtilityProcess {
      if (!facts.isReady()) throw new Error('utilityProcess cannot be created before app is ready');
      for (const name of Object.keys(options))
        if (!facts.knownOptions.has(name))
          throw new TypeError(`utilityProcess.fork: unknown option "${name}" (not in electron.d.ts)`);
      const stdio = options.stdio;
      if (Array.isArray(stdio) && stdio[0] !== undefined && stdio[0] !== 'ignore')
        throw new Error('utilityProcess.fork: stdin can only be "ignore"');
      if (!path.isAbsolute(modulePath))
        throw new TypeError('utilityProcess.fork: modulePath must be absolute');
      const child = new FakeUtilityProcess(modulePath, args, options, facts);
      forkedUtilities.push(child);
      return child;
    },
  };
}

/** Ends every fake utility process still running (Electron ends them with the app). */
export function killUtilities(): void {
  for (const child of forkedUtilities.splice(0)) child.kill();
}
