// The IPC transport: one ipcMain.handle per contract channel, registered by looping over the contract.
// Every call is checked in the same order: the sender must be our renderer, the input must pass the
// channel's zod schema, then the handler runs; the reply is always an envelope (see envelope.ts).
import type { IpcMain, IpcMainInvokeEvent } from 'electron';
import type { z } from 'zod';
import {
  channelNames,
  channels,
  IPC_PREFIX,
  type ChannelName,
  type ChannelParsedInput,
  type ChannelResult,
} from '../../shared/contract';
import { serializeError } from '../core/errors';
import { errorEnvelope, okEnvelope, type Envelope } from './envelope';
import { issuePath } from '../core/services/task-validation';

/** A handler as the shell serves it: the core's handler, optionally given the IPC event too. */
export type ShellHandlers = {
  [K in ChannelName]: (input: ChannelParsedInput<K>, event: IpcMainInvokeEvent) => Promise<ChannelResult<K>>;
};

export interface IpcOptions {
  handlers: ShellHandlers;
  isTrustedSender: (event: IpcMainInvokeEvent) => boolean;
}

/** A readable message that names the offending field(s), e.g. "patch.name: Name is required". */
export function describeZodError(error: z.ZodError): { message: string; field?: string } {
  const issues = error.issues.slice(0, 3);
  const message = issues
    .map((issue) => (issue.path.length ? `${issuePath(issue.path)}: ${issue.message}` : issue.message))
    .join('; ');
  const first = issues[0];
  const field = first && first.path.length ? issuePath(first.path) : undefined;
  return field ? { message, field } : { message };
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
  const parsed = channels[name].input.safeParse(rawInput);
  if (!parsed.success) {
    return errorEnvelope({ code: 'VALIDATION', ...describeZodError(parsed.error) });
  }
  try {
    const handler = options.handlers[name] as (
      input: unknown,
      event: IpcMainInvokeEvent,
    ) => Promise<ChannelResult<K>>;
    return okEnvelope(await handler(parsed.data, event));
  } catch (err) {
    return errorEnvelope(serializeError(err));
  }
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
