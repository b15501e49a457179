// History's toolbar (antd Selects, the date fields, the refresh button) mounts a frame after the first rows
// have painted, not in the same render: on a cold load each antd control's first use costs a CSS-in-JS
// style pass, and the rows should not wait for it. Until then the toolbar keeps its place (the title and
// the count show at once; the controls' slot has their height, so the rows do not move when they come).
import { useEffect, useState } from 'react';

/** How long the controls wait at most for the first answer (a slow or lost page must not hide them). */
const MAX_WAIT_MS = 1_000;

/** True from the frame after `settled` first became true (rows shown, nothing to show, or an error). */
export function useAfterFirstRows(settled: boolean): boolean {
  const [ready, setReady] = useState(false);
  useEffect(() => {
    if (ready) return;
    let frame = 0;
    let timer: ReturnType<typeof setTimeout> | undefined;
    // requestAnimationFrame runs before the next paint; the task it queues runs after it.
    const show = () => {
      frame = requestAnimationFrame(() => {
        timer = setTimeout(() => setReady(true), 0);
      });
    };
    if (settled) show();
    const fallback = setTimeout(() => setReady(true), MAX_WAIT_MS);
    return () => {
      cancelAnimationFrame(frame);
      clearTimeout(timer);
      clearTimeout(fallback);
    };
  }, [settled, ready]);
  return ready;
}

/**
 * `on`, once it has stayed true for `delayMs`: a spinner for a page that takes a moment, not one that
 * flashes for a fast answer (and not one more antd component on a cold load's path to the first rows).
 */
export function useShownAfter(on: boolean, delayMs: number): boolean {
  const [shown, setShown] = useState(false);
  useEffect(() => {
    if (!on) return setShown(false);
    const timer = setTimeout(() => setShown(true), delayMs);
    return () => clearTimeout(timer);
  }, [on, delayMs]);
  return on && shown;
}
