// Errors from the bridge are Error objects carrying the wire `code` (and sometimes the `field`).
import type { WireError } from '../../../shared/contract';

/** The contract's one wire error, as the renderer reads it back from a rejected call. */
export type BridgeError = WireError;

export function asBridgeError(error: unknown): BridgeError {
  if (error && typeof error === 'object') {
    const e = error as { code?: unknown; message?: unknown; field?: unknown };
    return {
      code: typeof e.code === 'string' ? e.code : 'ERROR',
      message: typeof e.message === 'string' ? e.message : String(error),
      field: typeof e.field === 'string' ? e.field : undefined,
    };
  }
  return { code: 'ERROR', message: String(error) };
}
