// What jsdom lacks and antd / the virtualizer need: matchMedia, ResizeObserver, element sizes.
import { cleanup, configure } from '@testing-library/react';
import { afterEach } from 'vitest';

afterEach(() => cleanup());
// The machine running the suite may be busy: give async queries room before calling a UI broken.
configure({ asyncUtilTimeout: 5000 });

if (!window.matchMedia) {
  window.matchMedia = (query: string) =>
    ({
      matches: false,
      media: query,
      onchange: null,
      addListener: () => {},
      removeListener: () => {},
      addEventListener: () => {},
      removeEventListener: () => {},
      dispatchEvent: () => false,
    }) as unknown as MediaQueryList;
}

if (!('ResizeObserver' in window)) {
  class NoopResizeObserver {
    observe() {}
    unobserve() {}
    disconnect() {}
  }
  (window as unknown as { ResizeObserver: unknown }).ResizeObserver = NoopResizeObserver;
  (globalThis as unknown as { ResizeObserver: unknown }).ResizeObserver = NoopResizeObserver;
}

// antd's Select and others measure; jsdom returns 0 everywhere, which is fine for them.
window.scrollTo = () => {};
Element.prototype.scrollIntoView ??= function scrollIntoView() {};

/** Gives every element matching `selector` a fixed layout size (the virtualizer reads these). */
export function fakeLayout(selector: string, width: number, height: number): void {
  const proto = HTMLElement.prototype;
  const match = (el: Element) => el.matches?.(selector);
  const origRect = proto.getBoundingClientRect;
  proto.getBoundingClientRect = function rect(this: HTMLElement) {
    if (match(this))
      return {
        x: 0,
        y: 0,
        top: 0,
        left: 0,
        width,
        height,
        right: width,
        bottom: height,
        toJSON() {},
      } as DOMRect;
    return origRect.call(this);
  };
  for (const prop of ['offsetHeight', 'clientHeight'] as const) {
    Object.defineProperty(proto, prop, {
      configurable: true,
      get(this: HTMLElement) {
        return match(this) ? height : 0;
      },
    });
  }
  for (const prop of ['offsetWidth', 'clientWidth'] as const) {
    Object.defineProperty(proto, prop, {
      configurable: true,
      get(this: HTMLElement) {
        return match(this) ? width : 0;
      },
    });
  }
}
