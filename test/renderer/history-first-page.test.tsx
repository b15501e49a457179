// @vitest-environment jsdom
// A window that opens on History asks for the first page as the frame renders, before the view's chunk
// has loaded, and the view uses that answer instead of asking again; a page that may be stale (a run
// started or a task changed in between) or whose request failed is asked for again.
import { cleanup, render, screen, waitFor } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fakeLayout } from './dom-setup';
import { Root } from '../../src/renderer/src/app/Root';
import { createAppStore } from '../../src/renderer/src/store/app-store';
import {
  filtersFromParams,
  pageRequest,
  prefetchFirstPage,
  takeFirstPage,
} from '../../src/renderer/src/views/history/first-page';
import { createFakeBridge, makeExecution, type FakeBridge } from './fake-bridge';

fakeLayout('[data-testid="history-scroll"]', 1000, 600);

const page = { items: [makeExecution(2), makeExecution(1)], nextCursor: null };

describe('history: the first page on a cold load', () => {
  let bridge: FakeBridge;
  afterEach(cleanup);
  beforeEach(() => {
    localStorage.clear();
    bridge = createFakeBridge();
    bridge['executions.list'].mockImplementation(async () => page);
  });

  it('is asked for while the view loads, once, with the URL filters', async () => {
    window.location.hash = '#/history?status=failed&task=7';
    render(<Root bridge={bridge} store={createAppStore(bridge)} />);
    // The frame has rendered; the view's chunk has not arrived yet.
    expect(screen.queryByTestId('history-view')).toBeNull();
    expect(bridge['executions.list']).toHaveBeenCalledTimes(1);
    expect(bridge['executions.list']).toHaveBeenCalledWith({
      taskId: 7,
      status: ['failed'],
      trigger: undefined,
      from: undefined,
      to: undefined,
      cursor: undefined,
      limit: 200,
    });
    await waitFor(() => expect(screen.getAllByTestId('history-row')).toHaveLength(2));
    expect(bridge['executions.list']).toHaveBeenCalledTimes(1);
  });

  it('is asked for again when the early request failed', async () => {
    window.location.hash = '#/history';
    bridge['executions.list'].mockImplementationOnce(async () => {
      throw new Error('No handler registered');
    });
    render(<Root bridge={bridge} store={createAppStore(bridge)} />);
    await waitFor(() => expect(screen.getAllByTestId('history-row')).toHaveLength(2));
    expect(bridge['executions.list']).toHaveBeenCalledTimes(2);
    expect(screen.queryByText('No handler registered')).toBeNull();
  });
});

// The hand-over itself (the view may be already loaded in the tests above, so the timing is set here).
describe('history: takeFirstPage', () => {
  const request = pageRequest(filtersFromParams(new URLSearchParams('task=3')), null);

  it('hands the prefetched page over once, for the same request and bridge only', async () => {
    const bridge = createFakeBridge();
    bridge['executions.list'].mockImplementation(async () => page);
    prefetchFirstPage(bridge, new URLSearchParams('task=3'));
    expect(takeFirstPage(bridge, { ...request, taskId: 4 })).toBeNull(); // another filter: not this page
    prefetchFirstPage(bridge, new URLSearchParams('task=3'));
    expect(takeFirstPage(createFakeBridge(), request)).toBeNull(); // another bridge
    prefetchFirstPage(bridge, new URLSearchParams('task=3'));
    await expect(takeFirstPage(bridge, request)).resolves.toBe(page);
    expect(takeFirstPage(bridge, request)).toBeNull(); // once
    expect(bridge['executions.list']).toHaveBeenCalledTimes(3);
  });

  it('drops the page when a run started or a task changed in between, and stops listening', () => {
    const bridge = createFakeBridge();
    bridge['executions.list'].mockImplementation(async () => page);
    for (const emit of [
      () => bridge.emit('execution.started', { execution: makeExecution(9, { status: 'running' }) }),
      () => bridge.emit('task.changed', { taskId: 3, deleted: true }),
    ]) {
      prefetchFirstPage(bridge, new URLSearchParams('task=3'));
      emit();
      expect(takeFirstPage(bridge, request)).toBeNull();
      expect(bridge.listenerCount('execution.started')).toBe(0);
    }
  });
});
