// Errors from the bridge are Error objects carrying the wire `code` (and sometimes the `field`).
export interface BridgeError {
  code: string;
  message: string;
  field?: string;
}

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
