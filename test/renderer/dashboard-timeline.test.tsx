// @vitest-environment jsdom
// The dashboard's "Next 24 hours" card: the chart gets one row per task from stats.dashboard's timeline,
// and the card says how many tasks are left out. jsdom has no canvas, so the chart component is replaced
// by one that records the option it was given (the option itself is tested in timeline-chart.test.ts).
import { render, screen, waitFor } from '@testing-library/react';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import './dom-setup';
import { Root } from '../../src/renderer/src/app/Root';
import { createAppStore } from '../../src/renderer/src/store/app-store';
import type { DashboardData } from '../../src/shared/contract';
import { createFakeBridge, type FakeBridge } from './fake-bridge';

const options = vi.hoisted(() => new Map<string, unknown>());
vi.mock('../../src/renderer/src/views/dashboard/EChart', () => ({
  EChart: ({ option, testId }: { option: unknown; testId?: string }) => {
    if (testId) options.set(testId, option);
    return <div data-testid={testId} />;
  },
}));

const soon = Date.now() + 60_000;
const task = (taskId: number) => ({
  taskId,
  taskName: `Task ${taskId}`,
  timezone: 'UTC',
  runs: [soon + taskId],
  band: false,
  intervalMs: null,
});

function dashboard(timeline: DashboardData['timeline']): DashboardData {
  return {
    running: [],
    upcoming: [],
    timeline,
    days: [],
    successRate7d: null,
    successRate30d: null,
    failures7d: 0,
    failures30d: 0,
    durationTrend: [],
    recentFailures: [],
  };
}

describe('next 24 hours', () => {
  let bridge: FakeBridge;
  beforeEach(() => {
    localStorage.clear();
    options.clear();
    bridge = createFakeBridge();
    window.location.hash = '#/dashboard';
  });

  it('draws one row per task and says how many tasks are left out', async () => {
    bridge['stats.dashboard'].mockResolvedValue(dashboard({ tasks: [task(1), task(2)], more: 7 }));
    render(<Root bridge={bridge} store={createAppStore(bridge)} />);
    await screen.findByTestId('chart-upcoming');
    const option = options.get('chart-upcoming') as { yAxis: { data: string[] } };
    expect(option.yAxis.data).toEqual(['1', '2']);
    expect(screen.getByTestId('upcoming-more').textContent).toBe(
      'and 7 more tasks with runs in the next 24 hours',
    );
    expect(screen.queryByText('Nothing scheduled in the next 24 hours.')).toBeNull();
  });

  it('says "1 more task" for one', async () => {
    bridge['stats.dashboard'].mockResolvedValue(dashboard({ tasks: [task(1)], more: 1 }));
    render(<Root bridge={bridge} store={createAppStore(bridge)} />);
    await waitFor(() =>
      expect(screen.getByTestId('upcoming-more').textContent).toBe(
        'and 1 more task with runs in the next 24 hours',
      ),
    );
  });
});
