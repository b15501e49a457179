// @vitest-environment jsdom
// The tasks table against a fake bridge: rows and their columns, the empty state, row actions (run now,
// pause, delete with the execution count), keyboard, and live progress: one batch re-renders only the
// rows whose execution changed.
import { act, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { beforeEach, describe, expect, it } from 'vitest';
import { fakeLayout } from './dom-setup';
import { Root } from '../../src/renderer/src/app/Root';
import { createAppStore } from '../../src/renderer/src/store/app-store';
import { renderStats } from '../../src/renderer/src/stats';
import { createFakeBridge, makeExecution, makeTask, type FakeBridge } from './fake-bridge';

// The table is virtualized: give its scroll container a size so that rows render.
fakeLayout('[data-testid="tasks-scroll"]', 1200, 800);

function rows() {
  return screen.queryAllByTestId('task-row');
}

async function mount(bridge: FakeBridge) {
  const store = createAppStore(bridge);
  render(<Root bridge={bridge} store={store} />);
  await waitFor(() => expect(store.getState().tasksLoaded).toBe(true));
  return store;
}

describe('tasks table', () => {
  let bridge: FakeBridge;
  beforeEach(() => {
    window.location.hash = '#/tasks';
    localStorage.clear();
    bridge = createFakeBridge();
  });

  it('shows an empty state that opens the editor', async () => {
    const store = await mount(bridge);
    expect(await screen.findByTestId('tasks-empty')).toBeTruthy();
    fireEvent.click(screen.getByText('Create your first task'));
    expect(store.getState().editor).toEqual({ mode: 'new' });
    expect(bridge['app.ready']).toHaveBeenCalledTimes(1);
  });

  it('renders one row per task with schedule words, state and latest run', async () => {
    bridge['tasks.list'].mockResolvedValue({
      items: [
        makeTask(1, { name: 'Backup', cronExpression: '0 9 * * 1-5', timezone: 'Asia/Shanghai' }),
        makeTask(2, {
          name: 'Sync',
          paused: true,
          latest: {
            id: 7,
            status: 'failed',
            startTime: Date.now() - 60_000,
            durationSeconds: 3,
            progressPercent: null,
            message: 'boom',
          },
        }),
      ],
      total: 2,
    });
    await mount(bridge);
    await waitFor(() => expect(rows()).toHaveLength(2));
    const [backup, sync] = rows();
    expect(backup.dataset.taskId).toBe('1');
    expect(backup.textContent).toContain('At 09:00, Monday through Friday');
    expect(backup.textContent).toContain('0 9 * * 1-5');
    expect(backup.textContent).toContain('Asia/Shanghai');
    expect(backup.textContent).toContain('Never run');
    expect(within(sync).getByTestId('task-state').textContent).toBe('Paused');
    expect(within(sync).getByTestId('task-status').dataset.status).toBe('failed');
    expect(sync.textContent).toContain('3.0 s');
  });

  it("shows next and last run times in the task's zone, named, with the viewer's time where it differs", async () => {
    const here = Intl.DateTimeFormat().resolvedOptions().timeZone;
    // A zone 5:45 off UTC and not the viewer's (the tests run in UTC or in a whole-hour zone).
    const zone = here === 'Asia/Kathmandu' ? 'Asia/Kolkata' : 'Asia/Kathmandu';
    const next = Date.UTC(2030, 0, 2, 3, 0); // 08:45 in Kathmandu
    const last = Date.UTC(2026, 0, 2, 3, 0);
    bridge['tasks.list'].mockResolvedValue({
      items: [
        makeTask(1, {
          name: 'Far away',
          timezone: zone,
          nextRunAt: next,
          latest: {
            id: 3,
            status: 'success',
            startTime: last,
            durationSeconds: 1,
            progressPercent: null,
            message: null,
          },
        }),
      ],
      total: 1,
    });
    await mount(bridge);
    await waitFor(() => expect(rows()).toHaveLength(1));
    const row = rows()[0];
    const wall = (ms: number) =>
      new Intl.DateTimeFormat('sv-SE', {
        timeZone: zone,
        dateStyle: 'short',
        timeStyle: 'medium',
        hourCycle: 'h23',
      }).format(ms);
    const mine = (ms: number) =>
      new Intl.DateTimeFormat('sv-SE', { timeStyle: 'medium', hourCycle: 'h23' }).format(ms);
    const nextCell = within(row).getByTestId('task-next-time');
    // Shown without ":00" seconds (a narrow column); the title has the full time.
    expect(nextCell.textContent).toContain(`${wall(next).slice(0, 16)} ${zone}`);
    expect(nextCell.textContent).toContain(`${mine(next).slice(0, 5)} your time`);
    expect(nextCell.title).toContain(`${wall(next)} ${zone} · ${mine(next)} your time`);
    const lastCell = within(row).getByTestId('task-last-time');
    expect(lastCell.textContent).toContain(wall(last).slice(5, 16));
    expect(lastCell.title).toContain(`${wall(last)} ${zone}`);
  });

  it("shows a task's host tag under its name, and nothing for an unpinned task", async () => {
    bridge['tasks.list'].mockResolvedValue({
      items: [makeTask(1, { name: 'Build', hostTag: 'build-01' }), makeTask(2, { hostTag: null })],
      total: 2,
    });
    await mount(bridge);
    await waitFor(() => expect(rows()).toHaveLength(2));
    const [pinned, anywhere] = rows();
    expect(within(pinned).getByTestId('task-host-tag').textContent).toBe('Host: build-01');
    expect(within(anywhere).queryByTestId('task-host-tag')).toBeNull();
  });

  it('passes search, filters and sort to tasks.list', async () => {
    await mount(bridge);
    fireEvent.change(screen.getByPlaceholderText('Search name or command (Ctrl+F)'), {
      target: { value: 'back' },
    });
    await waitFor(
      () =>
        expect(bridge['tasks.list']).toHaveBeenLastCalledWith(expect.objectContaining({ search: 'back' })),
      {
        timeout: 2000,
      },
    );
    bridge['tasks.list'].mockResolvedValue({ items: [makeTask(1)], total: 1 });
    await act(async () => bridge.emit('task.changed', { taskId: 1, deleted: false }));
    await waitFor(() => expect(rows()).toHaveLength(1), { timeout: 2000 });
    fireEvent.click(screen.getByText(/^Next run/));
    await waitFor(() =>
      expect(bridge['tasks.list']).toHaveBeenLastCalledWith(
        expect.objectContaining({ sort: 'next_run_at', order: 'asc' }),
      ),
    );
  });

  it('runs, pauses and deletes from the row, telling how many executions go with it', async () => {
    bridge['tasks.list'].mockResolvedValue({ items: [makeTask(1, { name: 'Backup' })], total: 1 });
    bridge['tasks.runNow'].mockResolvedValue({ executionId: 9 });
    bridge['tasks.setPaused'].mockResolvedValue(makeTask(1, { paused: true }));
    bridge['tasks.executionCount'].mockResolvedValue({ count: 42 });
    bridge['tasks.delete'].mockResolvedValue({ deletedExecutions: 42 });
    const store = await mount(bridge);
    await waitFor(() => expect(rows()).toHaveLength(1));

    fireEvent.click(within(rows()[0]).getByTestId('task-run'));
    expect(bridge['tasks.runNow']).toHaveBeenCalledWith({ id: 1 });
    fireEvent.click(within(rows()[0]).getByTestId('task-pause'));
    expect(bridge['tasks.setPaused']).toHaveBeenCalledWith({ id: 1, paused: true });

    // Keyboard: on the row, Delete asks first.
    fireEvent.click(rows()[0]);
    fireEvent.keyDown(rows()[0], { key: 'Delete' });
    const body = await screen.findByTestId('delete-confirm-body');
    expect(body.textContent).toContain('42 recorded executions');
    expect(bridge['tasks.delete']).not.toHaveBeenCalled();
    fireEvent.click(screen.getByTestId('delete-confirm-ok'));
    await waitFor(() => expect(bridge['tasks.delete']).toHaveBeenCalledWith({ id: 1 }));
    await waitFor(() => expect(rows()).toHaveLength(0));
    expect(store.getState().tasks[1]).toBeUndefined();
  });

  it('on a focused row, arrows move, Enter opens; keys elsewhere are not row shortcuts', async () => {
    bridge['tasks.list'].mockResolvedValue({ items: [makeTask(1), makeTask(2)], total: 2 });
    const store = await mount(bridge);
    await waitFor(() => expect(rows()).toHaveLength(2));
    expect(screen.getByTestId('tasks-table').getAttribute('role')).toBe('grid');
    // Roving tabindex: Tab reaches the table once, on its first row.
    expect(rows().map((r) => r.tabIndex)).toEqual([0, -1]);
    // Keys on the page (the nav, a menu) do not move the selection or open anything.
    fireEvent.keyDown(window, { key: 'ArrowDown' });
    fireEvent.keyDown(document.body, { key: 'Enter' });
    expect(store.getState().selectedTaskId).toBeNull();
    expect(store.getState().editor).toEqual({ mode: 'closed' });

    act(() => rows()[0].focus());
    fireEvent.keyDown(rows()[0], { key: 'ArrowDown' });
    expect(store.getState().selectedTaskId).toBe(2);
    await waitFor(() => expect(document.activeElement).toBe(rows()[1]));
    expect(rows().map((r) => r.tabIndex)).toEqual([-1, 0]);
    // Enter on a button inside the row is the button's own (here: run now), not "open the task".
    bridge['tasks.runNow'].mockResolvedValue({ executionId: 5 });
    fireEvent.keyDown(within(rows()[1]).getByTestId('task-run'), { key: 'Enter' });
    expect(store.getState().editor).toEqual({ mode: 'closed' });
    fireEvent.keyDown(rows()[1], { key: 'Enter' });
    expect(store.getState().editor).toEqual({ mode: 'edit', taskId: 2 });
    act(() => store.getState().openEditor({ mode: 'closed' }));
    fireEvent.keyDown(window, { key: 'n', ctrlKey: true });
    expect(store.getState().editor).toEqual({ mode: 'new' });
    act(() => store.getState().openEditor({ mode: 'closed' }));
    fireEvent.keyDown(window, { key: 'f', metaKey: true });
    expect(document.activeElement).toBe(screen.getByPlaceholderText('Search name or command (Ctrl+F)'));
  });

  it('applies a burst of progress events as one batch that re-renders only the changed rows', async () => {
    bridge['tasks.list'].mockResolvedValue({ items: [1, 2, 3, 4, 5].map((id) => makeTask(id)), total: 5 });
    const store = await mount(bridge);
    await waitFor(() => expect(rows()).toHaveLength(5));
    for (const taskId of [2, 4]) {
      act(() =>
        bridge.emit('execution.started', {
          execution: makeExecution(100 + taskId, {
            taskId,
            status: 'running',
            endTime: null,
            durationSeconds: null,
          }),
        }),
      );
    }
    await waitFor(() => expect(screen.getAllByTestId('task-progress')).toHaveLength(2));

    const stats = renderStats();
    const rendersBefore = stats.taskRowRenders;
    const batchesBefore = stats.progressBatches;
    act(() => {
      for (let i = 1; i <= 10; i++) {
        for (const taskId of [2, 4]) {
          bridge.emit('execution.progress', {
            executionId: 100 + taskId,
            taskId,
            progressPercent: i * 10 - taskId,
            message: `step ${i}`,
            currentStep: i,
            totalSteps: 10,
            currentItem: null,
            etaSeconds: 10 - i,
          });
        }
      }
    });
    // Nothing applied until the frame.
    expect(stats.taskRowRenders).toBe(rendersBefore);
    await waitFor(() => expect(stats.progressBatches).toBe(batchesBefore + 1));
    expect(stats.taskRowRenders - rendersBefore).toBe(2);
    expect(store.getState().live[2].progressPercent).toBe(98);
    const row2 = rows().find((r) => r.dataset.taskId === '2')!;
    expect(within(row2).getByTestId('task-progress').dataset.percent).toBe('98');
    expect(row2.textContent).toContain('step 10');

    // Finishing one run re-renders its row only and removes its progress bar.
    const before = stats.taskRowRenders;
    act(() =>
      bridge.emit('execution.finished', {
        execution: makeExecution(104, { taskId: 4, status: 'success', result: { insert_count: 5 } }),
        taskName: 'Task 4',
        previousStatus: null,
      }),
    );
    expect(stats.taskRowRenders - before).toBe(1);
    expect(screen.getAllByTestId('task-progress')).toHaveLength(1);
    const row4 = rows().find((r) => r.dataset.taskId === '4')!;
    expect(within(row4).getByTestId('task-status').dataset.status).toBe('success');
  });
  it('marks a task whose run is paused: its status, bar and line say so until it resumes or ends', async () => {
    const PAUSED_AT = Date.now() - 30_000;
    const run = makeExecution(201, {
      taskId: 1,
      status: 'running',
      startTime: Date.now() - 60_000,
      endTime: null,
      durationSeconds: null,
    });
    const latestRunning = {
      id: 201,
      status: 'running' as const,
      startTime: run.startTime,
      durationSeconds: null,
      progressPercent: null,
      message: null,
    };
    bridge['tasks.list'].mockResolvedValue({ items: [makeTask(1, { latest: latestRunning })], total: 1 });
    const store = await mount(bridge);
    await waitFor(() => expect(rows()).toHaveLength(1));
    act(() => bridge.emit('execution.started', { execution: run }));
    act(() => {
      bridge.emit('execution.progress', {
        executionId: 201,
        taskId: 1,
        progressPercent: 40,
        message: 'item 4 of 10',
        currentStep: 4,
        totalSteps: 10,
        currentItem: null,
        etaSeconds: 30,
      });
      store.getState().flushProgress();
    });
    const row = () => rows()[0];
    const status = () => within(row()).getByTestId('task-status');
    const bar = () => within(row()).getByTestId('task-progress');
    await waitFor(() => expect(bar().dataset.percent).toBe('40'));
    expect(status().textContent).toBe('Running');
    expect(row().textContent).toContain('ETA 30 s');

    act(() => bridge.emit('execution.pauseChanged', { execution: { ...run, pausedAt: PAUSED_AT } }));
    await waitFor(() => expect(status().textContent).toBe('Paused'));
    expect(status().dataset.status).toBe('running');
    expect(status().className).toContain('ck-status-paused');
    expect(bar().className).toContain('ck-bar-paused');
    expect(bar().dataset.percent).toBe('40');
    expect(row().textContent).toContain('Paused since');
    expect(row().textContent).toContain('item 4 of 10');
    expect(row().textContent).not.toContain('ETA');

    // Resumed (the event may leave pausedAt out).
    act(() => bridge.emit('execution.pauseChanged', { execution: run }));
    await waitFor(() => expect(status().textContent).toBe('Running'));
    expect(bar().className).not.toContain('ck-bar-paused');

    // Paused while a report from before is still queued: applying that report keeps it paused.
    act(() => {
      bridge.emit('execution.progress', {
        executionId: 201,
        taskId: 1,
        progressPercent: 41,
        message: null,
        currentStep: null,
        totalSteps: null,
        currentItem: null,
        etaSeconds: null,
      });
      bridge.emit('execution.pauseChanged', { execution: { ...run, pausedAt: PAUSED_AT + 2 } });
      store.getState().flushProgress();
    });
    await waitFor(() => expect(bar().dataset.percent).toBe('41'));
    expect(status().textContent).toBe('Paused');

    // Cancelled while paused: the row shows the end, and a late pause event changes nothing.
    const ended = makeExecution(201, { taskId: 1, status: 'cancelled', exitCode: null });
    act(() =>
      bridge.emit('execution.finished', { execution: ended, taskName: 'Task 1', previousStatus: null }),
    );
    await waitFor(() => expect(status().textContent).toBe('Cancelled'));
    act(() => bridge.emit('execution.pauseChanged', { execution: { ...run, pausedAt: PAUSED_AT + 3 } }));
    expect(status().textContent).toBe('Cancelled');
    expect(store.getState().live[1]).toBeUndefined();
    expect(within(row()).queryByTestId('task-progress')).toBeNull();
  });

  it('learns that a run was paused before the window opened (asking once)', async () => {
    const latest = {
      id: 301,
      status: 'running' as const,
      startTime: Date.now() - 60_000,
      durationSeconds: null,
      progressPercent: 25,
      message: null,
    };
    bridge['tasks.list'].mockResolvedValue({
      items: [makeTask(1, { latest }), makeTask(2)],
      total: 2,
    });
    bridge['executions.list'].mockResolvedValue({
      items: [
        makeExecution(301, { taskId: 1, status: 'running', endTime: null, pausedAt: Date.now() - 5000 }),
        makeExecution(302, { taskId: 9, status: 'running', endTime: null }),
      ],
      nextCursor: null,
    });
    const store = await mount(bridge);
    await waitFor(() => expect(rows()).toHaveLength(2));
    const row = rows().find((r) => r.dataset.taskId === '1')!;
    await waitFor(() => expect(within(row).getByTestId('task-status').textContent).toBe('Paused'));
    expect(bridge['executions.list']).toHaveBeenCalledWith({ status: ['running'], limit: 1000 });
    expect(within(row).getByTestId('task-progress').dataset.percent).toBe('25');
    await act(() => store.getState().loadTasks());
    expect(bridge['executions.list']).toHaveBeenCalledTimes(1);
  });
});
