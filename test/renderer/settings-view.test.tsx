// @vitest-environment jsdom
// The settings view against a fake bridge: a number is saved through settings.update once the user is
// done with it (not per keystroke), with a value the contract accepts (integers, the log cap in bytes);
// an out-of-range value is refused inline, never clamped; the core's error shows under its field until that field saves; and tasks are exported to a JSON download and imported
// through the import dialog (a preview, a choice per name clash, then the apply), with the result or the
// error shown; a binary, oversized or non-UTF-8 file never reaches the core.
import { act, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import './dom-setup';
import { Root } from '../../src/renderer/src/app/Root';
import { createAppStore } from '../../src/renderer/src/store/app-store';
import { channels } from '../../src/shared/contract';
import type { Settings } from '../../src/shared/types';
import { createFakeBridge, defaultSettings, type FakeBridge } from './fake-bridge';

const parseUpdate = (input: unknown) => channels['settings.update'].input.parse(input);

/** What the core does with a valid patch: merge it and answer the new settings. */
function serveSettings(bridge: FakeBridge) {
  let current: Settings = { ...defaultSettings };
  bridge['settings.get'].mockImplementation(async () => ({ ...current }));
  bridge['settings.update'].mockImplementation(async (patch: Partial<Settings>) => {
    current = { ...current, ...parseUpdate(patch) };
    return { ...current };
  });
}

async function mount(bridge: FakeBridge) {
  window.location.hash = '#/settings';
  const store = createAppStore(bridge);
  render(<Root bridge={bridge} store={store} />);
  await screen.findByTestId('settings-view');
  return store;
}

/** Types into an antd InputNumber and leaves it, as a user does. */
function typeNumber(testId: string, value: string) {
  const input = screen.getByTestId(testId);
  fireEvent.focus(input);
  fireEvent.change(input, { target: { value } });
  fireEvent.blur(input);
}

function fieldError(testId: string): string | null {
  const item = screen.getByTestId(testId).closest('.ant-form-item');
  return item?.querySelector('.ant-form-item-explain')?.textContent ?? null;
}

describe('settings view', () => {
  let bridge: FakeBridge;
  beforeEach(() => {
    localStorage.clear();
    bridge = createFakeBridge();
    serveSettings(bridge);
  });

  it('shows the current settings and saves a change through settings.update', async () => {
    const store = await mount(bridge);
    const concurrency = screen.getByTestId('settings-concurrency') as HTMLInputElement;
    expect(concurrency.value).toBe('4');

    fireEvent.focus(concurrency);
    fireEvent.change(concurrency, { target: { value: '8' } });
    expect(bridge['settings.update']).not.toHaveBeenCalled();
    fireEvent.keyDown(concurrency, { key: 'Enter', code: 'Enter', keyCode: 13 });
    await waitFor(() => expect(bridge['settings.update']).toHaveBeenCalledWith({ concurrencyLimit: 8 }));
    await screen.findByText('Settings saved');
    expect(store.getState().settings?.concurrencyLimit).toBe(8);
    expect(concurrency.value).toBe('8');
  });

  it('saves what was typed once, when the field is left: "45" days never saves 4 on the way', async () => {
    await mount(bridge);
    const days = screen.getByTestId('settings-retention-days');
    fireEvent.focus(days);
    fireEvent.change(days, { target: { value: '4' } });
    fireEvent.change(days, { target: { value: '45' } });
    expect(bridge['settings.update']).not.toHaveBeenCalled();
    fireEvent.blur(days);
    await waitFor(() => expect(bridge['settings.update']).toHaveBeenCalledTimes(1));
    expect(bridge['settings.update']).toHaveBeenCalledWith({ retentionDays: 45 });
    // Leaving it again without a change saves nothing.
    fireEvent.focus(days);
    fireEvent.blur(days);
    await screen.findByText('Settings saved');
    expect(bridge['settings.update']).toHaveBeenCalledTimes(1);
  });

  it('sends only values the contract accepts: whole numbers, the log cap in bytes', async () => {
    await mount(bridge);
    typeNumber('settings-retention-days', '7.6');
    typeNumber('settings-log-cap', '2.5');
    await waitFor(() => expect(bridge['settings.update']).toHaveBeenCalledTimes(2));
    const patches = bridge['settings.update'].mock.calls.map(([patch]) => patch as Partial<Settings>);
    for (const patch of patches) expect(() => parseUpdate(patch)).not.toThrow();
    expect(patches).toContainEqual({ retentionDays: 8 });
    expect(patches).toContainEqual({ logSizeCapBytes: 2.5 * 1024 * 1024 });
  });

  it('refuses out-of-range values with an inline error, keeps them in the field, and saves nothing', async () => {
    await mount(bridge);
    typeNumber('settings-concurrency', '0');
    typeNumber('settings-retention-days', '-5');
    typeNumber('settings-log-cap', '0.01');
    await waitFor(() =>
      expect(fieldError('settings-concurrency')).toBe('Not saved: must be a number from 1 to 64'),
    );
    expect(fieldError('settings-retention-days')).toBe('Not saved: must be a number from 0 to 3650');
    expect(fieldError('settings-log-cap')).toBe('Not saved: must be a number from 0.0625 to 1024');
    expect((screen.getByTestId('settings-concurrency') as HTMLInputElement).value).toBe('0');
    expect((screen.getByTestId('settings-retention-days') as HTMLInputElement).value).toBe('-5');
    expect(screen.queryByText('Settings saved')).toBeNull();
    expect(bridge['settings.update']).not.toHaveBeenCalled();

    // A value in range then saves and clears the error.
    typeNumber('settings-concurrency', '64');
    await waitFor(() => expect(bridge['settings.update']).toHaveBeenCalledWith({ concurrencyLimit: 64 }));
    await waitFor(() => expect(fieldError('settings-concurrency')).toBeFalsy());
  });

  it('says beside the retention fields what 0 means, and 0 saves', async () => {
    await mount(bridge);
    expect(screen.getByTestId('settings-retention-days-zero').textContent).toBe(
      '0 keeps every execution forever',
    );
    expect(screen.getByTestId('settings-retention-runs-zero').textContent).toBe('0 means no limit');
    typeNumber('settings-retention-days', '0');
    await waitFor(() => expect(bridge['settings.update']).toHaveBeenCalledWith({ retentionDays: 0 }));
  });

  it("shows the core's error under its field and in the summary, until that field saves", async () => {
    await mount(bridge);
    const validation = Object.assign(new Error('Retention must keep at least one day of failed runs'), {
      code: 'VALIDATION',
      field: 'retentionDays',
    });
    bridge['settings.update'].mockRejectedValueOnce(validation);
    typeNumber('settings-retention-days', '1');
    await waitFor(() =>
      expect(fieldError('settings-retention-days')).toBe(
        'Retention must keep at least one day of failed runs',
      ),
    );
    expect(screen.getByTestId('settings-errors').textContent).toContain(
      'Retention must keep at least one day',
    );
    expect(screen.queryByText('Settings saved')).toBeNull();

    // Another field saving leaves the error where it is; the field itself saving clears it.
    typeNumber('settings-concurrency', '6');
    await waitFor(() => expect(bridge['settings.update']).toHaveBeenLastCalledWith({ concurrencyLimit: 6 }));
    expect(fieldError('settings-retention-days')).toContain('Retention must keep');
    typeNumber('settings-retention-days', '14');
    await waitFor(() => expect(bridge['settings.update']).toHaveBeenLastCalledWith({ retentionDays: 14 }));
    await waitFor(() => expect(fieldError('settings-retention-days')).toBeFalsy());
    expect(screen.queryByTestId('settings-errors')).toBeNull();
  });

  it('exports the tasks as a JSON download of what tasks.export returned', async () => {
    const json = JSON.stringify({ version: 1, tasks: [{ name: 'Backup' }] });
    bridge['tasks.export'].mockResolvedValue({ json });
    const blobs: Blob[] = [];
    const createObjectURL = vi.fn((blob: Blob) => (blobs.push(blob), 'blob:cronkeeper-export'));
    Object.assign(URL, { createObjectURL, revokeObjectURL: vi.fn() });
    const clicked: HTMLAnchorElement[] = [];
    const click = vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (
      this: HTMLAnchorElement,
    ) {
      clicked.push(this);
    });
    try {
      await mount(bridge);
      fireEvent.click(screen.getByTestId('export-tasks'));
      await waitFor(() => expect(clicked).toHaveLength(1));
      expect(bridge['tasks.export']).toHaveBeenCalledWith({});
      expect(clicked[0].href).toBe('blob:cronkeeper-export');
      expect(clicked[0].download).toMatch(/^cronkeeper-tasks-\d{4}-\d{2}-\d{2}\.json$/);
      expect(blobs[0].type).toBe('application/json');
      expect(await blobs[0].text()).toBe(json);
    } finally {
      click.mockRestore();
    }
  });

  it('says why an export failed', async () => {
    bridge['tasks.export'].mockRejectedValue(
      Object.assign(new Error('database is locked'), { code: 'LOCKED' }),
    );
    await mount(bridge);
    fireEvent.click(screen.getByTestId('export-tasks'));
    await screen.findByText('database is locked');
  });

  const PREVIEW = {
    format: 'crontab' as const,
    items: [
      {
        index: 0,
        line: 3,
        entry: null,
        name: 'backup',
        cronExpression: '0 3 * * *',
        command: '/usr/bin/backup <b>bold</b>',
        timezone: 'Europe/Berlin',
        clash: 'existing' as const,
        suggestedName: 'backup (2)',
      },
      {
        index: 1,
        line: 4,
        entry: null,
        name: 'sync',
        cronExpression: '*/5 * * * *',
        command: 'sync',
        timezone: '',
        clash: null,
        suggestedName: null,
      },
    ],
    skipped: [
      {
        line: 5,
        entry: null,
        text: '@reboot agent',
        code: 'reboot' as const,
        reason: '@reboot has no equivalent',
      },
    ],
    notes: [],
  };

  /** Opens the dialog from Settings and picks `file`. */
  async function pickFile(file: File) {
    fireEvent.click(screen.getByTestId('settings-import'));
    const input = (await screen.findByTestId('import-file')) as HTMLInputElement;
    await act(async () => {
      fireEvent.change(input, { target: { files: [file] } });
    });
    return input;
  }

  it('previews a crontab in the import dialog, renames a clash, applies the choices and reloads the tasks', async () => {
    bridge['tasks.importPreview'].mockResolvedValue(PREVIEW);
    bridge['tasks.importApply'].mockResolvedValue({
      created: 2,
      names: ['backup (2)', 'sync'],
      unsupported: [],
    });
    await mount(bridge);
    const listCallsBefore = bridge['tasks.list'].mock.calls.length;
    const text = '0 3 * * * /usr/bin/backup\n';
    await pickFile(new File([text], 'crontab.txt'));
    await waitFor(() => expect(bridge['tasks.importPreview']).toHaveBeenCalledWith({ text, format: 'auto' }));
    await screen.findByText('Read as: Crontab (user) · 2 to create · 1 skipped · name clashes: 1');
    // Text from the file stays text.
    expect(screen.getByText('/usr/bin/backup <b>bold</b>')).toBeTruthy();
    expect(document.querySelector('.ck-import-preview b')).toBeNull();
    expect(screen.getByTestId('import-skipped').textContent).toContain('@reboot is not supported yet');
    // A clash is skipped until renamed.
    expect(screen.getByTestId('import-apply').textContent).toBe('Import 1 task');
    fireEvent.click(screen.getByLabelText('Rename'));
    expect((screen.getByTestId('import-rename') as HTMLInputElement).value).toBe('backup (2)');
    expect(screen.getByTestId('import-apply').textContent).toBe('Import 2 tasks');
    fireEvent.click(screen.getByTestId('import-apply'));
    await waitFor(() =>
      expect(bridge['tasks.importApply']).toHaveBeenCalledWith({
        text,
        format: 'crontab',
        choices: [{ index: 0, action: 'rename', name: 'backup (2)' }],
      }),
    );
    await screen.findByText('Imported 2 tasks');
    await waitFor(() => expect(bridge['tasks.list'].mock.calls.length).toBeGreaterThan(listCallsBefore));
  });

  it('refuses a file that is not UTF-8, naming the byte offset, without calling the core', async () => {
    await mount(bridge);
    const bytes = new Uint8Array([...new TextEncoder().encode('{"name":"caf'), 0xe9, 0x22, 0x7d]);
    await pickFile(new File([bytes], 'latin1.json'));
    await screen.findByText('The file is not valid UTF-8 (byte offset 12); nothing imported');
    expect(bridge['tasks.importPreview']).not.toHaveBeenCalled();
  });

  it('refuses a binary file and a file over the size cap, saying why', async () => {
    await mount(bridge);
    await pickFile(
      new File([new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0])], 'a.png'),
    );
    await screen.findByText(/^This is not a text file/);
    const input = screen.getByTestId('import-file') as HTMLInputElement;
    const big = new File(['x'], 'huge.txt');
    Object.defineProperty(big, 'size', { value: 11 * 1024 * 1024 });
    await act(async () => {
      fireEvent.change(input, { target: { files: [big] } });
    });
    await screen.findByText('The file is 11.0 MB; the app imports files up to 10 MB. Nothing imported.');
    expect(bridge['tasks.importPreview']).not.toHaveBeenCalled();
  });

  it('shows why a preview was refused, and lets the same file be picked again', async () => {
    bridge['tasks.importPreview'].mockRejectedValue(
      Object.assign(new Error('The file is not a Cronkeeper task export'), { code: 'VALIDATION' }),
    );
    await mount(bridge);
    const input = await pickFile(new File(['{"tasks":[]}'], 'bad.json'));
    await screen.findByText('The file is not a Cronkeeper task export');
    expect(screen.queryByTestId('import-preview')).toBeNull();
    expect(input.value).toBe('');
  });
});

afterEach(() => {
  vi.restoreAllMocks();
});

describe('settings view: application log and desktop limits', () => {
  let bridge: FakeBridge;
  beforeEach(() => {
    localStorage.clear();
    bridge = createFakeBridge();
    serveSettings(bridge);
  });

  it('shows where the log is and opens the folder through app.openLogFolder', async () => {
    await mount(bridge);
    expect((await screen.findByTestId('log-folder')).textContent).toContain('/data/logs');
    fireEvent.click(screen.getByTestId('open-log-folder'));
    await waitFor(() => expect(bridge['app.openLogFolder']).toHaveBeenCalledTimes(1));
    expect(screen.queryByText(/Could not open it here/)).toBeNull();
  });

  it('shows the path when the folder could not be opened', async () => {
    bridge['app.openLogFolder'].mockResolvedValue({ opened: false, path: '/data/logs' });
    await mount(bridge);
    fireEvent.click(await screen.findByTestId('open-log-folder'));
    expect(await screen.findByText('Could not open it here. The folder is: /data/logs')).toBeTruthy();
  });

  it('in the browser (no folders to open) shows the path and no button', async () => {
    bridge['app.info'].mockResolvedValue({ logFolder: '/srv/ck/logs', canOpenFolders: false, limits: [] });
    await mount(bridge);
    expect((await screen.findByTestId('log-folder')).textContent).toContain('/srv/ck/logs');
    expect(screen.queryByTestId('open-log-folder')).toBeNull();
    expect(screen.getByText(/A web page cannot open folders/)).toBeTruthy();
  });

  it('says that an unsigned macOS build gets no notifications and no login item, and when no tray shows', async () => {
    bridge['app.info'].mockResolvedValue({
      logFolder: '/data/logs',
      canOpenFolders: true,
      limits: ['unsignedMacNotifications', 'unsignedMacLoginItem', 'noTray'],
    });
    await mount(bridge);
    expect((await screen.findByTestId('limit-unsignedMacNotifications')).textContent).toMatch(
      /not signed: macOS shows notifications only for signed apps/,
    );
    expect(screen.getByTestId('limit-unsignedMacLoginItem').textContent).toMatch(/signed and notarized/);
    expect(screen.getByTestId('limit-noTray').textContent).toMatch(/AppIndicator/);
  });

  it('claims no limit where there is none', async () => {
    await mount(bridge);
    await screen.findByTestId('log-folder');
    expect(screen.queryByTestId('limit-unsignedMacNotifications')).toBeNull();
    expect(screen.queryByTestId('limit-noTray')).toBeNull();
  });
});
