// Errors from the bridge are Error objects carrying the wire `code` (and sometimes the `field`).
import type { WireError } from '../../../shared/contract';

/** The contract's one wire error, as the renderer reads it back from a rejected call. */
export type BridgeError = WireError;

export function asBridgeError(error: unknown): BridgeError {
  if (error && typeof error === 'object') {
    const e = error as {
      code?: unknown;
      message?: unknown;
      field?: unknown;
      messageCode?: unknown;
      params?: unknown;
    };
    const out: BridgeError = {
      code: typeof e.code === 'string' ? e.code : 'ERROR',
      message: typeof e.message === 'string' ? e.message : String(error),
      field: typeof e.field === 'string' ? e.field : undefined,
    };
    if (typeof e.messageCode === 'string') out.messageCode = e.messageCode;
    if (e.params && typeof e.params === 'object') out.params = e.params as Record<string, string | number>;
    return out;
  }
  return { code: 'ERROR', message: String(error) };
}
