// One WebSocket request, start to finish: parse the message and check the channel here, then validate,
// call the core's handler and map errors through the one dispatcher (core/boundary), and turn the outcome
// into the wire reply. Nothing here knows about sockets, so the same function serves every client.
import { channelNames, type ChannelName, type Handlers, type WireError } from '../../shared/contract';
import { quoteInput } from '../../shared/text-fields';
import { dispatch as dispatchChannel } from '../core/boundary/dispatcher';

export type RequestId = number | string;

export type Reply =
  { id: RequestId | null; ok: true; value: unknown } | { id: RequestId | null; ok: false; error: WireError };

export interface ParsedRequest {
  id: RequestId;
  channel: ChannelName;
  input: unknown;
}

const knownChannels = new Set<string>(channelNames);

/** Reads `{id, channel, input}`; anything else is a reply-worthy error (with the id when there is one). */
export function parseRequest(raw: string): ParsedRequest | Reply {
  let message: unknown;
  try {
    message = JSON.parse(raw);
  } catch {
    return failure(null, 'VALIDATION', 'The message is not JSON');
  }
  if (typeof message !== 'object' || message === null || Array.isArray(message)) {
    return failure(null, 'VALIDATION', 'The message must be an object {id, channel, input}');
  }
  const { id, channel, input } = message as Record<string, unknown>;
  if (!(typeof id === 'number' || typeof id === 'string')) {
    return failure(null, 'VALIDATION', 'The message needs an id (number or string)');
  }
  if (typeof channel !== 'string' || !knownChannels.has(channel)) {
    return failure(id, 'NOT_FOUND', `Unknown channel: ${quoteInput(String(channel))}`);
  }
  return { id, channel: channel as ChannelName, input: input ?? {} };
}

export function isReply(value: ParsedRequest | Reply): value is Reply {
  return 'ok' in value;
}

/** Validates and runs one request. Never throws: every failure becomes `{ok: false, error}`. */
export async function dispatch(handlers: Handlers, request: ParsedRequest): Promise<Reply> {
  const handler = handlers[request.channel] as (input: unknown) => Promise<never>;
  const outcome = await dispatchChannel(request.channel, request.input, handler);
  if (!outcome.ok) return { id: request.id, ok: false, error: outcome.error };
  const value: unknown = outcome.value;
  return { id: request.id, ok: true, value: value === undefined ? null : value };
}

function failure(id: RequestId | null, code: string, message: string): Reply {
  return { id, ok: false, error: { code, message } };
}
