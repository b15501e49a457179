// @vitest-environment jsdom
// The first screen of History: the rows do not wait for the toolbar's antd controls (they mount a frame
// after the first rows, or after an empty answer or an error), and no "nothing yet" flashes while the
// first page is on its way.
import { cleanup, render, screen, waitFor } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fakeLayout } from './dom-setup';
import { Root } from '../../src/renderer/src/app/Root';
import { createAppStore } from '../../src/renderer/src/store/app-store';
import { createFakeBridge, makeExecution, type FakeBridge } from './fake-bridge';

fakeLayout('[data-testid="history-scroll"]', 1000, 600);

const FILTER = '[data-testid="history-task-filter"]';

/**
 * Whether an element matching `selector` was ever inserted, checked at the moment of insertion (a node
 * that React inserts and removes again before a MutationObserver looks is seen too).
 */
function watchInserted(selector: string): { seen(): boolean; stop(): void } {
  let seen = false;
  const check = (node: Node) => {
    if (node instanceof Element && (node.matches(selector) || node.querySelector(selector))) seen = true;
  };
  const { appendChild, insertBefore } = Node.prototype;
  Node.prototype.appendChild = function <T extends Node>(this: Node, node: T): T {
    check(node);
    return appendChild.call(this, node) as T;
  };
  Node.prototype.insertBefore = function <T extends Node>(this: Node, node: T, child: Node | null): T {
    check(node);
    return insertBefore.call(this, node, child) as T;
  };
  return {
    seen: () => seen,
    stop: () => Object.assign(Node.prototype, { appendChild, insertBefore }),
  };
}

describe('history: the first screen', () => {
  let bridge: FakeBridge;
  afterEach(cleanup);
  beforeEach(() => {
    localStorage.clear();
    bridge = createFakeBridge();
    window.location.hash = '#/history';
  });

  it('shows the first rows before the toolbar controls, which follow', async () => {
    bridge['executions.list'].mockImplementation(async () => ({
      items: [makeExecution(2), makeExecution(1)],
      nextCursor: null,
    }));
    // When the first row appears, is the task filter already there?
    let filterWithFirstRow: boolean | undefined;
    const observer = new MutationObserver(() => {
      if (filterWithFirstRow === undefined && document.querySelector('[data-testid="history-row"]'))
        filterWithFirstRow = document.querySelector(FILTER) !== null;
    });
    observer.observe(document.body, { childList: true, subtree: true });
    render(<Root bridge={bridge} store={createAppStore(bridge)} />);
    await waitFor(() => expect(screen.getAllByTestId('history-row')).toHaveLength(2));
    observer.disconnect();
    expect(filterWithFirstRow).toBe(false);
    // The title is there at once; the controls come a frame later.
    expect(screen.getByRole('heading', { name: 'History' })).toBeTruthy();
    await waitFor(() => expect(document.querySelector(FILTER)).not.toBeNull());
    expect(screen.getByTestId('history-period')).toBeTruthy();
  });

  it('shows the controls after an empty answer or an error too', async () => {
    bridge['executions.list'].mockImplementation(async () => ({ items: [], nextCursor: null }));
    render(<Root bridge={bridge} store={createAppStore(bridge)} />);
    await waitFor(() => expect(document.querySelector(FILTER)).not.toBeNull());
    cleanup();
    bridge['executions.list'].mockImplementation(async () => {
      throw new Error('database is locked');
    });
    render(<Root bridge={bridge} store={createAppStore(bridge)} />);
    await waitFor(() => expect(document.querySelector(FILTER)).not.toBeNull());
  });

  it('does not flash "nothing yet" or a spinner while the first page is on its way', async () => {
    let answer: (page: { items: never[]; nextCursor: null }) => void = () => {};
    bridge['executions.list'].mockImplementation(() => new Promise((resolve) => (answer = resolve)));
    const empty = watchInserted('.ck-empty');
    const spinner = watchInserted('.ck-history-loading');
    try {
      render(<Root bridge={bridge} store={createAppStore(bridge)} />);
      await screen.findByTestId('history-view');
      expect(empty.seen()).toBe(false);
      expect(spinner.seen()).toBe(false);
      // A page that takes a moment does get the spinner.
      await waitFor(() => expect(spinner.seen()).toBe(true));
      answer({ items: [], nextCursor: null });
      // An empty history does say so, once it is known, and the spinner goes.
      await waitFor(() => expect(empty.seen()).toBe(true));
      expect(document.querySelector('.ck-history-loading')).toBeNull();
    } finally {
      spinner.stop();
      empty.stop();
    }
  });
});
