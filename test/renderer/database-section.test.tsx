// @vitest-environment jsdom
// Settings → Database against a fake bridge that validates with the contract's schema: what is in use,
// a URL checked before it is sent (a clear error otherwise), saved and cleared through database.set, the
// restart note, and the warning when a flag or environment variable overrides the file.
import { fireEvent, render, screen, waitFor } from '@testing-library/react';
import { beforeEach, describe, expect, it } from 'vitest';
import './dom-setup';
import { Root } from '../../src/renderer/src/app/Root';
import { createAppStore } from '../../src/renderer/src/store/app-store';
import { channels } from '../../src/shared/contract';
import type { DatabaseInfo } from '../../src/shared/types';
import { createFakeBridge, embeddedDatabase, type FakeBridge } from './fake-bridge';

const sqlite: DatabaseInfo = embeddedDatabase;

async function mount(bridge: FakeBridge) {
  window.location.hash = '#/settings';
  render(<Root bridge={bridge} store={createAppStore(bridge)} />);
  await screen.findByTestId('database-section');
}

describe('settings: database section', () => {
  let bridge: FakeBridge;
  beforeEach(() => {
    localStorage.clear();
    bridge = createFakeBridge();
  });

  it('shows the SQLite file, refuses a non-PostgreSQL URL, saves one and clears it', async () => {
    bridge['database.get'].mockResolvedValue(sqlite);
    bridge['database.set'].mockImplementation(async (input: unknown) => {
      const { url } = channels['database.set'].input.parse(input);
      return { ...sqlite, fileUrl: url === null ? null : url.replace(/:[^:@/]*@/, '@') };
    });
    await mount(bridge);
    await waitFor(() =>
      expect(screen.getByTestId('database-in-use').textContent).toContain(
        'Embedded SQLite: /data/cronkeeper.db',
      ),
    );
    expect(screen.getByTestId('database-restart').textContent).toContain(
      'take effect after Cronkeeper restarts',
    );
    expect(screen.queryByTestId('database-overridden')).toBeNull();
    expect(screen.queryByTestId('database-clear')).toBeNull();

    fireEvent.change(screen.getByTestId('database-url'), { target: { value: 'mysql://u:p@h/db' } });
    fireEvent.click(screen.getByTestId('database-save'));
    expect(await screen.findByText(/Use a postgres:\/\/ or postgresql:\/\/ URL/)).toBeTruthy();
    expect(bridge['database.set']).not.toHaveBeenCalled();

    fireEvent.change(screen.getByTestId('database-url'), {
      target: { value: ' postgres://ops:pw@db.example:5432/team ' },
    });
    fireEvent.click(screen.getByTestId('database-save'));
    await waitFor(() =>
      expect(bridge['database.set']).toHaveBeenCalledWith({ url: 'postgres://ops:pw@db.example:5432/team' }),
    );
    await waitFor(() =>
      expect(screen.getByTestId('database-file-url').textContent).toBe(
        'Saved setting: postgres://ops@db.example:5432/team',
      ),
    );
    expect((screen.getByTestId('database-url') as HTMLInputElement).value).toBe('');

    fireEvent.click(screen.getByTestId('database-clear'));
    await waitFor(() => expect(bridge['database.set']).toHaveBeenLastCalledWith({ url: null }));
    await waitFor(() =>
      expect(screen.getByTestId('database-file-url').textContent).toContain('No shared database'),
    );
  });

  it('shows a shared PostgreSQL database without a password and warns when a flag overrides the file', async () => {
    bridge['database.get'].mockResolvedValue({
      engine: 'postgres',
      location: 'db.example:5432/team',
      url: 'postgres://ops@db.example:5432/team',
      source: 'flag',
      fileUrl: 'postgres://other@file.example:5432/x',
      fileOverridden: true,
    } satisfies DatabaseInfo);
    await mount(bridge);
    await waitFor(() =>
      expect(screen.getByTestId('database-in-use').textContent).toContain(
        'Shared PostgreSQL: db.example:5432/team',
      ),
    );
    expect(screen.getByTestId('database-section').textContent).toContain('from --database-url');
    expect(screen.getByTestId('database-overridden').textContent).toContain('overrides the setting below');
  });
});
