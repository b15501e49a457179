// Picks the transport: the Electron preload's `window.cronkeeper` when present, otherwise the WebSocket
// bridge to the browser host (`cronkeeper serve --ui-port`), with the token the page took from its URL
// fragment (page-token.ts).
import type { CronkeeperBridge } from '../../../shared/contract';
import { createWsBridge } from '../../../shared/ws-client';
import { takePageToken } from './page-token';

declare global {
  interface Window {
    cronkeeper?: CronkeeperBridge;
  }
}

/** A bridge that can tell the page it reconnected (only the WebSocket one can). */
export type ReconnectingBridge = CronkeeperBridge & {
  onConnectionChange?: (listener: (connected: boolean) => void) => () => void;
};

export function getBridge(): ReconnectingBridge {
  if (window.cronkeeper) return window.cronkeeper;
  return createWsBridge(window.location.href, { token: takePageToken() });
}
