// Helpers of the editor's trigger tests: the app opened on the editor with a fake bridge, a select picker,
// and the bridge's error type. Shared by editor-triggers.test.tsx and editor-chain-error.test.tsx.
import { act, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { expect } from 'vitest';
import { Root } from '../../src/renderer/src/app/Root';
import { createAppStore, type AppStore } from '../../src/renderer/src/store/app-store';
import { createFakeBridge, makeTask, type FakeBridge } from './fake-bridge';

export class BridgeError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly field?: string,
  ) {
    super(message);
  }
}

export const type = (el: HTMLElement, value: string) => fireEvent.change(el, { target: { value } });

export async function openEditor(bridge: FakeBridge, mode: 'new' | number = 'new'): Promise<AppStore> {
  const store = createAppStore(bridge);
  render(<Root bridge={bridge} store={store} />);
  await waitFor(() => expect(store.getState().tasksLoaded).toBe(true));
  act(() => store.getState().openEditor(mode === 'new' ? { mode: 'new' } : { mode: 'edit', taskId: mode }));
  await screen.findByTestId('triggers-section');
  return store;
}

/** Opens the antd select with this test id and picks the option with this text. */
export async function pick(testId: string, text: string) {
  const root = screen.getByTestId(testId).closest('.ant-select') ?? screen.getByTestId(testId);
  fireEvent.mouseDown(root.querySelector('.ant-select-selector') ?? root);
  const option = await waitFor(() => {
    const found = [...document.querySelectorAll('.ant-select-item-option')].filter(
      (o) => o.textContent === text && !o.closest('.ant-select-dropdown-hidden'),
    );
    expect(found.length).toBeGreaterThan(0);
    return found[found.length - 1];
  });
  fireEvent.click(option);
}

/** A fake bridge listing two tasks, Import (1) and Backup (2), on the Tasks view. */
export function triggerBridge(): FakeBridge {
  window.location.hash = '#/tasks';
  localStorage.clear();
  const bridge = createFakeBridge();
  bridge['tasks.list'].mockResolvedValue({
    items: [makeTask(1, { name: 'Import' }), makeTask(2, { name: 'Backup' })],
    total: 2,
  });
  return bridge;
}
