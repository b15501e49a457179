// What a reading command (`task list`, `history`) uses of its session. The normal Session satisfies it, and
// so does the quick read path's session (quick-read.ts), so both run the very same command code.
import type { ChannelInput, ChannelName, ChannelResult } from '../../shared/contract';
import type { Options } from './args';
import type { Command } from './command';
import type { Output } from './session';

export interface ReadSession {
  readonly options: Options;
  readonly positionals: string[];
  readonly io: Output;
  readonly json: boolean;
  call<K extends ChannelName>(channel: K, input: ChannelInput<K>): Promise<ChannelResult<K>>;
}

/** A command that only reads through its session's calls. */
export type ReadCommand = Omit<Command, 'run'> & { run(session: ReadSession): Promise<number> };
