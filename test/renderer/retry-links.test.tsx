// @vitest-environment jsdom
// The execution drawer's retry links: a retry links to the run it retried, that run to its retries, each
// opening the other run in the drawer; the links stay when the run's own events (which do not carry them)
// update the drawer; a retry that starts while its retried run is shown appears in "Retried by".
import { fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { beforeEach, describe, expect, it } from 'vitest';
import { Root } from '../../src/renderer/src/app/Root';
import { createAppStore } from '../../src/renderer/src/store/app-store';
import type { Execution } from '../../src/shared/types';
import './dom-setup';
import { createFakeBridge, makeExecution, type FakeBridge } from './fake-bridge';

describe('retry links in the execution drawer', () => {
  let bridge: FakeBridge;
  let original: Execution;
  let retry: Execution;

  beforeEach(() => {
    localStorage.clear();
    bridge = createFakeBridge();
    original = makeExecution(12, { status: 'failed', exitCode: 2, trigger: 'manual' });
    retry = makeExecution(13, {
      status: 'running',
      exitCode: null,
      endTime: null,
      trigger: 'retry',
      retryCount: 1,
      retryOf: 12,
    });
    bridge['executions.get'].mockImplementation(async ({ id }: { id: number }) =>
      id === 12 ? { ...original, retries: [{ id: 13, status: 'running', retryCount: 1 }] } : retry,
    );
    bridge['executions.log'].mockResolvedValue({ text: '', start: 0, end: 0, size: 0 });
  });

  it('links both ways, and keeps the link when the run ends', async () => {
    window.location.hash = '#/history?execution=13';
    render(<Root bridge={bridge} store={createAppStore(bridge)} />);
    const drawer = await screen.findByTestId('execution-drawer');
    const back = await within(drawer).findByTestId('exec-retry-of');
    expect(back.textContent).toBe('#12');

    // The run ends: its event carries no links, the drawer keeps them.
    bridge.emit('execution.finished', {
      execution: { ...retry, status: 'failed', exitCode: 2, endTime: Date.now(), retryOf: undefined },
      taskName: 'Flaky',
      previousStatus: 'failed',
    });
    await waitFor(() => expect(within(drawer).getByTestId('exec-status').dataset.status).toBe('failed'));
    expect(within(drawer).getByTestId('exec-retry-of').textContent).toBe('#12');

    fireEvent.click(within(drawer).getByTestId('exec-retry-of'));
    await waitFor(() => expect(window.location.hash).toBe('#/history?execution=12'));
    const forward = await within(drawer).findByTestId('exec-retried-by');
    expect(forward.textContent).toBe('#13');
    expect(within(drawer).queryByTestId('exec-retry-of')).toBeNull();
    fireEvent.click(forward);
    await waitFor(() => expect(window.location.hash).toBe('#/history?execution=13'));
  });

  it('a retry that starts while the retried run is shown appears under "Retried by"', async () => {
    bridge['executions.get'].mockImplementation(async ({ id }: { id: number }) =>
      id === 12 ? original : retry,
    );
    window.location.hash = '#/history?execution=12';
    render(<Root bridge={bridge} store={createAppStore(bridge)} />);
    const drawer = await screen.findByTestId('execution-drawer');
    await within(drawer).findByTestId('exec-status');
    expect(within(drawer).queryByTestId('exec-retried-by')).toBeNull();
    bridge['executions.get'].mockImplementation(async ({ id }: { id: number }) =>
      id === 12 ? { ...original, retries: [{ id: 13, status: 'running', retryCount: 1 }] } : retry,
    );
    bridge.emit('execution.started', { execution: { ...retry, retryOf: undefined } });
    expect((await within(drawer).findByTestId('exec-retried-by')).textContent).toBe('#13');
  });
});
