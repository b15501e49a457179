// The app's power state and keep-awake, on the strict Electron double: the change is seen at once where
// Electron emits an event (macOS), and within the poll where it does not (Linux); keep-awake holds one
// 'prevent-app-suspension' blocker per run and releases it once.
import { afterEach, describe, expect, it } from 'vitest';
import { appKeepAwake, appPowerSource } from '../../src/main/shell/power-conditions';
import { fakePlatform, powerMonitor, powerSaveBlocker, resetFake } from './fake-electron';

afterEach(() => resetFake());

describe('app power source', () => {
  it('macOS: the on-battery event makes the change visible at once', async () => {
    fakePlatform.value = 'darwin';
    const source = appPowerSource(powerMonitor, 60_000);
    await expect.poll(() => source.state()).toBe('ac');
    const seen: string[] = [];
    source.onChange((s) => seen.push(s));
    powerMonitor.switchPower(true);
    await expect.poll(() => source.state(), { timeout: 1_000 }).toBe('battery');
    powerMonitor.switchPower(false);
    await expect.poll(() => seen).toEqual(['battery', 'ac']);
    source.close();
    expect(powerMonitor.listenerCount('on-battery')).toBe(0);
  });

  it('Linux: no event, the poll of isOnBatteryPower() finds it', async () => {
    fakePlatform.value = 'linux';
    const source = appPowerSource(powerMonitor, 100);
    await expect.poll(() => source.state()).toBe('ac');
    powerMonitor.switchPower(true);
    await expect.poll(() => source.state(), { timeout: 5_000 }).toBe('battery');
    source.close();
  });
});

describe('app keep-awake', () => {
  it('holds prevent-app-suspension per run and releases it once', async () => {
    const keepAwake = appKeepAwake(powerSaveBlocker);
    const a = await keepAwake(101, 'A');
    const b = await keepAwake(102, 'B');
    expect(a.problem).toBeNull();
    expect(powerSaveBlocker.active.size).toBe(2);
    expect([...powerSaveBlocker.active.values()]).toEqual([
      'prevent-app-suspension',
      'prevent-app-suspension',
    ]);
    a.release();
    a.release();
    expect(powerSaveBlocker.active.size).toBe(1);
    b.release();
    expect(powerSaveBlocker.active.size).toBe(0);
  });
});
