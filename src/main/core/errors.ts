// Typed errors. Every error that crosses a boundary (IPC, WebSocket, CLI) is reduced to the contract's
// WireError {code, message, field?}.
import type { WireError } from '../../shared/contract';
import { enText, recognizeError, type CodedMessage } from '../../shared/messages';

export type ErrorCode =
  'VALIDATION' | 'NOT_FOUND' | 'CONFLICT' | 'UNSUPPORTED' | 'LOCKED' | 'FORBIDDEN' | 'INTERNAL';

export class CronkeeperError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly field?: string,
    /** The catalog code and parameters of the message, when known beforehand (a validation failure). */
    readonly coded?: CodedMessage,
  ) {
    super(message);
    this.name = 'CronkeeperError';
  }
}

export const validationError = (message: string, field?: string) =>
  new CronkeeperError('VALIDATION', message, field);
export const notFound = (what: 'Task' | 'Execution', id: number | string) =>
  new CronkeeperError(
    'NOT_FOUND',
    enText(what === 'Task' ? 'valid.taskMissing' : 'valid.executionMissing', { id }),
  );
export const conflict = (message: string, field?: string) => new CronkeeperError('CONFLICT', message, field);

export function serializeError(err: unknown): WireError {
  if (err instanceof CronkeeperError) {
    const wire: WireError = { code: err.code, message: err.message };
    if (err.field) wire.field = err.field;
    // A catalog message (a cron or time-zone error) also crosses as its code, for the user's language; an
    // error made from a wire error (errorFromWire) keeps the code it came with.
    const coded = err.coded ?? recognizeError(err.message);
    if (coded) {
      wire.messageCode = coded.code;
      wire.params = coded.params;
    }
    return wire;
  }
  const message = err instanceof Error ? err.message : String(err);
  return { code: 'INTERNAL', message };
}
