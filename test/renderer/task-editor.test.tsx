// @vitest-environment jsdom
// The task editor against a fake bridge whose schedule.preview is the core's real previewSchedule:
// validation that names the wrong field as you type, words and next runs, presets that round-trip with
// the text, server VALIDATION errors on their field, and a save that sends the whole TaskInput.
import { act, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { beforeEach, describe, expect, it } from 'vitest';
import './dom-setup';
import { previewSchedule } from '../../src/main/core/timing/preview';
import { Root } from '../../src/renderer/src/app/Root';
import { createAppStore, type AppStore } from '../../src/renderer/src/store/app-store';
import { createFakeBridge, makeTask, type FakeBridge } from './fake-bridge';

class ValidationError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly field?: string,
  ) {
    super(message);
  }
}

async function openEditor(bridge: FakeBridge, mode: 'new' | number = 'new'): Promise<AppStore> {
  const store = createAppStore(bridge);
  render(<Root bridge={bridge} store={store} />);
  await waitFor(() => expect(store.getState().tasksLoaded).toBe(true));
  act(() => store.getState().openEditor(mode === 'new' ? { mode: 'new' } : { mode: 'edit', taskId: mode }));
  await screen.findByTestId('field-name');
  return store;
}

const cronInput = () => screen.getByTestId('field-cron') as HTMLInputElement;
const type = (el: HTMLElement, value: string) => fireEvent.change(el, { target: { value } });

describe('task editor', () => {
  let bridge: FakeBridge;
  beforeEach(() => {
    window.location.hash = '#/tasks';
    localStorage.clear();
    bridge = createFakeBridge();
    bridge['schedule.preview'].mockImplementation(
      async ({
        cronExpression,
        timezone,
        count,
      }: {
        cronExpression: string;
        timezone?: string;
        count?: number;
      }) => previewSchedule(cronExpression, timezone || 'UTC', count ?? 10, Date.UTC(2026, 0, 5, 8, 0)),
    );
  });

  it('names the wrong cron field as you type, then shows words and the next 10 runs when fixed', async () => {
    await openEditor(bridge);
    type(cronInput(), '0 25 * * *');
    expect(await screen.findByText(/Hour field: 25 is out of range 0-23/)).toBeTruthy();
    expect(screen.queryByTestId('next-runs')).toBeNull();

    type(cronInput(), '30 9 * * 1-5');
    await waitFor(() => expect(screen.queryByText(/Hour field/)).toBeNull());
    expect((await screen.findByTestId('cron-words')).textContent).toBe('At 09:30, Monday through Friday');
    const runs = within(await screen.findByTestId('next-runs')).getAllByRole('listitem');
    expect(runs).toHaveLength(10);
    expect(runs[0].textContent).toMatch(/01\/05\/2026|2026/);
    expect(runs[0].textContent).toContain('09:30');
    expect(bridge['schedule.preview']).toHaveBeenLastCalledWith(
      expect.objectContaining({ cronExpression: '30 9 * * 1-5' }),
    );
  });

  it("words and next runs agree on cron's day rule: */2 with Monday is Mondays with odd dates", async () => {
    await openEditor(bridge);
    type(cronInput(), '0 0 */2 * 1');
    expect((await screen.findByTestId('cron-words')).textContent).toBe(
      'At 00:00, every 2 days in a month, only if that day is a Monday',
    );
    const runs = within(await screen.findByTestId('next-runs')).getAllByRole('listitem');
    // From Mon 5 Jan 2026: the Mondays with odd dates are the 5th (already past 00:00) -> 19 Jan, 2 Feb...
    const preview = previewSchedule('0 0 */2 * 1', 'UTC', 10, Date.UTC(2026, 0, 5, 8, 0));
    expect(preview.nextRuns.map((t) => new Date(t).getUTCDay())).toEqual(new Array(10).fill(1));
    expect(preview.nextRuns.every((t) => new Date(t).getUTCDate() % 2 === 1)).toBe(true);
    expect(runs).toHaveLength(10);
    expect(runs[0].textContent).toMatch(/^Mon\b.*(01\/19\/2026|2026-01-19)/);
    expect(runs[1].textContent).toMatch(/^Mon\b.*(02\/09\/2026|2026-02-09)/);

    type(cronInput(), '0 4 13 * 0-7');
    await waitFor(() => expect(screen.getByTestId('cron-words').textContent).toBe('At 04:00'));
    type(cronInput(), '0 4 * * FRI-SUN');
    await waitFor(() =>
      expect(screen.getByTestId('cron-words').textContent).toBe('At 04:00, Friday through Sunday'),
    );
  });

  it('debounces the preview: a burst of keystrokes costs one request', async () => {
    await openEditor(bridge);
    await waitFor(() => expect(bridge['schedule.preview']).toHaveBeenCalled());
    const before = bridge['schedule.preview'].mock.calls.length;
    for (const text of ['*', '*/', '*/1', '*/15', '*/15 *', '*/15 * * * *']) type(cronInput(), text);
    await screen.findByText('Every 15 minutes');
    expect(bridge['schedule.preview'].mock.calls.length - before).toBe(1);
  });

  it('presets and the builder round-trip with the text', async () => {
    await openEditor(bridge);
    const preset = screen.getByTestId('cron-builder');
    expect(cronInput().value).toBe('0 9 * * *');
    expect(within(preset).getByText('Daily at')).toBeTruthy();

    type(cronInput(), '*/5 * * * *');
    expect(within(preset).getByText('Every N minutes')).toBeTruthy();
    const every = within(preset).getByRole('spinbutton') as HTMLInputElement;
    expect(every.value).toBe('5');
    fireEvent.change(every, { target: { value: '20' } });
    expect(cronInput().value).toBe('*/20 * * * *');

    type(cronInput(), '15 7 1 * *');
    expect(within(preset).getByText('Monthly on')).toBeTruthy();
    type(cronInput(), '15 7 * 2 *');
    expect(within(preset).getByText('Custom')).toBeTruthy();
  });

  it('cannot save invalid input and says why', async () => {
    await openEditor(bridge);
    type(cronInput(), '0 9 * * 8');
    await screen.findByText(/Day of week field: 8 is out of range 0-7/);
    fireEvent.click(screen.getByTestId('editor-save'));
    const errors = await screen.findByTestId('editor-errors');
    expect(errors.textContent).toContain('Name: required');
    expect(errors.textContent).toContain('Command: required');
    expect(errors.textContent).toContain('Day of week field');
    expect(bridge['tasks.create']).not.toHaveBeenCalled();

    type(screen.getByTestId('field-name'), 'Nightly');
    fireEvent.click(screen.getByText('Add variable'));
    type(await screen.findByLabelText('NAME 1'), '1BAD');
    expect(await screen.findAllByText(/"1BAD": names use letters/)).not.toHaveLength(0);
    fireEvent.click(screen.getByTestId('editor-save'));
    expect(bridge['tasks.create']).not.toHaveBeenCalled();
  });

  it('ties each field to its label and its error: aria-invalid and aria-describedby', async () => {
    await openEditor(bridge);
    // Every field is named by its visible label, selects and number fields included.
    for (const label of [
      'Name',
      'Command',
      'Time zone',
      'Timeout',
      'Retries',
      'If still running',
      'Notify',
    ]) {
      expect(screen.getAllByLabelText(new RegExp(`^${label}`)).length, label).toBeGreaterThan(0);
    }
    const name = screen.getByTestId('field-name');
    expect(name.getAttribute('aria-invalid')).toBeNull();
    type(cronInput(), '0 9 * * 8');
    await screen.findByText(/Day of week field: 8 is out of range 0-7/);
    fireEvent.click(screen.getByTestId('editor-save'));
    await screen.findByTestId('editor-errors');
    const described = (el: HTMLElement) => document.getElementById(el.getAttribute('aria-describedby') ?? '');
    expect(name.getAttribute('aria-invalid')).toBe('true');
    expect(described(name)?.textContent).toBe('required');
    expect(cronInput().getAttribute('aria-invalid')).toBe('true');
    expect(described(cronInput())?.textContent).toMatch(/Day of week field: 8 is out of range/);
    // Fixed, the field is valid again and describes itself by its help text.
    type(name, 'Nightly');
    await waitFor(() => expect(name.getAttribute('aria-invalid')).toBeNull());
    expect(described(screen.getByTestId('field-command'))?.textContent).toBe('required');
  });

  it('saves the whole TaskInput and maps a server VALIDATION error to its field', async () => {
    bridge['tasks.create']
      .mockRejectedValueOnce(
        new ValidationError('VALIDATION', 'Working folder does not exist: /nope', 'workingDir'),
      )
      .mockResolvedValueOnce({ ...makeTask(5, { name: 'Nightly' }) });
    const store = await openEditor(bridge);
    type(screen.getByTestId('field-name'), ' Nightly ');
    type(screen.getByTestId('field-command'), 'echo hi');
    type(screen.getByTestId('field-workdir'), '/nope');
    fireEvent.click(screen.getByText('Add variable'));
    type(await screen.findByLabelText('NAME 1'), 'GREETING');
    type(screen.getByLabelText('value 1'), 'hello world');
    type(cronInput(), '*/10 * * * *');
    await screen.findByText('Every 10 minutes');

    fireEvent.click(screen.getByTestId('editor-save'));
    expect(await screen.findByText('Working folder does not exist: /nope')).toBeTruthy();
    expect(store.getState().editor.mode).toBe('new');
    expect(bridge['tasks.create']).toHaveBeenCalledWith(
      expect.objectContaining({
        name: 'Nightly',
        command: 'echo hi',
        workingDir: '/nope',
        env: { GREETING: 'hello world' },
        cronExpression: '*/10 * * * *',
        overlapPolicy: 'skip',
        misfirePolicy: 'run-once',
      }),
    );

    // Editing the field clears its server error; the second save goes through and closes the editor.
    type(screen.getByTestId('field-workdir'), '/tmp');
    await waitFor(() => expect(screen.queryByText('Working folder does not exist: /nope')).toBeNull());
    fireEvent.click(screen.getByTestId('editor-save'));
    await waitFor(() => expect(store.getState().editor.mode).toBe('closed'));
    expect(bridge['tasks.create']).toHaveBeenCalledTimes(2);
    expect(bridge['tasks.create'].mock.calls[1][0].workingDir).toBe('/tmp');
  });

  it('loads an existing task for editing and sends a patch; test run shows the output', async () => {
    bridge['tasks.get'].mockResolvedValue(
      makeTask(3, { name: 'Report', env: { A: '1' }, cronExpression: '0 6 * * *' }),
    );
    bridge['tasks.update'].mockResolvedValue(makeTask(3, { name: 'Report 2' }));
    bridge['tasks.testRun'].mockResolvedValue({
      status: 'success',
      exitCode: 0,
      durationSeconds: 0.2,
      output: 'hello from test\n',
      errorMessage: null,
    });
    const store = await openEditor(bridge, 3);
    await waitFor(() => expect((screen.getByTestId('field-name') as HTMLInputElement).value).toBe('Report'));
    expect((screen.getByLabelText('NAME 1') as HTMLInputElement).value).toBe('A');
    fireEvent.click(screen.getByTestId('test-run'));
    await screen.findByTestId('test-run-result');
    expect(screen.getByTestId('test-run-output').textContent).toContain('hello from test');
    expect(bridge['tasks.testRun']).toHaveBeenCalledWith(
      expect.objectContaining({ command: 'echo 3', env: { A: '1' } }),
    );

    type(screen.getByTestId('field-name'), 'Report 2');
    await screen.findByTestId('cron-words');
    fireEvent.click(screen.getByTestId('editor-save'));
    await waitFor(() => expect(store.getState().editor.mode).toBe('closed'));
    expect(bridge['tasks.update']).toHaveBeenCalledWith({
      id: 3,
      patch: expect.objectContaining({ name: 'Report 2', env: { A: '1' } }),
    });
  });

  it('output encoding and success codes: loaded, checked, sent; the test run shows its PATH', async () => {
    bridge['tasks.get'].mockResolvedValue(
      makeTask(4, { name: 'Copy', outputEncoding: 'gbk', successExitCodes: [0, 1] }),
    );
    bridge['tasks.update'].mockResolvedValue(makeTask(4, { name: 'Copy' }));
    bridge['tasks.testRun'].mockResolvedValue({
      status: 'success',
      exitCode: 1,
      durationSeconds: 0.1,
      output: '已复制\n',
      errorMessage: null,
      path: '/opt/homebrew/bin:/usr/bin:/bin',
    });
    const store = await openEditor(bridge, 4);
    const codes = () => screen.getByTestId('field-success-codes') as HTMLInputElement;
    await waitFor(() => expect(codes().value).toBe('0, 1'));
    expect(screen.getByTestId('field-encoding').textContent).toContain('gbk');

    fireEvent.click(screen.getByTestId('test-run'));
    expect((await screen.findByTestId('test-run-path')).textContent).toContain(
      '/opt/homebrew/bin:/usr/bin:/bin',
    );
    expect(bridge['tasks.testRun']).toHaveBeenCalledWith(
      expect.objectContaining({ outputEncoding: 'gbk', successExitCodes: [0, 1] }),
    );

    type(codes(), '0, x');
    expect(await screen.findByText(/"x" is not an exit code/)).toBeTruthy();
    fireEvent.click(screen.getByTestId('editor-save'));
    expect(bridge['tasks.update']).not.toHaveBeenCalled();
    type(codes(), '0-3, 8');
    await screen.findByTestId('cron-words');
    fireEvent.click(screen.getByTestId('editor-save'));
    await waitFor(() => expect(store.getState().editor.mode).toBe('closed'));
    expect(bridge['tasks.update']).toHaveBeenCalledWith({
      id: 4,
      patch: expect.objectContaining({ outputEncoding: 'gbk', successExitCodes: [0, 1, 2, 3, 8] }),
    });
  });

  describe('closing a changed editor asks first', () => {
    // Escape itself is pressed in Chromium (test/e2e/ui-operator.test.ts): jsdom's antd ignores it.
    const closeDrawer = () => fireEvent.click(document.querySelector('.ant-drawer-close')!);
    const dialog = () => screen.queryByTestId('editor-unsaved-keep');
    /** Open and not on its way out (jsdom never ends antd's closing animation, so a closed one lingers). */
    const asking = () => {
      const wrap = dialog()?.closest('.ant-modal-wrap') as HTMLElement | null;
      return !!wrap && wrap.style.display !== 'none' && !wrap.querySelector('.ant-modal[class*="-leave"]');
    };

    beforeEach(() => {
      bridge['tasks.get'].mockResolvedValue(makeTask(3, { name: 'Report', cronExpression: '0 6 * * *' }));
      bridge['tasks.update'].mockResolvedValue(makeTask(3, { name: 'Report 2' }));
    });

    async function openChanged() {
      const store = await openEditor(bridge, 3);
      await waitFor(() =>
        expect((screen.getByTestId('field-name') as HTMLInputElement).value).toBe('Report'),
      );
      return store;
    }

    it('closes an unchanged editor at once', async () => {
      const store = await openChanged();
      closeDrawer();
      await waitFor(() => expect(store.getState().editor.mode).toBe('closed'));
      expect(dialog()).toBeNull();
    });

    it('the close button asks; keep editing (focused) keeps the edit', async () => {
      const store = await openChanged();
      type(screen.getByTestId('field-name'), 'Report 2');
      closeDrawer();
      await waitFor(() => expect(dialog()).not.toBeNull());
      expect(store.getState().editor.mode).toBe('edit');
      await waitFor(() => expect(document.activeElement).toBe(dialog()));
      fireEvent.click(dialog()!);
      await waitFor(() => expect(asking()).toBe(false));
      expect((screen.getByTestId('field-name') as HTMLInputElement).value).toBe('Report 2');

      closeDrawer();
      await waitFor(() => expect(asking()).toBe(true));
      fireEvent.click(document.querySelector('.ant-modal-close')!);
      await waitFor(() => expect(asking()).toBe(false));
      expect(store.getState().editor.mode).toBe('edit');
      expect(bridge['tasks.update']).not.toHaveBeenCalled();
    });

    it('discard closes without saving; a typed-back value counts as unchanged', async () => {
      const store = await openChanged();
      type(screen.getByTestId('field-name'), 'Report 2');
      type(screen.getByTestId('field-name'), 'Report');
      fireEvent.click(screen.getByText('Cancel'));
      await waitFor(() => expect(store.getState().editor.mode).toBe('closed'));

      act(() => store.getState().openEditor({ mode: 'edit', taskId: 3 }));
      await waitFor(() =>
        expect((screen.getByTestId('field-name') as HTMLInputElement).value).toBe('Report'),
      );
      type(screen.getByTestId('field-name'), 'Report 2');
      fireEvent.click(screen.getByText('Cancel'));
      fireEvent.click(await screen.findByTestId('editor-unsaved-discard'));
      await waitFor(() => expect(store.getState().editor.mode).toBe('closed'));
      expect(bridge['tasks.update']).not.toHaveBeenCalled();
    });

    it('save in the dialog saves and closes', async () => {
      const store = await openChanged();
      type(screen.getByTestId('field-name'), 'Report 2');
      await screen.findByTestId('cron-words');
      closeDrawer();
      fireEvent.click(await screen.findByTestId('editor-unsaved-save'));
      await waitFor(() => expect(store.getState().editor.mode).toBe('closed'));
      expect(bridge['tasks.update']).toHaveBeenCalledWith({
        id: 3,
        patch: expect.objectContaining({ name: 'Report 2' }),
      });
    });
  });

  it('host tag: trimmed into tasks.create, loaded for edit, and cleared to null in the patch', async () => {
    bridge['tasks.create'].mockResolvedValueOnce(makeTask(6, { name: 'Build', hostTag: 'build-01' }));
    const store = await openEditor(bridge);
    expect(screen.getByText(/Empty: runs on any machine sharing the database/)).toBeTruthy();
    type(screen.getByTestId('field-name'), 'Build');
    type(screen.getByTestId('field-command'), 'make');
    type(screen.getByTestId('host-tag'), ' build-01 ');
    await screen.findByTestId('cron-words');
    fireEvent.click(screen.getByTestId('editor-save'));
    await waitFor(() => expect(store.getState().editor.mode).toBe('closed'));
    expect(bridge['tasks.create']).toHaveBeenCalledWith(expect.objectContaining({ hostTag: 'build-01' }));

    bridge['tasks.get'].mockResolvedValue(makeTask(6, { name: 'Build', hostTag: 'gpu' }));
    bridge['tasks.update'].mockResolvedValue(makeTask(6, { name: 'Build' }));
    act(() => store.getState().openEditor({ mode: 'edit', taskId: 6 }));
    await waitFor(() => expect((screen.getByTestId('host-tag') as HTMLInputElement).value).toBe('gpu'));
    type(screen.getByTestId('host-tag'), '  ');
    await screen.findByTestId('cron-words');
    fireEvent.click(screen.getByTestId('editor-save'));
    await waitFor(() => expect(store.getState().editor.mode).toBe('closed'), { timeout: 5000 });
    expect(bridge['tasks.update']).toHaveBeenCalledWith({
      id: 6,
      patch: expect.objectContaining({ hostTag: null }),
    });
  });
});
