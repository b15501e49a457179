// @vitest-environment jsdom
// The editor loads a task's chain, and the core's chain-cycle error (field triggers.chains) shows under the
// chains; removing the chain clears it.
// Its own file: run after the other editor trigger test in the same file, the rejected save's error did not
// show (state left by that test); vitest isolates files.
import { fireEvent, screen, waitFor } from '@testing-library/react';
import { beforeEach, describe, expect, it } from 'vitest';
import './dom-setup';
import { NO_TRIGGERS } from '../../src/shared/triggers';
import { makeTask, type FakeBridge } from './fake-bridge';
import { BridgeError, openEditor, triggerBridge } from './trigger-editor-helpers';

describe('editor: a chain cycle from the core', () => {
  let bridge: FakeBridge;
  beforeEach(() => {
    bridge = triggerBridge();
  });

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
