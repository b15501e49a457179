// @vitest-environment jsdom
// The editor's "Triggers and conditions" section against the fake bridge: a chain picked from the task
// list with its condition, start-up, a watched folder, power conditions and a custom webhook reach
// tasks.create as TaskInput.triggers; a chain-only task may have no schedule; a bad webhook URL is
// refused before saving; the core's chain-cycle error is in editor-chain-error.test.tsx.
import { fireEvent, screen, waitFor } from '@testing-library/react';
import { beforeEach, describe, expect, it } from 'vitest';
import './dom-setup';
import { NO_TRIGGERS } from '../../src/shared/triggers';
import { makeTask, type FakeBridge } from './fake-bridge';
import { openEditor, pick, triggerBridge, type } from './trigger-editor-helpers';

describe('editor: triggers and conditions', () => {
  let bridge: FakeBridge;
  beforeEach(() => {
    bridge = triggerBridge();
  });

  it(
    'sends a chain, start-up, folder, power and custom webhook; allows no schedule',
    { timeout: 60_000 },
    async () => {
      bridge['tasks.create'].mockResolvedValue(makeTask(9, { name: 'Report' }));
      const store = await openEditor(bridge);
      type(screen.getByTestId('field-name'), 'Report');
      type(screen.getByTestId('field-command'), 'make report');
      type(screen.getByTestId('field-cron'), '');
      // Without a trigger an empty schedule is refused.
      fireEvent.click(screen.getByTestId('editor-save'));
      expect(await screen.findByTestId('editor-errors')).toBeTruthy();
      expect(screen.queryByTestId('no-schedule')).toBeNull();

      fireEvent.click(screen.getByTestId('chain-add'));
      await pick('chain-upstream-0', 'Import');
      await pick('chain-condition-0', 'On failure');
      expect((await screen.findByTestId('no-schedule')).textContent).toContain(
        'No schedule: runs only on its triggers',
      );
      fireEvent.click(screen.getByTestId('trigger-startup'));
      type(await screen.findByTestId('trigger-startup-delay'), '30');
      fireEvent.click(screen.getByTestId('trigger-watch'));
      type(await screen.findByTestId('trigger-watch-folder'), '/data/inbox');
      type(screen.getByTestId('trigger-watch-glob'), '*.csv');
      fireEvent.click(screen.getByTestId('trigger-only-on-ac'));
      fireEvent.click(screen.getByTestId('trigger-keep-awake'));
      await pick('trigger-webhook-mode', 'Custom URL');
      type(await screen.findByTestId('trigger-webhook-url'), 'ftp://example.com/hook');
      fireEvent.click(screen.getByTestId('editor-save'));
      expect(await screen.findByText('Webhook URL must be an http:// or https:// URL')).toBeTruthy();
      expect(bridge['tasks.create']).not.toHaveBeenCalled();

      type(screen.getByTestId('trigger-webhook-url'), 'https://hooks.example.com/x');
      type(screen.getByTestId('trigger-webhook-secret'), 's3cret');
      fireEvent.click(screen.getByTestId('editor-save'));
      await waitFor(() => expect(store.getState().editor.mode).toBe('closed'));
      const input = bridge['tasks.create'].mock.calls[0][0];
      expect(input.cronExpression).toBe('');
      expect(input.triggers).toEqual({
        ...NO_TRIGGERS,
        chains: [{ upstreamTaskId: 1, condition: 'failure' }],
        onStartup: true,
        startupDelaySeconds: 30,
        watch: { folder: '/data/inbox', glob: '*.csv', debounceMs: 2000 },
        onlyOnAc: true,
        keepAwake: true,
        webhookMode: 'custom',
        webhookUrl: 'https://hooks.example.com/x',
        webhookSecret: 's3cret',
      });
    },
  );
});
