// What every IPC reply looks like. Errors thrown inside ipcMain.handle reach the renderer as a bare message
// (their code is lost), so handlers never throw: they answer with an envelope, and the preload unwraps it.
import type { WireError } from '../../shared/contract';
import type { Outcome } from '../core/boundary/dispatcher';

/** The dispatcher's outcome, sent as it is. */
export type Envelope<T = unknown> = Outcome<T>;

export const okEnvelope = <T>(value: T): Envelope<T> => ({ ok: true, value });
export const errorEnvelope = (error: WireError): Envelope<never> => ({ ok: false, error });
