// What a command gets: its parsed arguments, output functions, and the core, opened lazily (so `--help`
// and argument errors never touch the data dir) in one-shot mode (no lease, no timers). Every call goes
// through the one dispatcher (core/boundary), exactly as the IPC and WebSocket transports do: the input
// is validated before the core is even opened, and a failure is thrown as the wire error.
import type { ChannelInput, ChannelName, ChannelResult } from '../../shared/contract';
import { dispatch, errorFromWire } from '../core/boundary/dispatcher';
import type { Core, CoreOptions } from '../core/core';
import type { Options } from './args';

export interface Output {
  out(text: string): void;
  err(text: string): void;
}

export class Session {
  private core: Core | undefined;

  constructor(
    readonly dataDir: string,
    readonly options: Options,
    readonly positionals: string[],
    readonly io: Output,
    /** Team mode: the shared PostgreSQL database (the data folder still holds the run logs). */
    readonly databaseUrl?: string,
  ) {}

  get json(): boolean {
    return this.options.flag('json');
  }

  /** The one-shot core: the scheduler neither takes the data-dir lease nor starts timers. */
  async open(): Promise<Core> {
    if (!this.core) {
      // Loaded on first use: --help, --version and argument errors never load the database stack.
      const { createCore } = await import('../core/core');
      const options: CoreOptions & { schedule?: boolean } = {
        dataDir: this.dataDir,
        databaseUrl: this.databaseUrl,
        schedule: false,
      };
      this.core = await createCore(options);
    }
    return this.core;
  }

  async call<K extends ChannelName>(channel: K, input: ChannelInput<K>): Promise<ChannelResult<K>> {
    const outcome = await dispatch(channel, input, async (parsed) => {
      const handler = (await this.open()).handlers[channel] as (value: unknown) => Promise<ChannelResult<K>>;
      return handler(parsed);
    });
    if (!outcome.ok) throw errorFromWire(outcome.error);
    return outcome.value;
  }

  /** Closes the database; runs still going get `graceMs` before they are cancelled. */
  async close(graceMs = 0): Promise<void> {
    const core = this.core;
    this.core = undefined;
    if (core) await core.stop(graceMs);
  }
}
