// @vitest-environment jsdom
// Save pressed while the schedule is still being checked saves once the check is back (dd6531f), unless
// the user asked to close in between: the check coming back behind "Discard your changes?" must not save
// the task under the question (and a Discard then would discard nothing). The fake bridge's
// schedule.preview is the core's real previewSchedule, answered when the test says so.
import { act, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { beforeEach, describe, expect, it } from 'vitest';
import './dom-setup';
import { previewSchedule } from '../../src/main/core/timing/preview';
import { Root } from '../../src/renderer/src/app/Root';
import { createAppStore, type AppStore } from '../../src/renderer/src/store/app-store';
import type { SchedulePreview } from '../../src/shared/types';
import { createFakeBridge, makeTask, type FakeBridge } from './fake-bridge';

const type = (el: HTMLElement, value: string) => fireEvent.change(el, { target: { value } });
const closeDrawer = () => fireEvent.click(document.querySelector('.ant-drawer-close')!);
const asking = () => {
  const wrap = screen.queryByTestId('editor-unsaved-keep')?.closest('.ant-modal-wrap') as HTMLElement | null;
  return !!wrap && wrap.style.display !== 'none' && !wrap.querySelector('.ant-modal[class*="-leave"]');
};

describe('a save queued behind the schedule check', () => {
  let bridge: FakeBridge;
  /** The schedule checks asked for and not answered yet (answerAll answers them). */
  let pending: { cronExpression: string; resolve(p: SchedulePreview): void }[];
  const answerAll = () =>
    act(async () => {
      for (const p of pending.splice(0))
        p.resolve(previewSchedule(p.cronExpression, 'UTC', 10, Date.UTC(2026, 0, 5, 8, 0)));
    });

  beforeEach(() => {
    window.location.hash = '#/tasks';
    localStorage.clear();
    bridge = createFakeBridge();
    pending = [];
    bridge['schedule.preview'].mockImplementation(
      ({ cronExpression }: { cronExpression: string }) =>
        new Promise<SchedulePreview>((resolve) => pending.push({ cronExpression, resolve })),
    );
    bridge['tasks.get'].mockResolvedValue(makeTask(3, { name: 'Report', cronExpression: '0 6 * * *' }));
    bridge['tasks.update'].mockResolvedValue(makeTask(3, { name: 'Report 2' }));
  });

  /** Task 3 open, loaded and checked; then its name and schedule changed and Save pressed at once. */
  async function saveWhileChecking(): Promise<AppStore> {
    const store = createAppStore(bridge);
    render(<Root bridge={bridge} store={store} />);
    await waitFor(() => expect(store.getState().tasksLoaded).toBe(true));
    act(() => store.getState().openEditor({ mode: 'edit', taskId: 3 }));
    await waitFor(() => expect((screen.getByTestId('field-name') as HTMLInputElement).value).toBe('Report'));
    await waitFor(() => expect(pending.some((p) => p.cronExpression === '0 6 * * *')).toBe(true));
    await answerAll();
    await screen.findByTestId('next-runs');

    type(screen.getByTestId('field-name'), 'Report 2');
    type(screen.getByTestId('field-cron'), '0 7 * * *');
    fireEvent.click(screen.getByTestId('editor-save'));
    expect(bridge['tasks.update']).not.toHaveBeenCalled(); // the schedule is not checked yet
    await waitFor(() => expect(pending.some((p) => p.cronExpression === '0 7 * * *')).toBe(true));
    return store;
  }

  it('with nothing in between, saves once the check is back', async () => {
    const store = await saveWhileChecking();
    await answerAll();
    await waitFor(() => expect(bridge['tasks.update']).toHaveBeenCalledTimes(1));
    expect(bridge['tasks.update']).toHaveBeenCalledWith({
      id: 3,
      patch: expect.objectContaining({ name: 'Report 2', cronExpression: '0 7 * * *' }),
    });
    await waitFor(() => expect(store.getState().editor.mode).toBe('closed'));
  });

  it('closing in between drops it: the check coming back saves nothing; Discard closes', async () => {
    const store = await saveWhileChecking();
    closeDrawer();
    await waitFor(() => expect(asking()).toBe(true));
    await answerAll();
    // The check is back; give a queued save every chance to go.
    await act(() => new Promise((resolve) => setTimeout(resolve, 100)));
    expect(bridge['tasks.update']).not.toHaveBeenCalled();
    expect(screen.getByTestId('cron-words').textContent).toBe('At 07:00');
    expect(asking()).toBe(true);
    expect(store.getState().editor.mode).toBe('edit');

    fireEvent.click(screen.getByTestId('editor-unsaved-discard'));
    await waitFor(() => expect(store.getState().editor.mode).toBe('closed'));
    expect(bridge['tasks.update']).not.toHaveBeenCalled();
  });

  it('closing in between, then Keep editing: nothing saved until Save is pressed again', async () => {
    const store = await saveWhileChecking();
    closeDrawer();
    await waitFor(() => expect(asking()).toBe(true));
    fireEvent.click(screen.getByTestId('editor-unsaved-keep'));
    await waitFor(() => expect(asking()).toBe(false));
    await answerAll();
    await act(() => new Promise((resolve) => setTimeout(resolve, 100)));
    expect(bridge['tasks.update']).not.toHaveBeenCalled();
    expect(screen.getByTestId('cron-words').textContent).toBe('At 07:00');

    fireEvent.click(screen.getByTestId('editor-save'));
    await waitFor(() => expect(bridge['tasks.update']).toHaveBeenCalledTimes(1));
    await waitFor(() => expect(store.getState().editor.mode).toBe('closed'));
  });
});
