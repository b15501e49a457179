// Builds window.cronkeeper: exactly one method per contract channel (named by the channel) and `on`.
// Nothing else crosses: no ipcRenderer, no channel-name parameter the page could choose.
//
// Errors: contextBridge copies a thrown Error's message but drops custom properties such as `code`
// (Electron docs, contextBridge "Parameter / Error / Return Type support"), so a failed call rejects
// with a plain error-like object {name: 'CronkeeperError', code, message, field?}, which crosses intact.
import type { IpcRenderer, IpcRendererEvent } from 'electron';
import {
  channelNames,
  eventNames,
  IPC_EVENT_CHANNEL,
  IPC_PREFIX,
  type CronkeeperBridge,
  type EventName,
  type WireError,
} from '../shared/contract';
import type { Envelope } from '../main/shell/envelope';

export interface BridgeError extends WireError {
  name: 'CronkeeperError';
}

export function toBridgeError(error: WireError): BridgeError {
  const out: BridgeError = { name: 'CronkeeperError', code: error.code, message: error.message };
  if (error.field) out.field = error.field;
  if (error.messageCode) out.messageCode = error.messageCode;
  if (error.params) out.params = error.params;
  return out;
}

function isEnvelope(value: unknown): value is Envelope {
  return !!value && typeof value === 'object' && typeof (value as { ok?: unknown }).ok === 'boolean';
}

export function createBridge(ipc: Pick<IpcRenderer, 'invoke' | 'on' | 'removeListener'>): CronkeeperBridge {
  const bridge: Record<string, unknown> = {};
  for (const name of channelNames) {
    // Channels without arguments may be called as bridge['app.ready'](); the main side validates the rest.
    bridge[name] = async (input: unknown) => {
      const reply: unknown = await ipc.invoke(IPC_PREFIX + name, input === undefined ? {} : input);
      if (!isEnvelope(reply)) throw toBridgeError({ code: 'INTERNAL', message: `${name}: malformed reply` });
      if (!reply.ok) throw toBridgeError(reply.error);
      return reply.value;
    };
  }
  // One IPC listener for every subscription: the History view alone subscribes 11-15 times, and Node warns
  // (MaxListenersExceededWarning) past 10 listeners on one channel. It is attached on the first
  // subscription and removed with the last.
  const subscribers = new Map<EventName, Set<(payload: unknown) => void>>();
  const onMessage = (_event: IpcRendererEvent, message: { event?: unknown; payload?: unknown }) => {
    const listeners = message && subscribers.get(message.event as EventName);
    // A copy: a listener may unsubscribe (or subscribe another) while we deliver.
    for (const listener of listeners ? [...listeners] : []) listener(message.payload);
  };
  let count = 0;
  bridge.on = (event: EventName, listener: (payload: unknown) => void) => {
    if (!eventNames.includes(event))
      throw toBridgeError({ code: 'VALIDATION', message: `Unknown event "${event}"` });
    if (typeof listener !== 'function')
      throw toBridgeError({ code: 'VALIDATION', message: 'listener must be a function' });
    // Each subscription is its own entry, even for the same function (unsubscribing removes just it).
    const entry = (payload: unknown) => listener(payload);
    let set = subscribers.get(event);
    if (!set) subscribers.set(event, (set = new Set()));
    set.add(entry);
    if (count++ === 0) ipc.on(IPC_EVENT_CHANNEL, onMessage);
    let subscribed = true;
    return () => {
      if (!subscribed) return;
      subscribed = false;
      set.delete(entry);
      if (--count === 0) ipc.removeListener(IPC_EVENT_CHANNEL, onMessage);
    };
  };
  return Object.freeze(bridge) as unknown as CronkeeperBridge;
}
