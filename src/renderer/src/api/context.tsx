// The bridge reaches components through a React context, so that component tests can inject a fake one.
import { createContext, useContext } from 'react';
import type { CronkeeperBridge } from '../../../shared/contract';

export const BridgeContext = createContext<CronkeeperBridge | null>(null);

export function useBridge(): CronkeeperBridge {
  const bridge = useContext(BridgeContext);
  if (!bridge) throw new Error('useBridge outside <BridgeContext.Provider>');
  return bridge;
}
