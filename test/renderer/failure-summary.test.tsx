// @vitest-environment jsdom
// Why a run failed, everywhere the run is shown: the history row's message, the drawer's Error box (with
// the head and tail of stderr), the dashboard's Recent failures, and the task row's latest-run message.
import { render, screen, waitFor, within } from '@testing-library/react';
import { beforeEach, describe, expect, it } from 'vitest';
import { fakeLayout } from './dom-setup';
import { Root } from '../../src/renderer/src/app/Root';
import { createAppStore } from '../../src/renderer/src/store/app-store';
import type { DashboardData } from '../../src/shared/contract';
import { createFakeBridge, makeExecution, type FakeBridge } from './fake-bridge';

fakeLayout('[data-testid="history-scroll"]', 1000, 600);

const SUMMARY =
  'Traceback (most recent call last):\n  File "/srv/etl/load.py", line 9, in <module>\n…\n' +
  'psycopg2.OperationalError: could not connect to server';
const failed = makeExecution(42, {
  taskName: 'Nightly ETL',
  status: 'failed',
  exitCode: 1,
  errorMessage: 'Exited with code 1',
  result: { success: false, exit_code: 1, error_summary: SUMMARY },
});
const CAUSE = 'Exited with code 1: psycopg2.OperationalError: could not connect to server';

async function mount(bridge: FakeBridge, hash: string) {
  window.location.hash = hash;
  render(<Root bridge={bridge} store={createAppStore(bridge)} />);
}

describe('why a run failed', () => {
  let bridge: FakeBridge;
  beforeEach(() => {
    localStorage.clear();
    bridge = createFakeBridge();
    bridge['executions.list'].mockResolvedValue({ items: [failed], nextCursor: null });
    bridge['executions.get'].mockResolvedValue(failed);
    bridge['executions.log'].mockResolvedValue({ text: '', start: 0, end: 0, size: 0 });
  });

  it("shows the traceback's last line in the history row and the summary in the drawer's Error box", async () => {
    await mount(bridge, '#/history?execution=42');
    await waitFor(() => expect(screen.getAllByTestId('history-row')[0].textContent).toContain(CAUSE));
    const drawer = await screen.findByTestId('execution-drawer');
    const summary = await within(drawer).findByTestId('exec-error-summary');
    expect(summary.textContent).toBe(SUMMARY);
    expect(summary.closest('.ant-alert')!.textContent).toContain('Exited with code 1');
  });

  it('shows it in Recent failures on the dashboard', async () => {
    const data: DashboardData = {
      running: [],
      upcoming: [],
      timeline: { tasks: [], more: 0 },
      days: [],
      successRate7d: null,
      successRate30d: null,
      failures7d: 1,
      failures30d: 1,
      durationTrend: [],
      recentFailures: [failed],
    };
    bridge['stats.dashboard'].mockResolvedValue(data);
    await mount(bridge, '#/dashboard');
    const entry = await screen.findByTestId('recent-failure');
    expect(entry.closest('.ck-list-item')!.textContent).toContain(CAUSE);
  });
});
