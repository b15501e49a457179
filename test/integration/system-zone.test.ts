// A system time-zone change is noticed without a restart: re-read when the scheduler handles a wake or a
// clock jump, and hourly. (Here the "system" zone is changed through TZ; a real OS change also needs
// Node's cache dropped, which refreshSystemTimezone does by touching TZ.)
import { afterEach, describe, expect, it, vi } from 'vitest';
import { refreshSystemTimezone, ZoneWatcher } from '../../src/main/core/timing/system-zone';
import { closeCores, openCore, waitFor } from './scheduler-helpers';

const savedTz = process.env.TZ;
afterEach(async () => {
  await closeCores();
  if (savedTz === undefined) delete process.env.TZ;
  else process.env.TZ = savedTz;
  vi.useRealTimers();
});

describe('system time zone', () => {
  it('refreshSystemTimezone reads the zone as it is now, keeping a TZ the user set', () => {
    process.env.TZ = 'Asia/Tokyo';
    expect(refreshSystemTimezone()).toBe('Asia/Tokyo');
    expect(process.env.TZ).toBe('Asia/Tokyo');
    expect(new Date(Date.UTC(2026, 0, 1)).getHours()).toBe(9);
  });

  it('the watcher re-reads hourly and says when the zone changed', () => {
    vi.useFakeTimers();
    let zone = 'Europe/Berlin';
    const lines: string[] = [];
    const watcher = new ZoneWatcher(
      (l) => lines.push(l),
      () => zone,
    );
    watcher.start();
    zone = 'America/New_York';
    vi.advanceTimersByTime(3_599_000);
    expect(lines).toEqual([]);
    vi.advanceTimersByTime(1_000);
    expect(lines).toEqual([expect.stringMatching(/changed from .* to America\/New_York \(hourly check\)/)]);
    expect(watcher.current).toBe('America/New_York');
    vi.advanceTimersByTime(3_600_000);
    expect(lines).toHaveLength(1); // no change, no line
    watcher.stop();
  });

  it('a wake handled by the scheduler re-reads the zone: the default for new tasks follows', async () => {
    const lines: string[] = [];
    const core = await openCore({ log: (l) => lines.push(l) });
    await core.start();
    const before = (await core.handlers['settings.get']({})).defaultTimezone;
    const other = before === 'Asia/Tokyo' ? 'Pacific/Auckland' : 'Asia/Tokyo';
    process.env.TZ = other; // the OS zone changes while the app runs
    expect(lines.some((l) => /System time zone changed/.test(l))).toBe(false);
    core.scheduler.resume(); // the machine wakes
    await waitFor(() => lines.some((l) => l.includes(`System time zone changed from ${before} to ${other}`)));
    expect((await core.handlers['settings.get']({})).defaultTimezone).toBe(other);
  });
});
