// @vitest-environment jsdom
// Settings → Default webhook: the URL is checked as you type (http/https only) and a bad one never
// reaches the core; a good one, "when" and the secret are saved through settings.update (parsed by the
// contract's own schema, as the core does); emptying the URL removes the default.
import { fireEvent, render, screen, waitFor } from '@testing-library/react';
import { beforeEach, describe, expect, it } from 'vitest';
import './dom-setup';
import { Root } from '../../src/renderer/src/app/Root';
import { createAppStore } from '../../src/renderer/src/store/app-store';
import { channels } from '../../src/shared/contract';
import type { Settings } from '../../src/shared/types';
import { createFakeBridge, defaultSettings, type FakeBridge } from './fake-bridge';

function serveSettings(bridge: FakeBridge) {
  let current: Settings = { ...defaultSettings };
  bridge['settings.get'].mockImplementation(async () => ({ ...current }));
  bridge['settings.update'].mockImplementation(async (patch: Partial<Settings>) => {
    current = { ...current, ...channels['settings.update'].input.parse(patch) };
    return { ...current };
  });
}

const explain = (testId: string) =>
  screen.getByTestId(testId).closest('.ant-form-item')?.querySelector('.ant-form-item-explain')
    ?.textContent ?? null;

describe('settings: default webhook', () => {
  let bridge: FakeBridge;
  beforeEach(() => {
    localStorage.clear();
    bridge = createFakeBridge();
    serveSettings(bridge);
    window.location.hash = '#/settings';
  });

  it('validates the URL inline and saves URL, when and secret', async () => {
    render(<Root bridge={bridge} store={createAppStore(bridge)} />);
    const url = (await screen.findByTestId('settings-webhook-url')) as HTMLInputElement;
    fireEvent.change(url, { target: { value: 'javascript:alert(1)' } });
    await waitFor(() =>
      expect(explain('settings-webhook-url')).toBe('Webhook URL must be an http:// or https:// URL'),
    );
    expect(url.getAttribute('aria-invalid')).toBe('true');
    fireEvent.blur(url);
    expect(bridge['settings.update']).not.toHaveBeenCalled();

    fireEvent.change(url, { target: { value: 'https://chat.example.com/hook' } });
    await waitFor(() => expect(url.getAttribute('aria-invalid')).toBeNull());
    fireEvent.blur(url);
    await waitFor(() =>
      expect(bridge['settings.update']).toHaveBeenCalledWith({ webhookUrl: 'https://chat.example.com/hook' }),
    );

    const secret = screen.getByTestId('settings-webhook-secret');
    fireEvent.change(secret, { target: { value: 'k3y' } });
    fireEvent.blur(secret);
    await waitFor(() => expect(bridge['settings.update']).toHaveBeenCalledWith({ webhookSecret: 'k3y' }));

    fireEvent.change(url, { target: { value: '' } });
    fireEvent.blur(url);
    await waitFor(() => expect(bridge['settings.update']).toHaveBeenLastCalledWith({ webhookUrl: '' }));
  });
});
