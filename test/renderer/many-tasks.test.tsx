// @vitest-environment jsdom
// Many tasks: compact rows; one State filter whose choices are the states a row's tag shows, each sent as
// the query that matches that tag; "1 task", not "1 tasks"; empty states that say whether a filter is set.
import { fireEvent, render, screen, waitFor } from '@testing-library/react';
import { beforeEach, describe, expect, it } from 'vitest';
import { fakeLayout } from './dom-setup';
import { Root } from '../../src/renderer/src/app/Root';
import { createAppStore } from '../../src/renderer/src/store/app-store';
import { createFakeBridge, makeTask, type FakeBridge } from './fake-bridge';

fakeLayout('[data-testid="tasks-scroll"]', 1200, 800);

async function mount(bridge: FakeBridge, hash: string) {
  window.location.hash = hash;
  const store = createAppStore(bridge);
  render(<Root bridge={bridge} store={store} />);
  return store;
}

describe('many tasks', () => {
  let bridge: FakeBridge;
  beforeEach(() => {
    localStorage.clear();
    bridge = createFakeBridge();
  });

  it('offers one State filter (Enabled, Paused, Disabled) sent as what each tag means', async () => {
    bridge['tasks.list'].mockResolvedValue({ items: [makeTask(1)], total: 1 });
    const store = await mount(bridge, '#/tasks');
    await waitFor(() => expect(store.getState().tasksLoaded).toBe(true));
    expect(await screen.findByText('1 task')).toBeTruthy();
    const select = screen
      .getAllByText('State')
      .map((el) => el.closest('.ant-select'))
      .find(Boolean)!;
    fireEvent.mouseDown(select.querySelector('.ant-select-selector') ?? select);
    const options = await waitFor(() => {
      const found = [...document.querySelectorAll('.ant-select-item-option')].map((o) => o.textContent);
      expect(found.length).toBeGreaterThan(0);
      return found;
    });
    expect(options).toEqual(['Enabled', 'Paused', 'Disabled']);

    const expectQuery = async (state: 'active' | 'paused' | 'disabled', query: object) => {
      store.getState().setTaskQuery({ state });
      await waitFor(() =>
        expect(bridge['tasks.list']).toHaveBeenLastCalledWith(expect.objectContaining(query)),
      );
    };
    await expectQuery('paused', { enabled: true, paused: true });
    await expectQuery('active', { enabled: true, paused: false });
    await expectQuery('disabled', { enabled: false });
  });

  it('compact rows fit more tasks on screen, and the choice is kept', async () => {
    const items = Array.from({ length: 100 }, (_, i) => makeTask(i + 1, { name: `Task ${i + 1}` }));
    bridge['tasks.list'].mockResolvedValue({ items, total: 100 });
    const store = await mount(bridge, '#/tasks');
    await waitFor(() => expect(store.getState().tasksLoaded).toBe(true));
    await waitFor(() => expect(screen.getAllByTestId('task-row').length).toBeGreaterThan(5));
    const regular = screen.getAllByTestId('task-row').length;
    expect(screen.getAllByTestId('task-row')[0].style.height).toBe('76px');
    fireEvent.click(screen.getByTestId('tasks-compact'));
    await waitFor(() => expect(screen.getAllByTestId('task-row')[0].style.height).toBe('48px'));
    expect(screen.getAllByTestId('task-row').length).toBeGreaterThan(regular);
    expect(screen.getByTestId('tasks-table').className).toContain('ck-compact');
    expect(screen.getByTestId('tasks-compact').getAttribute('aria-pressed')).toBe('true');
    expect(localStorage.getItem('cronkeeper.tasks.compact')).toBe('1');
    fireEvent.click(screen.getByTestId('tasks-compact'));
    await waitFor(() => expect(screen.getAllByTestId('task-row')[0].style.height).toBe('76px'));
  });

  it('says "no match" for an empty filtered list and "no tasks yet" otherwise', async () => {
    const store = await mount(bridge, '#/tasks');
    expect((await screen.findByTestId('tasks-empty')).textContent).toContain('No tasks yet');
    store.getState().setTaskQuery({ state: 'paused' });
    await waitFor(() => expect(screen.getByText('No task matches these filters.')).toBeTruthy());
  });

  it('History says "nothing yet" without filters and "no match" with one', async () => {
    bridge['executions.list'].mockResolvedValue({ items: [], nextCursor: null });
    await mount(bridge, '#/history');
    expect(await screen.findByText('No executions yet. Every run of a task is recorded here.')).toBeTruthy();
    window.location.hash = '#/history?status=failed';
    expect(await screen.findByText('No executions match these filters.')).toBeTruthy();
  });
});
