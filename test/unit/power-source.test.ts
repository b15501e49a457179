// The power state as the OS reports it: sysfs trees as laptops, desktops and odd firmware lay them out
// (real files in a temporary folder), `pmset -g batt` output from macOS, and change notifications.
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  linuxPowerState,
  parsePmsetBatt,
  pollingPowerSource,
  pushedPowerSource,
  windowsLineStatus,
  type PowerState,
} from '../../src/main/core/triggers/power-source';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function sysfs(supplies: Record<string, Record<string, string>>): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'ck-power-'));
  dirs.push(dir);
  for (const [name, files] of Object.entries(supplies)) {
    mkdirSync(path.join(dir, name));
    for (const [file, value] of Object.entries(files))
      writeFileSync(path.join(dir, name, file), value + '\n');
  }
  return dir;
}

describe('Linux /sys/class/power_supply', () => {
  it('a laptop on its charger is on AC', async () => {
    const dir = sysfs({ AC: { type: 'Mains', online: '1' }, BAT0: { type: 'Battery', status: 'Charging' } });
    expect(await linuxPowerState(dir)).toBe('ac');
  });

  it('a laptop unplugged is on battery', async () => {
    const dir = sysfs({
      AC: { type: 'Mains', online: '0' },
      BAT0: { type: 'Battery', status: 'Discharging' },
    });
    expect(await linuxPowerState(dir)).toBe('battery');
  });

  it('a desktop or a container without supplies is on AC', async () => {
    expect(await linuxPowerState(sysfs({}))).toBe('ac');
  });

  it("a wireless mouse's battery does not make a desktop battery-powered", async () => {
    const dir = sysfs({ hidpp_battery_0: { type: 'Battery', scope: 'Device', status: 'Discharging' } });
    expect(await linuxPowerState(dir)).toBe('ac');
  });

  it('a USB-C charger counts as AC', async () => {
    const dir = sysfs({
      ucsi_source_psy_USBC000: { type: 'USB', online: '1' },
      BAT1: { type: 'Battery', status: 'Discharging' },
    });
    expect(await linuxPowerState(dir)).toBe('ac');
  });

  it('a missing sysfs folder is unknown', async () => {
    expect(await linuxPowerState('/nonexistent/power_supply')).toBe('unknown');
  });
});

describe('macOS and Windows', () => {
  it('reads pmset -g batt', () => {
    expect(
      parsePmsetBatt(
        "Now drawing from 'Battery Power'\n -InternalBattery-0 (id=4653155)\t87%; discharging; 5:12 remaining present: true\n",
      ),
    ).toBe('battery');
    expect(
      parsePmsetBatt(
        "Now drawing from 'AC Power'\n -InternalBattery-0 (id=4653155)\t100%; charged; 0:00 remaining\n",
      ),
    ).toBe('ac');
    expect(parsePmsetBatt("Now drawing from 'AC Power'\n")).toBe('ac');
    expect(parsePmsetBatt('')).toBe('unknown');
  });

  it("maps GetSystemPowerStatus's ACLineStatus", () => {
    expect(windowsLineStatus(0)).toBe('battery');
    expect(windowsLineStatus(1)).toBe('ac');
    expect(windowsLineStatus(255)).toBe('unknown');
  });
});

describe('power sources', () => {
  it('a polling source reports each change once', async () => {
    vi.useFakeTimers();
    try {
      let now: PowerState = 'ac';
      const source = pollingPowerSource(async () => now, 1_000);
      await vi.advanceTimersByTimeAsync(0);
      expect(source.state()).toBe('ac');
      const seen: PowerState[] = [];
      source.onChange((state) => seen.push(state));
      now = 'battery';
      await vi.advanceTimersByTimeAsync(1_000);
      await vi.advanceTimersByTimeAsync(1_000);
      now = 'ac';
      await vi.advanceTimersByTimeAsync(1_000);
      expect(seen).toEqual(['battery', 'ac']);
      source.close();
    } finally {
      vi.useRealTimers();
    }
  });

  it('a pushed source (the app feeds powerMonitor into it) notifies on change only', () => {
    const source = pushedPowerSource('ac');
    const seen: PowerState[] = [];
    source.onChange((state) => seen.push(state));
    source.set('ac');
    source.set('battery');
    expect(seen).toEqual(['battery']);
    expect(source.state()).toBe('battery');
  });
});
