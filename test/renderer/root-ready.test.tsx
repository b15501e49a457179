// @vitest-environment jsdom
// Root calls app.ready (which releases the events the main process holds for the window), and tries again
// when it fails: a window that loaded before the main process registered its handlers gets "No handler
// registered" once, and must not stay without live updates.
import { render, waitFor } from '@testing-library/react';
import { expect, it } from 'vitest';
import './dom-setup';
import { Root } from '../../src/renderer/src/app/Root';
import { createAppStore } from '../../src/renderer/src/store/app-store';
import { createFakeBridge } from './fake-bridge';

it('retries app.ready until it is answered', async () => {
  const bridge = createFakeBridge();
  let calls = 0;
  bridge['app.ready'].mockImplementation(async () => {
    calls++;
    if (calls < 3)
      throw new Error("Error invoking remote method 'cronkeeper:app.ready': No handler registered");
    return { ok: true };
  });
  const view = render(<Root bridge={bridge} store={createAppStore(bridge)} />);
  await waitFor(() => expect(calls).toBe(3), { timeout: 5_000 });
  await new Promise((resolve) => setTimeout(resolve, 400));
  expect(calls).toBe(3); // answered: no more calls
  view.unmount();
});

it('stops retrying once the view is gone', async () => {
  const bridge = createFakeBridge();
  let calls = 0;
  bridge['app.ready'].mockImplementation(async () => {
    calls++;
    throw new Error('No handler registered');
  });
  const view = render(<Root bridge={bridge} store={createAppStore(bridge)} />);
  await waitFor(() => expect(calls).toBe(1));
  view.unmount();
  await new Promise((resolve) => setTimeout(resolve, 600));
  expect(calls).toBe(1);
});

it('does not load settings and tasks again on the first connection, only after a drop', async () => {
  const bridge = createFakeBridge();
  const listeners: ((connected: boolean) => void)[] = [];
  const reconnecting = Object.assign(bridge, {
    onConnectionChange: (listener: (connected: boolean) => void) => {
      listeners.push(listener);
      return () => {};
    },
  });
  const view = render(<Root bridge={reconnecting} store={createAppStore(reconnecting)} />);
  await waitFor(() => expect(bridge['settings.get']).toHaveBeenCalled());
  await new Promise((resolve) => setTimeout(resolve, 200));
  const tasks = bridge['tasks.list'].mock.calls.length;
  const settings = bridge['settings.get'].mock.calls.length;
  // The WebSocket opens after the first calls were queued: they go out on it, nothing is asked twice.
  for (const listener of listeners) listener(true);
  await new Promise((resolve) => setTimeout(resolve, 100));
  expect(bridge['tasks.list']).toHaveBeenCalledTimes(tasks);
  expect(bridge['settings.get']).toHaveBeenCalledTimes(settings);
  // Events were lost while the connection was down: everything is read again.
  for (const listener of listeners) listener(false);
  for (const listener of listeners) listener(true);
  await waitFor(() => expect(bridge['tasks.list']).toHaveBeenCalledTimes(tasks + 1));
  expect(bridge['settings.get']).toHaveBeenCalledTimes(settings + 1);
  view.unmount();
});
