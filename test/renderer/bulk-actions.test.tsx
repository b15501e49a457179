// @vitest-environment jsdom
// Bulk actions in the task list: the checked rows' ids go to tasks.bulk in one call (in list order), a
// partial failure names each task that failed and why, a filter change drops the rows it hides from the
// selection, and the tag filter is sent as the list query's tag.
import { fireEvent, render, screen, waitFor } from '@testing-library/react';
import { beforeEach, describe, expect, it } from 'vitest';
import { fakeLayout } from './dom-setup';
import { Root } from '../../src/renderer/src/app/Root';
import { createAppStore } from '../../src/renderer/src/store/app-store';
import { createFakeBridge, makeTask, type FakeBridge } from './fake-bridge';

fakeLayout('[data-testid="tasks-scroll"]', 1200, 800);

async function mount(bridge: FakeBridge) {
  window.location.hash = '#/tasks';
  const store = createAppStore(bridge);
  render(<Root bridge={bridge} store={store} />);
  await waitFor(() => expect(store.getState().tasksLoaded).toBe(true));
  return store;
}

describe('bulk actions', () => {
  let bridge: FakeBridge;
  beforeEach(() => {
    localStorage.clear();
    bridge = createFakeBridge();
    const items = [1, 2, 3].map((id) => makeTask(id, { name: `Job ${id}`, tags: id === 2 ? ['ops'] : [] }));
    bridge['tasks.list'].mockResolvedValue({ items, total: 3 });
  });

  it('sends the checked ids in one call and lists each task that failed, with why', async () => {
    bridge['tasks.bulk'].mockResolvedValue({
      action: 'run',
      done: [1],
      failed: [{ id: 3, name: 'Job 3', code: 'CONFLICT', message: 'Cronkeeper is shutting down' }],
    });
    await mount(bridge);
    const checks = await screen.findAllByTestId('task-check', {}, { timeout: 10_000 });
    fireEvent.click(checks[0]);
    fireEvent.click(checks[2]);
    expect(screen.getByTestId('bulk-count').textContent).toBe('Selected: 2');
    fireEvent.click(screen.getByTestId('bulk-run'));
    await waitFor(() => expect(bridge['tasks.bulk']).toHaveBeenCalledWith({ ids: [1, 3], action: 'run' }));
    const failures = await screen.findByTestId('bulk-failures');
    expect(failures.textContent).toBe('Job 3: Cronkeeper is shutting down');
    expect(screen.getAllByText('Run now: done for 1 of 2. These tasks failed:').length).toBeGreaterThan(0);
  });

  it('asks "Delete 3 tasks?" before deleting, and removes the deleted rows', async () => {
    bridge['tasks.bulk'].mockResolvedValue({
      action: 'delete',
      done: [1, 2, 3],
      failed: [],
      deletedExecutions: 7,
    });
    const store = await mount(bridge);
    fireEvent.click(await screen.findByTestId('tasks-check-all', {}, { timeout: 10_000 }));
    fireEvent.click(screen.getByTestId('bulk-delete'));
    expect((await screen.findAllByText('Delete 3 tasks?')).length).toBeGreaterThan(0);
    expect(bridge['tasks.bulk']).not.toHaveBeenCalled();
    bridge['tasks.list'].mockResolvedValue({ items: [], total: 0 });
    fireEvent.click(screen.getByTestId('bulk-delete-ok'));
    await waitFor(() =>
      expect(bridge['tasks.bulk']).toHaveBeenCalledWith({ ids: [1, 2, 3], action: 'delete' }),
    );
    await waitFor(() => expect(store.getState().taskOrder).toEqual([]));
    expect(await screen.findByText('Deleted tasks: 3 (with 7 runs of history)')).toBeTruthy();
  });

  it('filters by tag, and a row hidden by the filter leaves the selection', async () => {
    const store = await mount(bridge);
    store.getState().checkAll(true);
    expect(Object.keys(store.getState().checked)).toEqual(['1', '2', '3']);
    bridge['tasks.list'].mockResolvedValue({
      items: [makeTask(2, { name: 'Job 2', tags: ['ops'] })],
      total: 1,
    });
    fireEvent.click(await screen.findByTestId('task-tag', {}, { timeout: 10_000 }));
    await waitFor(() =>
      expect(bridge['tasks.list']).toHaveBeenLastCalledWith(expect.objectContaining({ tag: 'ops' })),
    );
    await waitFor(() => expect(Object.keys(store.getState().checked)).toEqual(['2']));
    expect(screen.getByTestId('bulk-count').textContent).toBe('Selected: 1');
  });
});
