// macOS App Nap: the blocker is held while a run is active or due within a minute and released
// otherwise, through the strict fake powerSaveBlocker; other platforms never take it.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AppNapGuard, DUE_SOON_MS } from '../../src/main/shell/app-nap';
import { powerSaveBlocker, resetFake } from './fake-electron';

let now = 1_000_000;
let running = 0;
let nextDueAt: number | null = null;
const guard = (platform: NodeJS.Platform) =>
  new AppNapGuard({
    powerSaveBlocker,
    platform,
    running: () => running,
    nextDueAt: () => nextDueAt,
    now: () => now,
  });

beforeEach(() => {
  resetFake();
  running = 0;
  nextDueAt = null;
});
afterEach(() => resetFake());

describe('App Nap guard', () => {
  it('macOS: held while a run is active or one is due within a minute, released otherwise', () => {
    const nap = guard('darwin');
    const stop = nap.start();
    expect(nap.holding).toBe(false);

    nextDueAt = now + DUE_SOON_MS + 1_000;
    nap.update();
    expect(nap.holding).toBe(false);

    now += 2_000; // the slot is now 59 s away
    nap.update();
    expect(nap.holding).toBe(true);
    expect([...powerSaveBlocker.active.values()]).toEqual(['prevent-app-suspension']);
    nap.update(); // taken once, not once per check
    expect(powerSaveBlocker.active.size).toBe(1);

    nextDueAt = now + 3_600_000; // the slot fired; a run is going
    running = 1;
    nap.update();
    expect(nap.holding).toBe(true);
    running = 0;
    nap.update();
    expect(nap.holding).toBe(false);
    expect(powerSaveBlocker.active.size).toBe(0);

    running = 2;
    nap.update();
    stop(); // quitting releases it
    expect(powerSaveBlocker.active.size).toBe(0);
    expect(powerSaveBlocker.log).toEqual([
      'start prevent-app-suspension -> 0',
      'stop 0',
      'start prevent-app-suspension -> 1',
      'stop 1',
    ]);
  });

  it.each(['win32', 'linux'] as const)('%s: never takes the blocker (no App Nap there)', (platform) => {
    running = 3;
    nextDueAt = now;
    const nap = guard(platform);
    const stop = nap.start();
    nap.update();
    stop();
    expect(powerSaveBlocker.log).toEqual([]);
  });
});
