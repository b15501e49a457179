// One WebSocket request, start to finish: parse, check the channel, validate the input with the channel's
// zod schema, call the core's handler, and turn the outcome into the wire reply. Nothing here knows about
// sockets, so the same function serves every client.
import type { z } from 'zod';
import {
  channelNames,
  channels,
  type ChannelName,
  type Handlers,
  type WireError,
} from '../../shared/contract';
import { quoteInput } from '../../shared/text-fields';
import { serializeError } from '../core/errors';
import { issuePath } from '../core/services/task-validation';

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
  const schema = channels[request.channel].input as z.ZodType;
  const parsed = schema.safeParse(request.input);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const field = issue?.path.length ? issuePath(issue.path) : undefined;
    const message = issue ? (field ? `${field}: ${issue.message}` : issue.message) : 'Invalid input';
    return failure(request.id, 'VALIDATION', message, field);
  }
  try {
    const handler = handlers[request.channel] as (input: unknown) => Promise<unknown>;
    const value = await handler(parsed.data);
    return { id: request.id, ok: true, value: value === undefined ? null : value };
  } catch (err) {
    return { id: request.id, ok: false, error: serializeError(err) };
  }
}

function failure(id: RequestId | null, code: string, message: string, field?: string): Reply {
  return { id, ok: false, error: field ? { code, message, field } : { code, message } };
}
