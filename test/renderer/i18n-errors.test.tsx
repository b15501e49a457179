// @vitest-environment jsdom
// Errors in the UI language (issue 18, item 9): the fake bridge rejects with wire errors made by the real
// core code (the dispatcher's validation, the core's own errors, serialized and sent as the preload
// sends them), and the app shows them in Chinese: a server validation error on its field, the editor's
// own checks, the Database setting's check, a History error, and the import dialog when every item is
// skipped. A change of language is confirmed in the new language.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { act, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { beforeEach, describe, expect, it } from 'vitest';
import './dom-setup';
import { validateInput } from '../../src/main/core/boundary/dispatcher';
import { readDatabaseSetting } from '../../src/main/core/database-setting';
import { decodeCursor } from '../../src/main/core/store/history-sql';
import { serializeError } from '../../src/main/core/errors';
import { previewSchedule } from '../../src/main/core/timing/preview';
import { toBridgeError } from '../../src/preload/bridge';
import { Root } from '../../src/renderer/src/app/Root';
import { createAppStore } from '../../src/renderer/src/store/app-store';
import type { ChannelName } from '../../src/shared/contract';
import { createFakeBridge, defaultSettings, type FakeBridge } from './fake-bridge';

/** What the preload rejects with when the core refuses `input` on `channel` (the real validation). */
function refusal(channel: ChannelName, input: unknown) {
  const checked = validateInput(channel, input);
  if (checked.ok) throw new Error(`${channel} accepted the input`);
  return toBridgeError(checked.error);
}

/** What the preload rejects with when the core throws `run()`'s error. */
function thrownBy(run: () => unknown) {
  try {
    run();
  } catch (err) {
    return toBridgeError(serializeError(err));
  }
  throw new Error('nothing was thrown');
}

const type = (el: HTMLElement, value: string) => fireEvent.change(el, { target: { value } });

async function mount(bridge: FakeBridge, hash: string) {
  window.location.hash = hash;
  const store = createAppStore(bridge);
  render(<Root bridge={bridge} store={store} />);
  return store;
}

/** The tasks view with a new task's editor open; the core will refuse its save (a timeout of 8 days). */
async function openEditorRefusingLongTimeout(bridge: FakeBridge): Promise<HTMLElement> {
  const tooLong = {
    name: 'ok',
    command: 'true',
    cronExpression: '0 2 * * *',
    timeoutSeconds: 8 * 24 * 3600,
  };
  bridge['tasks.create'].mockRejectedValueOnce(refusal('tasks.create', tooLong));
  const store = await mount(bridge, '#/tasks');
  await waitFor(() => expect(store.getState().tasksLoaded).toBe(true));
  act(() => store.getState().openEditor({ mode: 'new' }));
  return screen.findByTestId('field-name');
}

describe('errors in Chinese', () => {
  let bridge: FakeBridge;
  beforeEach(() => {
    localStorage.clear();
    bridge = createFakeBridge();
    bridge['settings.get'].mockResolvedValue({ ...defaultSettings, language: 'zh-CN' });
    bridge['schedule.preview'].mockImplementation(async ({ cronExpression }: { cronExpression: string }) =>
      previewSchedule(cronExpression, 'UTC', 10, Date.UTC(2026, 0, 5, 8, 0)),
    );
  });

  it("the editor's own checks and a server validation error on its field", async () => {
    const name = await openEditorRefusingLongTimeout(bridge);
    type(name, 'N'.repeat(201));
    type(screen.getByTestId('field-success-codes'), '0, x');
    type(screen.getByTestId('field-command'), 'true');
    type(screen.getByTestId('field-cron'), '0 2 * * *');
    fireEvent.click(screen.getByTestId('editor-save'));
    const errors = await screen.findByTestId('editor-errors');
    // The field is named once (issue 18): "名称：最多 200 个字符", not "名称: 名称最多 200 个字符".
    expect(errors.textContent).toContain('名称：最多 200 个字符');
    expect(errors.textContent).not.toContain('名称最多');
    expect(errors.textContent).toContain('“x”不是退出码（请用 0、1 或 0-7 这样的数字）');
    expect(errors.textContent).not.toMatch(/at most|is not an exit code/);

    type(name, 'ok');
    type(screen.getByTestId('field-success-codes'), '0');
    await waitFor(() => expect(screen.queryByTestId('editor-errors')).toBeNull());
    fireEvent.click(screen.getByTestId('editor-save'));
    // The core's "timeoutSeconds: Timeout is at most 7 days", by its own code: the reason it gives.
    await waitFor(() => expect(screen.getByTestId('editor-errors').textContent).toContain('超时：最长 7 天'));
    expect(screen.queryByText(/Timeout is at most/)).toBeNull();
  });

  it("a schedule's error in the editor's list of errors", async () => {
    const store = await mount(bridge, '#/tasks');
    await waitFor(() => expect(store.getState().tasksLoaded).toBe(true));
    act(() => store.getState().openEditor({ mode: 'new' }));
    type(await screen.findByTestId('field-name'), 'ok');
    type(screen.getByTestId('field-command'), 'true');
    type(screen.getByTestId('field-cron'), '0 25 * * *');
    await screen.findAllByText('小时字段：25 超出范围 0-23');
    fireEvent.click(screen.getByTestId('editor-save'));
    const errors = await screen.findByTestId('editor-errors');
    expect(errors.textContent).toContain('小时字段：25 超出范围 0-23');
    expect(errors.textContent).not.toContain('Hour field');
  });

  it('a schedule the core refuses to preview (too long)', async () => {
    const cron = `0 1 * * * ${'x'.repeat(200)}`;
    bridge['schedule.preview'].mockImplementation(async (input: unknown) => {
      throw refusal('schedule.preview', input);
    });
    const store = await mount(bridge, '#/tasks');
    await waitFor(() => expect(store.getState().tasksLoaded).toBe(true));
    act(() => store.getState().openEditor({ mode: 'new' }));
    type(await screen.findByTestId('field-cron'), cron);
    expect((await screen.findAllByText('最多 200 个字符')).length).toBeGreaterThan(0);
    expect(screen.queryByText(/at most/)).toBeNull();
  });

  it("the Database setting's check", async () => {
    await mount(bridge, '#/settings');
    await screen.findByTestId('database-section');
    type(screen.getByTestId('database-url'), 'mysql://u:p@h/db');
    fireEvent.click(screen.getByTestId('database-save'));
    expect(
      await screen.findByText(
        '请使用 postgres:// 或 postgresql:// URL，例如 postgres://user:password@host:5432/cronkeeper',
      ),
    ).toBeTruthy();
    expect(bridge['database.set']).not.toHaveBeenCalled();
  });

  it("the Database setting's file, when the core cannot read it", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ck-db-setting-'));
    fs.writeFileSync(path.join(dir, 'database.json'), JSON.stringify({ url: 'mysql://db/x' }));
    bridge['database.get'].mockRejectedValue(thrownBy(() => readDatabaseSetting(dir)));
    await mount(bridge, '#/settings');
    const file = path.join(dir, 'database.json');
    expect(await screen.findByText(`${file}：“url”必须是 postgres:// 或 postgresql:// URL`)).toBeTruthy();
  });

  it('an error of the History list', async () => {
    bridge['executions.list'].mockRejectedValue(thrownBy(() => decodeCursor('no cursor')));
    await mount(bridge, '#/history');
    expect(await screen.findByText('无效的历史记录游标')).toBeTruthy();
    expect(screen.queryByText('Invalid history cursor')).toBeNull();
  });

  it.each([
    ['zh-CN', '没有可导入的任务：全部已跳过'],
    ['en', 'Nothing to import: every task is skipped'],
  ] as const)(
    'the import dialog when every item is skipped (%s): a disabled button that says so',
    async (language, text) => {
      bridge['settings.get'].mockResolvedValue({ ...defaultSettings, language });
      bridge['tasks.importPreview'].mockResolvedValue({
        format: 'crontab',
        items: [],
        skipped: [{ line: 1, entry: null, text: '@reboot agent', code: 'reboot', reason: '@reboot' }],
        notes: [],
      });
      await mount(bridge, '#/settings');
      fireEvent.click(await screen.findByTestId('settings-import'));
      const input = (await screen.findByTestId('import-file')) as HTMLInputElement;
      await act(async () => {
        fireEvent.change(input, { target: { files: [new File(['@reboot agent\n'], 'crontab')] } });
      });
      await waitFor(() => expect(bridge['tasks.importPreview']).toHaveBeenCalled());
      const apply = screen.getByTestId('import-apply') as HTMLButtonElement;
      await waitFor(() => expect(apply.textContent).toBe(text));
      expect(apply.disabled).toBe(true);
    },
  );

  it('a change of language is confirmed in the new language', async () => {
    bridge['settings.update'].mockImplementation(async (patch: object) => ({
      ...defaultSettings,
      language: 'zh-CN',
      ...patch,
    }));
    await mount(bridge, '#/settings');
    const select = await screen.findByTestId('settings-language');
    fireEvent.mouseDown(select.querySelector('.ant-select-selector') ?? select);
    fireEvent.click(await screen.findByTitle('English'));
    await waitFor(() => expect(bridge['settings.update']).toHaveBeenCalledWith({ language: 'en' }));
    expect(await screen.findByText('Settings saved')).toBeTruthy();
    expect(screen.queryByText('设置已保存')).toBeNull();
  });
});

describe("the editor's list of errors, in English", () => {
  it("names each field once: its own checks and the core's", async () => {
    localStorage.clear();
    const bridge = createFakeBridge();
    bridge['settings.get'].mockResolvedValue({ ...defaultSettings, language: 'en' });
    bridge['schedule.preview'].mockImplementation(async ({ cronExpression }: { cronExpression: string }) =>
      previewSchedule(cronExpression, 'UTC', 10, Date.UTC(2026, 0, 5, 8, 0)),
    );
    const name = await openEditorRefusingLongTimeout(bridge);
    type(name, 'N'.repeat(201));
    type(screen.getByTestId('field-cron'), '0 2 * * *');
    fireEvent.click(screen.getByTestId('editor-save'));
    const errors = await screen.findByTestId('editor-errors');
    expect(errors.textContent).toContain('Name: at most 200 characters');
    expect(errors.textContent).toContain('Command: required');
    expect(errors.textContent).not.toMatch(/Name is|Command is/);

    type(name, 'ok');
    type(screen.getByTestId('field-command'), 'true');
    await waitFor(() => expect(screen.queryByTestId('editor-errors')).toBeNull());
    fireEvent.click(screen.getByTestId('editor-save'));
    await waitFor(() =>
      expect(screen.getByTestId('editor-errors').textContent).toContain('Timeout: at most 7 days'),
    );
    expect(screen.getByTestId('editor-errors').textContent).not.toContain('Timeout is');
  });
});
