// Typed errors. Every error that crosses a boundary (IPC, WebSocket, CLI) is reduced to the contract's
// WireError {code, message, field?}.
import type { WireError } from '../../shared/contract';

export type ErrorCode =
  'VALIDATION' | 'NOT_FOUND' | 'CONFLICT' | 'UNSUPPORTED' | 'LOCKED' | 'FORBIDDEN' | 'INTERNAL';

export class CronkeeperError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly field?: string,
  ) {
    super(message);
    this.name = 'CronkeeperError';
  }
}

export const validationError = (message: string, field?: string) =>
  new CronkeeperError('VALIDATION', message, field);
export const notFound = (what: string, id: number | string) =>
  new CronkeeperError('NOT_FOUND', `${what} ${id} does not exist`);
export const conflict = (message: string, field?: string) => new CronkeeperError('CONFLICT', message, field);

export function serializeError(err: unknown): WireError {
  if (err instanceof CronkeeperError) {
    return err.field
      ? { code: err.code, message: err.message, field: err.field }
      : { code: err.code, message: err.message };
  }
  const message = err instanceof Error ? err.message : String(err);
  return { code: 'INTERNAL', message };
}
