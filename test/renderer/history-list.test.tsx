// @vitest-environment jsdom
// The history list against a fake bridge serving 100,000 executions in keyset pages: the DOM holds a
// bounded number of rows, scrolling near the end fetches the next page by cursor, filters come from the
// URL, and a row opens the execution drawer (result JSON, log tail, older log chunks).
import { act, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { beforeEach, describe, expect, it } from 'vitest';
import { fakeLayout } from './dom-setup';
import { Root } from '../../src/renderer/src/app/Root';
import { createAppStore } from '../../src/renderer/src/store/app-store';
import { renderStats } from '../../src/renderer/src/stats';
import type { Execution } from '../../src/shared/types';
import { createFakeBridge, makeExecution, type FakeBridge } from './fake-bridge';

const TOTAL = 100_000;
const VIEWPORT = 600;
fakeLayout('[data-testid="history-scroll"]', 1000, VIEWPORT);

function serveHistory(bridge: FakeBridge) {
  bridge['executions.list'].mockImplementation(
    async ({ cursor, limit = 200 }: { cursor?: string; limit?: number }) => {
      const offset = cursor ? Number(cursor) : 0;
      const items: Execution[] = [];
      for (let i = offset; i < Math.min(TOTAL, offset + limit); i++) {
        items.push(
          makeExecution(TOTAL - i, {
            status: i % 7 === 0 ? 'failed' : 'success',
            exitCode: i % 7 === 0 ? 1 : 0,
          }),
        );
      }
      return { items, nextCursor: offset + limit < TOTAL ? String(offset + limit) : null };
    },
  );
}

async function mount(bridge: FakeBridge, hash: string) {
  window.location.hash = hash;
  const store = createAppStore(bridge);
  render(<Root bridge={bridge} store={store} />);
  await screen.findByTestId('history-view');
  return store;
}

function scrollTo(el: HTMLElement, top: number) {
  el.scrollTop = top;
  fireEvent.scroll(el);
}

describe('history list', () => {
  let bridge: FakeBridge;
  beforeEach(() => {
    localStorage.clear();
    bridge = createFakeBridge();
    serveHistory(bridge);
  });

  it('keeps the DOM rows bounded and fetches the next page by cursor while scrolling', async () => {
    await mount(bridge, '#/history');
    await waitFor(() => expect(screen.getAllByTestId('history-row').length).toBeGreaterThan(10));
    const scroller = screen.getByTestId('history-scroll');
    expect(screen.getAllByTestId('history-row').length).toBeLessThanOrEqual(60);
    expect(bridge['executions.list']).toHaveBeenCalledTimes(1);
    expect(bridge['executions.list']).toHaveBeenCalledWith(expect.objectContaining({ limit: 200 }));

    // Scroll near the end of the first page: the next page is requested with the cursor.
    act(() => scrollTo(scroller, 170 * 40));
    await waitFor(() =>
      expect(bridge['executions.list']).toHaveBeenCalledWith(expect.objectContaining({ cursor: '200' })),
    );
    await waitFor(() => expect(screen.getByText(/400 loaded/)).toBeTruthy());
    const visible = screen.getAllByTestId('history-row');
    expect(visible.length).toBeLessThanOrEqual(60);
    const indexes = visible.map((r) => Number(r.dataset.index));
    expect(Math.min(...indexes)).toBeGreaterThan(150);

    // Keep scrolling page after page: still bounded.
    for (let page = 2; page < 6; page++) {
      act(() => scrollTo(scroller, (page * 200 - 30) * 40));
      await waitFor(() =>
        expect(bridge['executions.list']).toHaveBeenCalledWith(
          expect.objectContaining({ cursor: String(page * 200) }),
        ),
      );
    }
    expect(screen.getAllByTestId('history-row').length).toBeLessThanOrEqual(60);
  });

  it('renders only the rows in view on a scroll (historyRowRenders)', async () => {
    await mount(bridge, '#/history');
    await waitFor(() => expect(screen.getAllByTestId('history-row').length).toBeGreaterThan(10));
    const stats = renderStats();
    const before = stats.historyRowRenders;
    act(() => scrollTo(screen.getByTestId('history-scroll'), 40 * 40));
    await waitFor(() =>
      expect(Number(screen.getAllByTestId('history-row')[0].dataset.index)).toBeGreaterThan(20),
    );
    expect(stats.historyRowRenders - before).toBeLessThanOrEqual(60);
  });

  it('recycles its row elements: scrolling shows the new rows in the same elements, in place', async () => {
    await mount(bridge, '#/history');
    await waitFor(() => expect(screen.getAllByTestId('history-row').length).toBeGreaterThan(10));
    const before = screen.getAllByTestId('history-row');
    const scroller = screen.getByTestId('history-scroll');
    act(() => scrollTo(scroller, 25 * 40)); // 25 rows down: some rows stay in view, most change
    await waitFor(() =>
      expect(Math.min(...screen.getAllByTestId('history-row').map((r) => Number(r.dataset.index)))).toBe(17),
    );
    const after = screen.getAllByTestId('history-row');
    // The same elements (identity, not look-alikes), in the same DOM order, none removed or added...
    expect(after).toHaveLength(before.length);
    after.forEach((row, i) => expect(row).toBe(before[i]));
    // ...each showing the row its position says, with that row's execution.
    for (const row of after) {
      const index = Number(row.dataset.index);
      expect(row.dataset.executionId).toBe(String(TOTAL - index));
      expect(row.style.transform).toBe(`translateY(${index * 40}px)`);
      expect(row.getAttribute('aria-rowindex')).toBe(String(index + 2)); // the header row is 1
    }
    const indexes = after.map((r) => Number(r.dataset.index)).sort((a, b) => a - b);
    expect(indexes).toEqual(Array.from({ length: indexes.length }, (_, i) => indexes[0] + i));
  });

  it('is one grid a keyboard moves through: one Tab stop, arrows between rows, Enter and Space open', async () => {
    bridge['executions.get'].mockImplementation(async ({ id }: { id: number }) => makeExecution(id));
    bridge['executions.log'].mockResolvedValue({ text: '', start: 0, end: 0, size: 0 });
    await mount(bridge, '#/history');
    await waitFor(() => expect(screen.getAllByTestId('history-row').length).toBeGreaterThan(10));
    const grid = screen.getByTestId('history-grid');
    expect(grid.getAttribute('role')).toBe('grid');
    // The header row is inside the grid, with one column header per cell of a row.
    const header = within(grid).getAllByRole('columnheader');
    const rowAt = (index: number) =>
      screen.getAllByTestId('history-row').find((r) => r.dataset.index === String(index))!;
    expect(within(rowAt(0)).getAllByRole('gridcell')).toHaveLength(header.length);
    // Roving tabindex: Tab reaches the grid once, on its first row.
    expect(screen.getAllByTestId('history-row').filter((r) => r.tabIndex === 0)).toEqual([rowAt(0)]);

    act(() => rowAt(0).focus());
    fireEvent.keyDown(rowAt(0), { key: 'ArrowDown' });
    await waitFor(() => expect(document.activeElement).toBe(rowAt(1)));
    expect(rowAt(1).tabIndex).toBe(0);
    expect(rowAt(0).tabIndex).toBe(-1);
    fireEvent.keyDown(rowAt(1), { key: 'ArrowUp' });
    await waitFor(() => expect(document.activeElement).toBe(rowAt(0)));

    fireEvent.keyDown(rowAt(0), { key: ' ' });
    await waitFor(() => expect(window.location.hash).toContain(`execution=${TOTAL}`));
    window.location.hash = '#/history';
    await waitFor(() => expect(screen.queryByTestId('execution-drawer')).toBeNull());
    // The URL changed: the list reloads its first page.
    await waitFor(() => expect(rowAt(1)).toBeTruthy());
    fireEvent.keyDown(rowAt(1), { key: 'Enter' });
    await waitFor(() => expect(window.location.hash).toContain(`execution=${TOTAL - 1}`));
  });

  it('takes its filters from the URL and passes them to executions.list', async () => {
    await mount(bridge, '#/history?task=1&status=failed,timed_out&trigger=manual');
    await waitFor(() =>
      expect(bridge['executions.list']).toHaveBeenCalledWith(
        expect.objectContaining({ taskId: 1, status: ['failed', 'timed_out'], trigger: ['manual'] }),
      ),
    );
  });

  it('adds a started execution at the top and updates it in place when it finishes', async () => {
    await mount(bridge, '#/history');
    await waitFor(() => expect(screen.getAllByTestId('history-row').length).toBeGreaterThan(10));
    act(() =>
      bridge.emit('execution.started', {
        execution: makeExecution(TOTAL + 1, {
          status: 'running',
          trigger: 'manual',
          endTime: null,
          durationSeconds: null,
        }),
      }),
    );
    await waitFor(() =>
      expect(screen.getAllByTestId('history-row')[0].dataset.executionId).toBe(String(TOTAL + 1)),
    );
    act(() =>
      bridge.emit('execution.finished', {
        execution: makeExecution(TOTAL + 1, {
          status: 'failed',
          trigger: 'manual',
          exitCode: 3,
          errorMessage: 'exploded',
        }),
        taskName: 'Task 1',
        previousStatus: 'success',
      }),
    );
    await waitFor(() => expect(screen.getAllByTestId('history-row')[0].textContent).toContain('exploded'));
  });

  it('opens the execution drawer: result JSON, log tail, older chunk, re-run', async () => {
    bridge['executions.get'].mockResolvedValue(
      makeExecution(TOTAL, { result: { insert_count: 5, message: 'done' }, exitCode: 0 }),
    );
    bridge['executions.log'].mockImplementation(async ({ before }: { before?: number }) =>
      before === undefined
        ? { text: 'line 3\nline 4\n', start: 100, end: 114, size: 114 }
        : { text: 'line 1\nline 2\n', start: 86, end: 100, size: 114 },
    );
    bridge['executions.rerun'].mockResolvedValue({ executionId: TOTAL + 5 });
    await mount(bridge, '#/history');
    await waitFor(() => expect(screen.getAllByTestId('history-row').length).toBeGreaterThan(10));
    fireEvent.click(screen.getAllByTestId('history-row')[0]);
    await waitFor(() => expect(window.location.hash).toContain(`execution=${TOTAL}`));
    const drawer = await screen.findByTestId('execution-drawer');
    const result = await within(drawer).findByTestId('exec-result');
    expect(JSON.parse(result.textContent!)).toEqual({ insert_count: 5, message: 'done' });
    await waitFor(() => expect(within(drawer).getByTestId('log-text').textContent).toBe('line 3\nline 4\n'));
    fireEvent.click(within(drawer).getByTestId('log-older'));
    await waitFor(() =>
      expect(within(drawer).getByTestId('log-text').textContent).toBe('line 1\nline 2\nline 3\nline 4\n'),
    );
    expect(bridge['executions.log']).toHaveBeenLastCalledWith(
      expect.objectContaining({ id: TOTAL, before: 100 }),
    );
    fireEvent.click(within(drawer).getByTestId('exec-rerun'));
    await waitFor(() => expect(bridge['executions.rerun']).toHaveBeenCalledWith({ id: TOTAL }));
  });

  it('says in the drawer what of the result was dropped, and why', async () => {
    const note = 'summary dropped: 5,000 bytes, over the 4,096 bytes limit';
    bridge['executions.get'].mockResolvedValue(
      makeExecution(TOTAL, { result: { insert_count: 5, result_truncated: true, result_note: note } }),
    );
    bridge['executions.log'].mockResolvedValue({ text: '', start: 0, end: 0, size: 0 });
    await mount(bridge, `#/history?execution=${TOTAL}`);
    const drawer = await screen.findByTestId('execution-drawer');
    const shown = await within(drawer).findByTestId('exec-result-note');
    expect(shown.textContent).toContain('Part of this result was dropped');
    expect(shown.textContent).toContain(note);
  });

  it('shows no note for a whole result', async () => {
    bridge['executions.get'].mockResolvedValue(makeExecution(TOTAL, { result: { insert_count: 5 } }));
    bridge['executions.log'].mockResolvedValue({ text: '', start: 0, end: 0, size: 0 });
    await mount(bridge, `#/history?execution=${TOTAL}`);
    const drawer = await screen.findByTestId('execution-drawer');
    await within(drawer).findByTestId('exec-result');
    expect(within(drawer).queryByTestId('exec-result-note')).toBeNull();
  });

  it('cancels a running execution from the drawer: busy while the other process stops it, then says so', async () => {
    bridge['executions.get'].mockResolvedValue(makeExecution(TOTAL, { status: 'running', exitCode: null }));
    bridge['executions.log'].mockResolvedValue({ text: '', start: 0, end: 0, size: 0 });
    let answer: (value: { cancelled: boolean }) => void = () => {};
    bridge['executions.cancel'].mockImplementation(
      () => new Promise<{ cancelled: boolean }>((resolve) => (answer = resolve)),
    );
    await mount(bridge, `#/history?execution=${TOTAL}`);
    const drawer = await screen.findByTestId('execution-drawer');
    const button = await within(drawer).findByTestId('exec-cancel');
    fireEvent.click(button);
    await waitFor(() => expect(bridge['executions.cancel']).toHaveBeenCalledWith({ id: TOTAL }));
    await waitFor(() => expect(button.className).toContain('ant-btn-loading'));
    await act(async () => answer({ cancelled: true }));
    await waitFor(() => expect(button.className).not.toContain('ant-btn-loading'));
    expect(await screen.findByText('Cancel requested')).toBeTruthy();
  });

  it('says so when the run ended before the cancel arrived', async () => {
    bridge['executions.get'].mockResolvedValue(makeExecution(TOTAL, { status: 'running', exitCode: null }));
    bridge['executions.log'].mockResolvedValue({ text: '', start: 0, end: 0, size: 0 });
    bridge['executions.cancel'].mockResolvedValue({ cancelled: false });
    await mount(bridge, `#/history?execution=${TOTAL}`);
    const drawer = await screen.findByTestId('execution-drawer');
    fireEvent.click(await within(drawer).findByTestId('exec-cancel'));
    expect(await screen.findByText('The run had already ended')).toBeTruthy();
  });
});

describe('pausing a run', () => {
  let bridge: FakeBridge;
  const ID = TOTAL;
  const PAUSED_AT = new Date(2026, 2, 14, 9, 26, 53).getTime();
  const running = () => makeExecution(ID, { status: 'running', exitCode: null, endTime: null });
  const paused = () => ({ ...running(), pausedAt: PAUSED_AT });

  beforeEach(() => {
    localStorage.clear();
    bridge = createFakeBridge();
    serveHistory(bridge);
    bridge['executions.log'].mockResolvedValue({ text: '', start: 0, end: 0, size: 0 });
  });

  async function openDrawer() {
    await mount(bridge, `#/history?execution=${ID}`);
    return screen.findByTestId('execution-drawer');
  }

  it('pauses from the drawer (busy during the call), shows Paused after the event, and resumes', async () => {
    let row = running();
    bridge['executions.get'].mockImplementation(async () => row);
    let answer: (value: { paused: boolean }) => void = () => {};
    bridge['executions.pause'].mockImplementation(
      () => new Promise<{ paused: boolean }>((resolve) => (answer = resolve)),
    );
    bridge['executions.resume'].mockResolvedValue({ resumed: true });
    const drawer = await openDrawer();
    const status = await within(drawer).findByTestId('exec-status');
    expect(status.textContent).toBe('Running');

    const button = await within(drawer).findByTestId('exec-pause');
    expect(button.textContent).toContain('Pause run');
    fireEvent.click(button);
    await waitFor(() => expect(bridge['executions.pause']).toHaveBeenCalledWith({ id: ID }));
    await waitFor(() => expect(button.className).toContain('ant-btn-loading'));
    // The core tells every window; the call's answer comes after.
    row = paused();
    act(() => bridge.emit('execution.pauseChanged', { execution: paused() }));
    await waitFor(() => expect(within(drawer).getByTestId('exec-status').textContent).toBe('Paused'));
    expect(within(drawer).getByTestId('exec-status').dataset.status).toBe('running');
    expect(within(drawer).getByTestId('exec-paused-banner').textContent).toContain(
      'Paused since 2026-03-14 09:26:53',
    );
    await act(async () => answer({ paused: true }));
    expect(await screen.findByText('Run paused')).toBeTruthy();
    const resume = await within(drawer).findByTestId('exec-resume');
    await waitFor(() => expect(resume.className).not.toContain('ant-btn-loading'));
    expect(resume.textContent).toContain('Resume run');
    // Cancel stays offered on a paused run.
    expect(within(drawer).getByTestId('exec-cancel')).toBeTruthy();

    fireEvent.click(resume);
    await waitFor(() => expect(bridge['executions.resume']).toHaveBeenCalledWith({ id: ID }));
    // A resumed run's row may leave pausedAt out altogether.
    row = running();
    act(() => bridge.emit('execution.pauseChanged', { execution: running() }));
    expect(await screen.findByText('Run resumed')).toBeTruthy();
    await waitFor(() => expect(within(drawer).getByTestId('exec-status').textContent).toBe('Running'));
    expect(within(drawer).queryByTestId('exec-paused-banner')).toBeNull();
    expect(within(drawer).getByTestId('exec-pause')).toBeTruthy();
  });

  it("shows the core's error when pausing is not supported (Windows)", async () => {
    bridge['executions.get'].mockResolvedValue(running());
    bridge['executions.pause'].mockRejectedValue(
      Object.assign(new Error('Pausing a run stops its processes with POSIX signals, which Windows lacks'), {
        code: 'UNSUPPORTED',
      }),
    );
    const drawer = await openDrawer();
    const button = await within(drawer).findByTestId('exec-pause');
    fireEvent.click(button);
    expect(
      await screen.findByText('Pausing a run stops its processes with POSIX signals, which Windows lacks'),
    ).toBeTruthy();
    await waitFor(() => expect(button.className).not.toContain('ant-btn-loading'));
    expect(within(drawer).getByTestId('exec-status').textContent).toBe('Running');
  });

  it('says so when there was nothing to pause, and shows the run as it is now', async () => {
    bridge['executions.get']
      .mockResolvedValueOnce(running())
      .mockResolvedValue(makeExecution(ID, { status: 'success' }));
    bridge['executions.pause'].mockResolvedValue({ paused: false });
    const drawer = await openDrawer();
    fireEvent.click(await within(drawer).findByTestId('exec-pause'));
    expect(await screen.findByText('Nothing to pause: the run had ended or was paused already')).toBeTruthy();
    await waitFor(() => expect(within(drawer).getByTestId('exec-status').textContent).toBe('Success'));
    expect(within(drawer).queryByTestId('exec-pause')).toBeNull();
  });

  it('offers no pause for a queued run (it has no process yet)', async () => {
    bridge['executions.get'].mockResolvedValue(makeExecution(ID, { status: 'queued', startTime: null }));
    const drawer = await openDrawer();
    await within(drawer).findByTestId('exec-cancel');
    expect(within(drawer).queryByTestId('exec-pause')).toBeNull();
  });

  it('shows Paused in the history row, Running again on resume, and a late pause never undoes the end', async () => {
    bridge['executions.list'].mockResolvedValue({
      items: [makeExecution(7, { status: 'running', pausedAt: PAUSED_AT, endTime: null })],
      nextCursor: null,
    });
    await mount(bridge, '#/history');
    const statusOf = () => screen.getByTestId('history-row').querySelector('.ck-status') as HTMLElement;
    // Listed paused.
    await waitFor(() => expect(statusOf().textContent).toBe('Paused'));
    expect(statusOf().dataset.status).toBe('running');
    expect(statusOf().dataset.paused).toBe('true');
    expect(statusOf().className).toContain('ck-status-paused');

    // Resumed: the event's execution leaves pausedAt out.
    const resumed = makeExecution(7, { status: 'running', endTime: null });
    act(() => bridge.emit('execution.pauseChanged', { execution: resumed }));
    await waitFor(() => expect(statusOf().textContent).toBe('Running'));
    expect(statusOf().dataset.paused).toBeUndefined();

    act(() =>
      bridge.emit('execution.pauseChanged', { execution: { ...resumed, pausedAt: PAUSED_AT + 5000 } }),
    );
    await waitFor(() => expect(statusOf().textContent).toBe('Paused'));

    // It ends; a pause event that raced the end arrives after it and changes nothing.
    act(() =>
      bridge.emit('execution.finished', {
        execution: makeExecution(7, { status: 'cancelled', exitCode: null }),
        taskName: 'Task 1',
        previousStatus: null,
      }),
    );
    await waitFor(() => expect(statusOf().textContent).toBe('Cancelled'));
    act(() =>
      bridge.emit('execution.pauseChanged', { execution: { ...resumed, pausedAt: PAUSED_AT + 6000 } }),
    );
    expect(statusOf().textContent).toBe('Cancelled');
    // A pause of a run the list does not show adds no row.
    act(() =>
      bridge.emit('execution.pauseChanged', {
        execution: makeExecution(8, { status: 'running', pausedAt: PAUSED_AT }),
      }),
    );
    expect(screen.getAllByTestId('history-row')).toHaveLength(1);
  });
});
