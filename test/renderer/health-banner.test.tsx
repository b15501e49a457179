// @vitest-environment jsdom
// The database-health banner: the scheduler's push event `scheduler.state` says degraded (database
// unavailable since …, its error) and the banner shows above the view; once recovered, the outage with its
// start and end shows until dismissed.
import { act, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import './dom-setup';
import { Root } from '../../src/renderer/src/app/Root';
import { createAppStore } from '../../src/renderer/src/store/app-store';
import type { SchedulerState } from '../../src/shared/types';
import { createFakeBridge } from './fake-bridge';

const base: SchedulerState = {
  running: 0,
  queued: 0,
  nextRunAt: null,
  nextTaskId: null,
  pausedUntil: null,
  pausedAll: false,
  health: 'ok',
  degradedSince: null,
  degradedReason: null,
  lastOutage: null,
};

describe('health banner', () => {
  it('shows the degraded state, then the outage once recovered, until dismissed', async () => {
    const bridge = createFakeBridge();
    bridge['scheduler.state'].mockImplementation(async () => ({ ...base }));
    window.location.hash = '#/tasks';
    render(<Root bridge={bridge} store={createAppStore(bridge)} />);
    await waitFor(() => expect(bridge['scheduler.state']).toHaveBeenCalled());
    expect(screen.queryByTestId('health-degraded')).toBeNull();

    const since = Date.UTC(2026, 11, 4, 10, 0, 0);
    const reason = 'SequelizeConnectionRefusedError: connect ECONNREFUSED 127.0.0.1:5432';
    act(() =>
      bridge.emit('scheduler.state', {
        ...base,
        health: 'degraded',
        degradedSince: since,
        degradedReason: reason,
      }),
    );
    const degraded = await screen.findByTestId('health-degraded');
    expect(degraded.textContent).toContain('database is unavailable since');
    expect(degraded.textContent).toContain(reason);

    const lastOutage = { from: since, to: since + 20_000, reason };
    act(() => bridge.emit('scheduler.state', { ...base, lastOutage }));
    const outage = await screen.findByTestId('health-outage');
    expect(screen.queryByTestId('health-degraded')).toBeNull();
    expect(outage.textContent).toContain('The database was unavailable from');
    fireEvent.click(outage.querySelector('.ant-alert-close-icon')!);
    await waitFor(() => expect(screen.queryByTestId('health-outage')).toBeNull());
  });
});
