// @vitest-environment jsdom
// Run controls where the run is: the row's latest-run status opens that run's drawer over the task list;
// the drawer ticks the elapsed time of a running run and drops the ETA once it ended; the schedule's
// pause and resume are named so and look unlike Run now.
import { act, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { beforeEach, describe, expect, it } from 'vitest';
import { fakeLayout } from './dom-setup';
import { Root } from '../../src/renderer/src/app/Root';
import { createAppStore } from '../../src/renderer/src/store/app-store';
import { createFakeBridge, makeExecution, makeTask, type FakeBridge } from './fake-bridge';

fakeLayout('[data-testid="tasks-scroll"]', 1200, 800);

async function mount(bridge: FakeBridge) {
  const store = createAppStore(bridge);
  render(<Root bridge={bridge} store={store} />);
  await waitFor(() => expect(store.getState().tasksLoaded).toBe(true));
  return store;
}

describe('run controls where the run is', () => {
  let bridge: FakeBridge;
  const started = Date.now() - 5_000;
  const running = makeExecution(9, { status: 'running', exitCode: null, endTime: null, startTime: started });

  beforeEach(() => {
    window.location.hash = '#/tasks';
    localStorage.clear();
    bridge = createFakeBridge();
    bridge['tasks.list'].mockResolvedValue({
      items: [
        makeTask(1, {
          name: 'Long job',
          latest: {
            id: 9,
            status: 'running',
            startTime: started,
            durationSeconds: null,
            progressPercent: 40,
            message: null,
          },
        }),
        makeTask(2, { name: 'Paused job', paused: true }),
      ],
      total: 2,
    });
    bridge['executions.get'].mockResolvedValue(running);
    bridge['executions.log'].mockResolvedValue({ text: '', start: 0, end: 0, size: 0 });
  });

  it("opens the row's run in a drawer over the list, with live elapsed time and no ETA once it ended", async () => {
    await mount(bridge);
    const row = (await screen.findAllByTestId('task-row'))[0];
    fireEvent.click(within(row).getByTestId('task-status'));
    await waitFor(() => expect(window.location.hash).toBe('#/tasks?execution=9'));
    const drawer = await screen.findByTestId('execution-drawer');
    expect(screen.getByTestId('tasks-view')).toBeTruthy();
    await waitFor(() => expect(bridge['executions.get']).toHaveBeenCalledWith({ id: 9 }));
    expect(within(drawer).getByTestId('exec-pause').textContent).toBe('Pause run');
    expect(within(drawer).getByTestId('exec-cancel').textContent).toBe('Cancel run');

    // Elapsed ticks while running.
    const elapsed = await within(drawer).findByTestId('exec-elapsed');
    const first = elapsed.textContent;
    expect(first).toMatch(/^\d+(\.\d)? s$/);
    await waitFor(() => expect(elapsed.textContent).not.toBe(first), { timeout: 3000 });

    act(() =>
      bridge.emit('execution.progress', {
        executionId: 9,
        taskId: 1,
        progressPercent: 50,
        message: 'half',
        currentStep: null,
        totalSteps: null,
        currentItem: null,
        etaSeconds: 4,
      }),
    );
    await waitFor(() => expect(drawer.textContent).toContain('ETA 4.0 s'));
    act(() =>
      bridge.emit('execution.finished', {
        execution: { ...running, status: 'cancelled', endTime: Date.now(), durationSeconds: 6 },
        taskName: 'Long job',
        previousStatus: null,
      }),
    );
    await waitFor(() => expect(drawer.textContent).not.toContain('ETA'));
    expect(within(drawer).queryByTestId('exec-elapsed')).toBeNull();
    expect(drawer.textContent).toContain('6.0 s');
  });

  it("offers Pause run and Cancel run in a running row's menu; cancel asks first", async () => {
    bridge['executions.pause'].mockResolvedValue({ paused: true });
    bridge['executions.cancel'].mockResolvedValue({ cancelled: true });
    await mount(bridge);
    const [running, idle] = await screen.findAllByTestId('task-row');
    fireEvent.click(within(idle).getByTestId('task-more'));
    await screen.findAllByRole('menuitem');
    expect(screen.queryByRole('menuitem', { name: 'Pause run' })).toBeNull();
    fireEvent.click(within(running).getByTestId('task-more'));
    fireEvent.click(await screen.findByRole('menuitem', { name: 'Pause run' }));
    await waitFor(() => expect(bridge['executions.pause']).toHaveBeenCalledWith({ id: 9 }));
    fireEvent.click(within(running).getByTestId('task-more'));
    fireEvent.click(await screen.findByRole('menuitem', { name: 'Cancel run…' }));
    const keep = await screen.findByTestId('exec-cancel-keep');
    await waitFor(() => expect(document.activeElement).toBe(keep));
    expect(bridge['executions.cancel']).not.toHaveBeenCalled();
    fireEvent.click(screen.getByTestId('exec-cancel-ok'));
    await waitFor(() => expect(bridge['executions.cancel']).toHaveBeenCalledWith({ id: 9 }));
  });

  it('names the schedule pause so, with icons unlike Run now', async () => {
    await mount(bridge);
    const [active, pausedRow] = await screen.findAllByTestId('task-row');
    const pause = within(active).getByTestId('task-pause');
    const resume = within(pausedRow).getByTestId('task-resume');
    expect(pause.getAttribute('aria-label')).toBe('Pause schedule');
    expect(resume.getAttribute('aria-label')).toBe('Resume schedule');
    const icon = (el: HTMLElement) => el.querySelector('[role="img"]')?.getAttribute('aria-label');
    const run = icon(within(pausedRow).getByTestId('task-run'));
    expect(icon(resume)).not.toBe(run);
    expect(icon(pause)).not.toBe(run);
  });
});
