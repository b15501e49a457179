// What every IPC reply looks like. Errors thrown inside ipcMain.handle reach the renderer as a bare message
// (their code is lost), so handlers never throw: they answer with an envelope, and the preload unwraps it.
import type { WireError } from '../../shared/contract';

export type Envelope<T = unknown> = { ok: true; value: T } | { ok: false; error: WireError };

export const okEnvelope = <T>(value: T): Envelope<T> => ({ ok: true, value });
export const errorEnvelope = (error: WireError): Envelope<never> => ({ ok: false, error });
