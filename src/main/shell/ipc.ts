// The IPC transport: one ipcMain.handle per contract channel, registered by looping over the contract.
// Every call is checked in the same order: the sender must be our renderer, the input must pass the
// channel's zod schema, then the handler runs (both through the one dispatcher, core/boundary); the reply
// is always an envelope (see envelope.ts).
import type { IpcMain, IpcMainInvokeEvent } from 'electron';
import {
  channelNames,
  IPC_PREFIX,
  type ChannelName,
  type ChannelParsedInput,
  type ChannelResult,
} from '../../shared/contract';
import { dispatch as dispatchChannel } from '../core/boundary/dispatcher';
import { errorEnvelope, type Envelope } from './envelope';

/** A handler as the shell serves it: the core's handler, optionally given the IPC event too. */
export type ShellHandlers = {
  [K in ChannelName]: (input: ChannelParsedInput<K>, event: IpcMainInvokeEvent) => Promise<ChannelResult<K>>;
};

export interface IpcOptions {
  handlers: ShellHandlers;
  isTrustedSender: (event: IpcMainInvokeEvent) => boolean;
}

export async function dispatch<K extends ChannelName>(
  name: K,
  rawInput: unknown,
  event: IpcMainInvokeEvent,
  options: IpcOptions,
): Promise<Envelope<ChannelResult<K>>> {
  if (!options.isTrustedSender(event)) {
    return errorEnvelope({
      code: 'FORBIDDEN',
      message: `${name} refused: the sender is not Cronkeeper's window`,
    });
  }
  const handler = options.handlers[name] as ShellHandlers[K];
  return dispatchChannel(name, rawInput, (input) => handler(input, event));
}

/** Registers every channel; returns a function that removes them all again. */
export function registerIpcHandlers(
  ipcMain: Pick<IpcMain, 'handle' | 'removeHandler'>,
  options: IpcOptions,
): () => void {
  for (const name of channelNames) {
    ipcMain.handle(IPC_PREFIX + name, (event, input: unknown) => dispatch(name, input, event, options));
  }
  return () => {
    for (const name of channelNames) ipcMain.removeHandler(IPC_PREFIX + name);
  };
}
