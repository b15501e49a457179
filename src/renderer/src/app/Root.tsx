// The top of the tree: one store per bridge, the push events wired in, then `app.ready` so the core
// starts sending events only once someone listens.
import { useEffect, useMemo, type ReactNode } from 'react';
import type { ReconnectingBridge } from '../api/bridge';
import { BridgeContext } from '../api/context';
import { connectStoreToEvents, createAppStore, type AppStore } from '../store/app-store';
import { StoreContext } from '../store/context';
import { navigate } from './routes';
import { ThemedApp } from './ThemedApp';

const READY_ATTEMPTS = 20;
const READY_RETRY_MS = 250;

export function Root({
  bridge,
  store: givenStore,
  children,
}: {
  bridge: ReconnectingBridge;
  store?: AppStore;
  children?: ReactNode;
}) {
  const store = useMemo(() => givenStore ?? createAppStore(bridge), [bridge, givenStore]);

  useEffect(() => {
    const reload = () => {
      void store
        .getState()
        .loadSettings()
        .catch(() => {});
      void store
        .getState()
        .loadTasks()
        .catch(() => {});
    };
    const off = connectStoreToEvents(store, bridge);
    // A desktop notification or the tray asks to show one execution.
    const offOpen = bridge.on('ui.openExecution', ({ executionId }) =>
      navigate('history', { execution: executionId }),
    );
    // Events sent while the connection was down are lost: reload after a drop. The first connection needs
    // nothing, since the first reload's calls wait for it (asking twice slowed the first screen).
    let dropped = false;
    const offConnection = bridge.onConnectionChange?.((connected) => {
      if (!connected) dropped = true;
      else if (dropped) reload();
    });
    // app.ready releases the events held for us. Should it fail (a window that loaded before the main
    // process registered its handlers: "No handler registered"), try again a few times rather than stay
    // without live updates.
    let retry: ReturnType<typeof setTimeout> | undefined;
    let live = true;
    const ready = (attempt: number) => {
      bridge['app.ready']({}).catch(() => {
        if (live && attempt < READY_ATTEMPTS) retry = setTimeout(() => ready(attempt + 1), READY_RETRY_MS);
      });
    };
    ready(1);
    reload();
    return () => {
      live = false;
      clearTimeout(retry);
      off();
      offOpen();
      offConnection?.();
    };
  }, [bridge, store]);

  return (
    <BridgeContext.Provider value={bridge}>
      <StoreContext.Provider value={store}>{children ?? <ThemedApp />}</StoreContext.Provider>
    </BridgeContext.Provider>
  );
}
