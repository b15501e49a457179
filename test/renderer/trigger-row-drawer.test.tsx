// @vitest-environment jsdom
// Triggers in the task list and the execution drawer (issue #16): the row shows the chain ("after Import
// ✓") and icons with accessible labels, and a warning while the core says the watched folder is missing;
// the drawer links the upstream run and the chain runs (each opens that run), says what started a file
// run, and shows the last webhook delivery, live from 'execution.webhook'.
import { fireEvent, render, screen, waitFor, within, act } from '@testing-library/react';
import { beforeEach, describe, expect, it } from 'vitest';
import { Root } from '../../src/renderer/src/app/Root';
import { createAppStore } from '../../src/renderer/src/store/app-store';
import { NO_TRIGGERS } from '../../src/shared/triggers';
import { fakeLayout } from './dom-setup';
import { createFakeBridge, makeExecution, makeTask, type FakeBridge } from './fake-bridge';

// The table is virtualized: give its scroll container a size so that rows render.
fakeLayout('[data-testid="tasks-scroll"]', 1200, 800);

describe('triggers in the task row', () => {
  let bridge: FakeBridge;
  beforeEach(() => {
    localStorage.clear();
    window.location.hash = '#/tasks';
    bridge = createFakeBridge();
  });

  it('shows the chain, the trigger icons and the missing-folder warning', async () => {
    bridge['tasks.list'].mockResolvedValue({
      items: [
        makeTask(1, { name: 'Import' }),
        makeTask(2, { name: 'Backup' }),
        makeTask(3, {
          name: 'Report',
          cronExpression: '',
          nextRunAt: null,
          triggers: {
            ...NO_TRIGGERS,
            chains: [
              { upstreamTaskId: 1, condition: 'success' },
              { upstreamTaskId: 2, condition: 'failure' },
            ],
            onStartup: true,
            watch: { folder: '/data/inbox', glob: null, debounceMs: 2000 },
            onlyOnAc: true,
            keepAwake: true,
          },
        }),
      ],
      total: 3,
    });
    render(<Root bridge={bridge} store={createAppStore(bridge)} />);
    const row = await waitFor(() => {
      const found = document.querySelector('[data-testid="task-row"][data-task-id="3"]') as HTMLElement;
      expect(found).toBeTruthy();
      return found;
    });
    const chains = within(row)
      .getAllByTestId('task-chain')
      .map((c) => c.textContent);
    expect(chains).toEqual(['after Import ✓', 'after Backup ✗']);
    expect(within(row).getByRole('img', { name: 'Runs at start-up' })).toBeTruthy();
    expect(within(row).getByRole('img', { name: 'Runs when files change in /data/inbox' })).toBeTruthy();
    expect(within(row).getByRole('img', { name: 'Only on AC power' })).toBeTruthy();
    expect(within(row).getByRole('img', { name: 'Keeps the computer awake' })).toBeTruthy();
    expect(within(row).getByText('No schedule')).toBeTruthy();
    expect(within(row).queryByTestId('task-watch-missing')).toBeNull();
    // A task without triggers shows none.
    const plain = document.querySelector('[data-testid="task-row"][data-task-id="1"]') as HTMLElement;
    expect(within(plain).queryByTestId('task-triggers')).toBeNull();

    act(() => bridge.emit('task.watchStatus', { taskId: 3, state: 'missing', message: 'ENOENT' }));
    expect((await within(row).findByTestId('task-watch-missing')).textContent).toContain(
      'Watched folder is missing: /data/inbox',
    );
    act(() => bridge.emit('task.watchStatus', { taskId: 3, state: 'watching', message: null }));
    await waitFor(() => expect(within(row).queryByTestId('task-watch-missing')).toBeNull());
  });
});

describe('chain links in the execution drawer', () => {
  let bridge: FakeBridge;
  beforeEach(() => {
    localStorage.clear();
    bridge = createFakeBridge();
    bridge['executions.log'].mockResolvedValue({ text: '', start: 0, end: 0, size: 0 });
  });

  it('links upstream and downstream runs both ways and shows the webhook live', async () => {
    const upstream = makeExecution(20, { taskId: 1, taskName: 'Import', status: 'success' });
    const chained = makeExecution(21, {
      taskId: 2,
      taskName: 'Report',
      trigger: 'chain',
      upstreamExecutionId: 20,
      triggerDetail: { upstreamExecutionId: 20, upstreamTaskId: 1, condition: 'success' },
    });
    let downstream: { id: number; taskId: number; taskName: string | null; status: 'success' }[] = [];
    bridge['executions.get'].mockImplementation(async ({ id }: { id: number }) =>
      id === 20 ? { ...upstream, downstream } : chained,
    );
    window.location.hash = '#/history?execution=20';
    render(<Root bridge={bridge} store={createAppStore(bridge)} />);
    const drawer = await screen.findByTestId('execution-drawer');
    await within(drawer).findByTestId('exec-status');
    expect(within(drawer).queryByTestId('exec-downstream')).toBeNull();

    // The chain run starts while the upstream's drawer is open: it appears.
    downstream = [{ id: 21, taskId: 2, taskName: 'Report', status: 'success' }];
    act(() => bridge.emit('execution.started', { execution: chained }));
    const link = await within(drawer).findByTestId('exec-downstream');
    expect(link.textContent).toBe('#21');
    expect(link.closest('.ck-retry-link')?.textContent).toContain('Report');

    // The webhook's delivery arrives.
    expect(within(drawer).queryByTestId('exec-webhook')).toBeNull();
    act(() =>
      bridge.emit('execution.webhook', { executionId: 20, ok: false, error: 'HTTP 500', at: Date.now() }),
    );
    expect((await within(drawer).findByTestId('exec-webhook')).textContent).toMatch(/^Failed: HTTP 500 \(/);
    act(() => bridge.emit('execution.webhook', { executionId: 20, ok: true, error: null, at: Date.now() }));
    await waitFor(() =>
      expect(within(drawer).getByTestId('exec-webhook').textContent).toMatch(/^Delivered /),
    );

    fireEvent.click(link);
    await waitFor(() => expect(window.location.hash).toBe('#/history?execution=21'));
    const back = await within(drawer).findByTestId('exec-upstream');
    expect(back.textContent).toBe('#20');
    expect(back.getAttribute('aria-label')).toBe('Open upstream run #20');
    fireEvent.click(back);
    await waitFor(() => expect(window.location.hash).toBe('#/history?execution=20'));
    await within(drawer).findByTestId('exec-downstream');
  });

  it('says what started a file run', async () => {
    bridge['executions.get'].mockResolvedValue(
      makeExecution(30, {
        trigger: 'file',
        triggerDetail: { folder: '/data/inbox', changes: 3, listFile: '/tmp/x' },
        webhook: { ok: true, status: 200, attempts: 1, error: null, at: Date.now() },
      }),
    );
    window.location.hash = '#/history?execution=30';
    render(<Root bridge={bridge} store={createAppStore(bridge)} />);
    const drawer = await screen.findByTestId('execution-drawer');
    expect((await within(drawer).findByTestId('exec-trigger-detail')).textContent).toBe(
      '3 files changed in /data/inbox',
    );
    expect(within(drawer).getByTestId('exec-webhook').textContent).toMatch(/^Delivered /);
  });
});
