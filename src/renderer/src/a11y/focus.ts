// Focus management for what opens over the page. Our drawers are unmounted when they close (a fresh
// form per opening), so antd never gets to hand focus back and it fell to <body>: a keyboard user then
// starts again from the top of the page. These put it back on what opened the drawer or dialog.
import { useEffect, useState } from 'react';

/** Whether focus can go to `el`: still in the document and rendered (not display:none). */
export function canFocus(el: Element | null | undefined): el is HTMLElement {
  return !!el && el.isConnected && el instanceof HTMLElement && el.getClientRects().length > 0;
}

/** Focuses the first element that can take focus; returns it. */
export function focusFirst(...candidates: (Element | null | undefined)[]): HTMLElement | null {
  for (const el of candidates) {
    if (canFocus(el)) {
      el.focus();
      if (document.activeElement === el) return el;
    }
  }
  return null;
}

/**
 * Remembers the element that had focus when the calling component mounted (the button, row or link that
 * opened it) and gives focus back to it on unmount; when that element is gone (the row was deleted, the
 * view changed), to the first of `fallbacks()` that can take it.
 */
export function useReturnFocus(fallbacks: () => (Element | null | undefined)[] = () => []): void {
  // Read during the first render: the drawer has not moved focus yet.
  const [opener] = useState(() => (typeof document === 'undefined' ? null : document.activeElement));
  const [fallback] = useState(() => ({ current: fallbacks }));
  fallback.current = fallbacks;
  useEffect(
    () => () => {
      // After the unmount is committed (and the antd portal is gone).
      setTimeout(() => {
        const active = document.activeElement;
        // Someone already put focus somewhere meaningful (e.g. another drawer opened): leave it.
        if (active && active !== document.body && active.isConnected) return;
        focusFirst(opener === document.body ? null : opener, ...fallback.current());
      }, 0);
    },
    [opener, fallback],
  );
}

/**
 * After the view changes, puts focus on the new view's h1 when it was lost (the element that had it, say
 * an item of the ⋮ menu or a dashboard link, went away with the old view). Focus that is still somewhere
 * (the side nav, the search Ctrl+F just focused) stays where it is.
 */
export function useFocusViewHeading(viewKey: string): void {
  const [first] = useState(viewKey);
  useEffect(() => {
    if (viewKey === first) return; // the page's first view: nothing was lost
    let frames = 3; // menus hand focus back within a frame or two (rc-dropdown uses raf)
    // Views are loaded on first use (Shell.tsx): the new h1 may come a moment later, so look for it for
    // a few seconds' worth of frames, as long as focus stays lost.
    let waitFrames = 300;
    let handle = requestAnimationFrame(function check() {
      if (--frames > 0) return void (handle = requestAnimationFrame(check));
      const active = document.activeElement;
      if (active && active !== document.body && active.isConnected) return;
      // The rendered h1: while the new view loads, React may keep the old one mounted but hidden.
      const heading = [...document.querySelectorAll<HTMLElement>('.ck-content h1')].find(canFocus);
      if (heading) {
        heading.tabIndex = -1; // focusable from script, not a Tab stop
        heading.focus();
        if (document.activeElement === heading) return;
      }
      if (--waitFrames > 0) handle = requestAnimationFrame(check);
    });
    return () => cancelAnimationFrame(handle);
  }, [viewKey, first]);
}
