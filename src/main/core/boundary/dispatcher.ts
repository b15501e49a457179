// The one boundary between a transport and the core: validate the raw input with the contract's schema
// for the channel, call the handler with the validated input, and turn any failure into the wire error.
// The IPC handler (shell/ipc.ts), the WebSocket host (host/dispatch.ts) and the CLI (cli/session.ts) all
// go through `dispatch`; the services behind the handlers trust their input and never parse it again.
import {
  channels,
  type ChannelName,
  type ChannelParsedInput,
  type ChannelResult,
  type WireError,
} from '../../../shared/contract';
import { isMessageCode } from '../../../shared/messages';
import { CronkeeperError, serializeError, type ErrorCode } from '../errors';
import { describeZodError } from './zod-error';

export type Outcome<T> = { ok: true; value: T } | { ok: false; error: WireError };

/** The channel's input, validated (defaults applied, text trimmed), or the wire error saying what is wrong. */
export function validateInput<K extends ChannelName>(
  channel: K,
  raw: unknown,
): { ok: true; input: ChannelParsedInput<K> } | { ok: false; error: WireError } {
  const parsed = channels[channel].input.safeParse(raw);
  return parsed.success
    ? { ok: true, input: parsed.data as ChannelParsedInput<K> }
    : { ok: false, error: describeZodError(parsed.error) };
}

/**
 * Validates, then calls. Never throws: an invalid input (the handler is not called) and anything the
 * handler throws both come back as `{ok: false, error}`.
 */
export async function dispatch<K extends ChannelName>(
  channel: K,
  raw: unknown,
  call: (input: ChannelParsedInput<K>) => Promise<ChannelResult<K>>,
): Promise<Outcome<ChannelResult<K>>> {
  const checked = validateInput(channel, raw);
  if (!checked.ok) return checked;
  try {
    return { ok: true, value: await call(checked.input) };
  } catch (err) {
    return { ok: false, error: serializeError(err) };
  }
}

/** For in-process callers that want a throw: the wire error as a CronkeeperError (code, message, field, its code). */
export function errorFromWire(error: WireError): CronkeeperError {
  const coded =
    error.messageCode && isMessageCode(error.messageCode)
      ? { code: error.messageCode, params: error.params ?? {} }
      : undefined;
  return new CronkeeperError(error.code as ErrorCode, error.message, error.field, coded);
}

/**
 * For callers that are not transports but hold raw input (tests, tools): the validated input, or the
 * same VALIDATION error a transport would answer, thrown.
 */
export function parseInput<K extends ChannelName>(channel: K, raw: unknown): ChannelParsedInput<K> {
  const checked = validateInput(channel, raw);
  if (!checked.ok) throw errorFromWire(checked.error);
  return checked.input;
}
