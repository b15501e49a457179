// Code-split components shown without Suspense. React holds back the reveal of a Suspense boundary's
// content until 300 ms after the last fallback it showed (FALLBACK_THROTTLE_MS, against "popcorn"
// layouts): on a cold load the frame's fallback, then antd's providers' chunk, then the view's chunk each
// restarted that wait, and the first history rows sat ready but hidden for up to 300 ms. Here a chunk's
// component renders the moment its module has arrived; until then, nothing (as the null fallback did).
import { useEffect, useState, type ComponentType } from 'react';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyComponent = ComponentType<any>;
export type ModuleLoader<C extends AnyComponent> = () => Promise<{ default: C }>;

const loaded = new Map<ModuleLoader<AnyComponent>, AnyComponent>();
const failed = new Map<ModuleLoader<AnyComponent>, unknown>();

/** The loader's component once its chunk has arrived (null before); a chunk that failed throws, as lazy does. */
export function useLoaded<C extends AnyComponent>(load: ModuleLoader<C>): C | null {
  const [, setArrivals] = useState(0);
  const component = loaded.get(load) as C | undefined;
  if (failed.has(load)) throw failed.get(load);
  useEffect(() => {
    if (component) return;
    let live = true;
    load().then(
      (module) => {
        loaded.set(load, module.default);
        if (live) setArrivals((n) => n + 1);
      },
      (err: unknown) => {
        failed.set(load, err);
        if (live) setArrivals((n) => n + 1);
      },
    );
    return () => {
      live = false;
    };
  }, [load, component]);
  return component ?? null;
}
