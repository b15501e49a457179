// @vitest-environment jsdom
// The dashboard against a fake bridge: the figures from stats.dashboard, what runs now with its live
// progress (from the store's progress batches), recent failures that open their execution's detail in
// the history view, a reload when a run starts or finishes, and the error when the figures cannot load.
import { act, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { beforeEach, describe, expect, it } from 'vitest';
import { fakeLayout } from './dom-setup';
import { Root } from '../../src/renderer/src/app/Root';
import { createAppStore } from '../../src/renderer/src/store/app-store';
import type { DashboardData } from '../../src/shared/contract';
import { createFakeBridge, makeExecution, type FakeBridge } from './fake-bridge';

// The history view the failures link to is virtualized: give its scroll container a size.
fakeLayout('[data-testid="history-scroll"]', 1000, 600);

function dashboard(patch: Partial<DashboardData> = {}): DashboardData {
  return {
    running: [],
    upcoming: [],
    timeline: { tasks: [], more: 0 },
    days: [],
    successRate7d: null,
    successRate30d: null,
    failures7d: 0,
    failures30d: 0,
    durationTrend: [],
    recentFailures: [],
    ...patch,
  };
}

async function mount(bridge: FakeBridge) {
  window.location.hash = '#/dashboard';
  const store = createAppStore(bridge);
  render(<Root bridge={bridge} store={store} />);
  return store;
}

/** The statistic card whose title is `title`. */
function statistic(title: string): string {
  const cards = screen.getAllByText(title).map((el) => el.closest('.ant-statistic'));
  const card = cards.find(Boolean);
  if (!card) throw new Error(`no statistic titled ${title}`);
  return card.querySelector('.ant-statistic-content')?.textContent ?? '';
}

describe('dashboard', () => {
  let bridge: FakeBridge;
  beforeEach(() => {
    localStorage.clear();
    bridge = createFakeBridge();
  });

  it('shows success rates and failure counts, and says when nothing runs, failed or is planned', async () => {
    bridge['stats.dashboard'].mockResolvedValue(
      dashboard({ successRate7d: 0.975, successRate30d: 1, failures7d: 3, failures30d: 12 }),
    );
    await mount(bridge);
    await screen.findByTestId('dashboard-view');
    expect(statistic('Success rate, 7 days')).toBe('97.5%');
    expect(statistic('Success rate, 30 days')).toBe('100%');
    expect(statistic('Failures, 7 days')).toBe('3');
    expect(statistic('Failures, 30 days')).toBe('12');
    expect(screen.getByText('Nothing is running.')).toBeTruthy();
    expect(screen.getByText('No recent failures.')).toBeTruthy();
    expect(screen.getByText('Nothing scheduled in the next 24 hours.')).toBeTruthy();
    expect(bridge['stats.dashboard']).toHaveBeenCalledWith({});
  });

  it('lists what runs now, linked to its execution, with the live progress from the store', async () => {
    const running = makeExecution(41, {
      taskId: 3,
      taskName: 'Import orders',
      status: 'running',
      endTime: null,
      durationSeconds: null,
    });
    bridge['stats.dashboard'].mockResolvedValue(dashboard({ running: [running] }));
    const store = await mount(bridge);
    await screen.findByTestId('dashboard-view');
    expect(statistic('Running now')).toBe('1');
    const link = screen.getByText('Import orders').closest('a')!;
    expect(link.getAttribute('href')).toBe('#/history?execution=41');
    const item = link.closest('.ck-list-item') as HTMLElement;
    expect(within(item).getByRole('progressbar').getAttribute('aria-valuenow')).toBe('0');

    act(() => {
      bridge.emit('execution.progress', {
        executionId: 41,
        taskId: 3,
        progressPercent: 40.4,
        message: 'item 4 of 10',
        currentStep: 4,
        totalSteps: 10,
        currentItem: null,
        etaSeconds: 6,
      });
      store.getState().flushProgress();
    });
    await waitFor(() =>
      expect(within(item).getByRole('progressbar').getAttribute('aria-valuenow')).toBe('40'),
    );
    // Named after its task, a whole percent, and the ETA in words for a screen reader.
    const bar = within(item).getByRole('progressbar', { name: 'Progress of Import orders' });
    expect(bar.getAttribute('aria-valuetext')).toBe('40% · ETA 6.0 s');

    // An older run of the same task still reporting (parallel overlap) does not take over its bar.
    act(() => {
      bridge.emit('execution.progress', {
        executionId: 40,
        taskId: 3,
        progressPercent: 90,
        message: null,
        currentStep: null,
        totalSteps: null,
        currentItem: null,
        etaSeconds: null,
      });
      store.getState().flushProgress();
    });
    expect(within(item).getByRole('progressbar').getAttribute('aria-valuenow')).toBe('40');
  });

  it('opens a recent failure in the history view, with its detail', async () => {
    const failure = makeExecution(77, {
      taskId: 5,
      taskName: 'Nightly backup',
      status: 'failed',
      exitCode: 2,
      errorMessage: 'exit 2: disk full',
    });
    bridge['stats.dashboard'].mockResolvedValue(dashboard({ recentFailures: [failure], failures7d: 1 }));
    bridge['executions.get'].mockResolvedValue(failure);
    bridge['executions.log'].mockResolvedValue({
      text: 'no space left on device\n',
      start: 0,
      end: 24,
      size: 24,
    });
    await mount(bridge);
    const entry = await screen.findByTestId('recent-failure');
    expect(entry.textContent).toContain('Failed');
    expect(entry.textContent).toContain('Nightly backup');
    expect(entry.closest('.ck-list-item')!.textContent).toContain('exit 2: disk full');

    fireEvent.click(entry);
    await waitFor(() => expect(window.location.hash).toBe('#/history?execution=77'));
    await screen.findByTestId('history-view');
    const drawer = await screen.findByTestId('execution-drawer');
    await waitFor(() => expect(bridge['executions.get']).toHaveBeenCalledWith({ id: 77 }));
    await waitFor(() => expect(drawer.textContent).toContain('exit 2: disk full'));
  });

  it('reloads the figures shortly after a run starts or finishes', async () => {
    bridge['stats.dashboard'].mockResolvedValue(dashboard());
    await mount(bridge);
    await screen.findByText('Nothing is running.');
    expect(bridge['stats.dashboard']).toHaveBeenCalledTimes(1);

    const running = makeExecution(90, { taskName: 'Report', status: 'running', endTime: null });
    bridge['stats.dashboard'].mockResolvedValue(dashboard({ running: [running] }));
    act(() => bridge.emit('execution.started', { execution: running }));
    await screen.findByText('Report', {}, { timeout: 3000 });
    expect(bridge['stats.dashboard']).toHaveBeenCalledTimes(2);

    bridge['stats.dashboard'].mockResolvedValue(dashboard({ failures7d: 1 }));
    act(() =>
      bridge.emit('execution.finished', {
        execution: { ...running, status: 'failed', errorMessage: 'boom' },
        taskName: 'Report',
        previousStatus: null,
      }),
    );
    await screen.findByText('Nothing is running.', {}, { timeout: 3000 });
    expect(statistic('Failures, 7 days')).toBe('1');
  });

  it('tags a paused run in "Running now" and follows its pause and resume', async () => {
    const run = makeExecution(41, {
      taskId: 3,
      taskName: 'Import orders',
      status: 'running',
      endTime: null,
      durationSeconds: null,
    });
    bridge['stats.dashboard'].mockResolvedValue(
      dashboard({
        running: [{ ...run, pausedAt: Date.now() - 1000 }, makeExecution(42, { status: 'running' })],
      }),
    );
    await mount(bridge);
    await screen.findByTestId('dashboard-view');
    const [paused, other] = screen.getAllByTestId('running-item');
    expect(within(paused).getByTestId('running-paused').textContent).toBe('Paused');
    // A screen reader hears it too: the bar's value text says Paused.
    expect(within(paused).getByRole('progressbar').getAttribute('aria-valuetext')).toBe(
      'No progress reported · Paused',
    );
    // Its bar does not shine as a busy one does.
    expect(paused.querySelector('.ant-progress-status-active')).toBeNull();
    expect(within(other).queryByTestId('running-paused')).toBeNull();
    expect(other.querySelector('.ant-progress-status-active')).not.toBeNull();

    act(() => bridge.emit('execution.pauseChanged', { execution: run }));
    await waitFor(() => expect(within(paused).queryByTestId('running-paused')).toBeNull());
    expect(paused.querySelector('.ant-progress-status-active')).not.toBeNull();
    act(() => bridge.emit('execution.pauseChanged', { execution: { ...run, pausedAt: Date.now() } }));
    await waitFor(() => expect(within(paused).getByTestId('running-paused')).toBeTruthy());
  });

  it('says why the figures could not be loaded', async () => {
    bridge['stats.dashboard'].mockRejectedValue(
      Object.assign(new Error('Not connected to Cronkeeper (stats.dashboard)'), { code: 'DISCONNECTED' }),
    );
    await mount(bridge);
    await screen.findByText('Not connected to Cronkeeper (stats.dashboard)');
    expect(screen.queryByTestId('dashboard-view')).toBeNull();
  });
});
