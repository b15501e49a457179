// @vitest-environment jsdom
// The editor's "Triggers and conditions" section against the fake bridge: a chain picked from the task
// list with its condition, start-up, a watched folder, power conditions and a custom webhook reach
// tasks.create as TaskInput.triggers; a chain-only task may have no schedule; a bad webhook URL is
// refused before saving; the core's chain-cycle error shows under the chains.
import { act, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { beforeEach, describe, expect, it } from 'vitest';
import './dom-setup';
import { Root } from '../../src/renderer/src/app/Root';
import { createAppStore, type AppStore } from '../../src/renderer/src/store/app-store';
import { NO_TRIGGERS } from '../../src/shared/triggers';
import { createFakeBridge, makeTask, type FakeBridge } from './fake-bridge';

class BridgeError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly field?: string,
  ) {
    super(message);
  }
}

const type = (el: HTMLElement, value: string) => fireEvent.change(el, { target: { value } });

async function openEditor(bridge: FakeBridge, mode: 'new' | number = 'new'): Promise<AppStore> {
  const store = createAppStore(bridge);
  render(<Root bridge={bridge} store={store} />);
  await waitFor(() => expect(store.getState().tasksLoaded).toBe(true));
  act(() => store.getState().openEditor(mode === 'new' ? { mode: 'new' } : { mode: 'edit', taskId: mode }));
  await screen.findByTestId('triggers-section');
  return store;
}

/** Opens the antd select with this test id and picks the option with this text. */
async function pick(testId: string, text: string) {
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

describe('editor: triggers and conditions', () => {
  let bridge: FakeBridge;
  beforeEach(() => {
    window.location.hash = '#/tasks';
    localStorage.clear();
    bridge = createFakeBridge();
    bridge['tasks.list'].mockResolvedValue({
      items: [makeTask(1, { name: 'Import' }), makeTask(2, { name: 'Backup' })],
      total: 2,
    });
  });

  it(
    'sends a chain, start-up, folder, power and custom webhook; allows no schedule',
    { timeout: 60_000 },
    async () => {
      bridge['tasks.create'].mockResolvedValue(makeTask(9, { name: 'Report' }));
      const store = await openEditor(bridge);
      type(screen.getByTestId('field-name'), 'Report');
      type(screen.getByTestId('field-command'), 'make report');
      type(screen.getByTestId('field-cron'), '');
      // Without a trigger an empty schedule is refused.
      fireEvent.click(screen.getByTestId('editor-save'));
      expect(await screen.findByTestId('editor-errors')).toBeTruthy();
      expect(screen.queryByTestId('no-schedule')).toBeNull();

      fireEvent.click(screen.getByTestId('chain-add'));
      await pick('chain-upstream-0', 'Import');
      await pick('chain-condition-0', 'On failure');
      expect((await screen.findByTestId('no-schedule')).textContent).toContain(
        'No schedule: runs only on its triggers',
      );
      fireEvent.click(screen.getByTestId('trigger-startup'));
      type(await screen.findByTestId('trigger-startup-delay'), '30');
      fireEvent.click(screen.getByTestId('trigger-watch'));
      type(await screen.findByTestId('trigger-watch-folder'), '/data/inbox');
      type(screen.getByTestId('trigger-watch-glob'), '*.csv');
      fireEvent.click(screen.getByTestId('trigger-only-on-ac'));
      fireEvent.click(screen.getByTestId('trigger-keep-awake'));
      await pick('trigger-webhook-mode', 'Custom URL');
      type(await screen.findByTestId('trigger-webhook-url'), 'ftp://example.com/hook');
      fireEvent.click(screen.getByTestId('editor-save'));
      expect(await screen.findByText('Webhook URL must be an http:// or https:// URL')).toBeTruthy();
      expect(bridge['tasks.create']).not.toHaveBeenCalled();

      type(screen.getByTestId('trigger-webhook-url'), 'https://hooks.example.com/x');
      type(screen.getByTestId('trigger-webhook-secret'), 's3cret');
      fireEvent.click(screen.getByTestId('editor-save'));
      await waitFor(() => expect(store.getState().editor.mode).toBe('closed'));
      const input = bridge['tasks.create'].mock.calls[0][0];
      expect(input.cronExpression).toBe('');
      expect(input.triggers).toEqual({
        ...NO_TRIGGERS,
        chains: [{ upstreamTaskId: 1, condition: 'failure' }],
        onStartup: true,
        startupDelaySeconds: 30,
        watch: { folder: '/data/inbox', glob: '*.csv', debounceMs: 2000 },
        onlyOnAc: true,
        keepAwake: true,
        webhookMode: 'custom',
        webhookUrl: 'https://hooks.example.com/x',
        webhookSecret: 's3cret',
      });
    },
  );

  it("loads a task's triggers and shows the core's chain-cycle error under the chains", async () => {
    bridge['tasks.get'].mockResolvedValue(
      makeTask(2, {
        name: 'Backup',
        triggers: { ...NO_TRIGGERS, chains: [{ upstreamTaskId: 1, condition: 'always' }] },
      }),
    );
    bridge['tasks.update'].mockRejectedValueOnce(
      new BridgeError('VALIDATION', 'Chain cycle: Backup → Import → Backup', 'triggers.chains'),
    );
    const store = await openEditor(bridge, 2);
    const upstream = screen.getByTestId('chain-upstream-0').closest('.ant-select')!;
    expect(upstream.textContent).toContain('Import');
    expect(screen.getByTestId('chain-condition-0').closest('.ant-select')!.textContent).toContain('Always');
    fireEvent.click(screen.getByTestId('editor-save'));
    const error = await screen.findAllByText(
      'Chain cycle: Backup → Import → Backup',
      {},
      { timeout: 10_000 },
    );
    // Under the chains (tied to the field) and in the footer's list.
    expect(error.some((el) => el.closest('[data-testid="triggers-section"]'))).toBe(true);
    expect(store.getState().editor.mode).toBe('edit');
    expect(bridge['tasks.update'].mock.calls[0][0].patch.triggers.chains).toEqual([
      { upstreamTaskId: 1, condition: 'always' },
    ]);
    // Removing the chain clears the error.
    fireEvent.click(screen.getByTestId('chain-remove-0'));
    await waitFor(() => expect(screen.queryByText('Chain cycle: Backup → Import → Backup')).toBeNull());
  });
});
