// Where the computer's power comes from, for the power conditions ("only on AC power", "stop if the
// computer switches to battery"). In the app the shell feeds Electron's powerMonitor into a PowerSource;
// in `serve` (no Electron) we ask the OS:
// - Linux: /sys/class/power_supply (a Mains/USB supply online = AC; otherwise a discharging battery = battery);
// - macOS: `pmset -g batt` ("Now drawing from 'Battery Power'");
// - Windows: GetSystemPowerStatus through koffi (ACLineStatus 0 = battery).
// A machine without a battery (a desktop, a server, a container) is on AC. When the state cannot be read,
// it is "unknown", and the conditions let runs go ahead: refusing every run because a file moved would be
// worse than running one on battery. Changes are found by polling every 30 s (sysfs has no reliable events).
import { execFile } from 'node:child_process';
import { readdir, readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';

export type PowerState = 'ac' | 'battery' | 'unknown';

export interface PowerSource {
  /** The power state now (cached by the source; cheap to call at every slot). */
  state(): PowerState;
  /** Calls `listener` when the state changes; returns the unsubscribe. */
  onChange(listener: (state: PowerState) => void): () => void;
  /** Reads the state again now (an OS event said it changed). */
  refresh(): void;
  close(): void;
}

/** Reads a sysfs power_supply folder (or a copy of one, in tests). */
export async function linuxPowerState(dir = '/sys/class/power_supply'): Promise<PowerState> {
  let names: string[];
  try {
    names = await readdir(dir);
  } catch {
    return 'unknown';
  }
  const read = (name: string, file: string) =>
    readFile(path.join(dir, name, file), 'utf8').then(
      (text) => text.trim(),
      () => '',
    );
  let mainsOnline = false;
  let sawMains = false;
  let discharging = false;
  let sawBattery = false;
  for (const name of names) {
    const type = await read(name, 'type');
    if (type === 'Mains' || type === 'USB' || type === 'USB_C' || type === 'USB_PD') {
      sawMains = true;
      if ((await read(name, 'online')) === '1') mainsOnline = true;
    } else if (type === 'Battery') {
      // Peripherals (a mouse, a headset) report batteries too; `scope` says so.
      if ((await read(name, 'scope')) === 'Device') continue;
      sawBattery = true;
      if ((await read(name, 'status')) === 'Discharging') discharging = true;
    }
  }
  if (mainsOnline) return 'ac';
  if (!sawBattery) return 'ac';
  if (discharging) return 'battery';
  // A battery that is not discharging, with no mains supply listed: some firmware reports no Mains node.
  return sawMains ? 'battery' : 'ac';
}

/** Parses `pmset -g batt`. */
export function parsePmsetBatt(text: string): PowerState {
  const from = /Now drawing from '([^']+)'/.exec(text)?.[1];
  if (from === 'AC Power') return 'ac';
  if (from === 'Battery Power') return 'battery';
  // 'UPS Power' and anything new: not a laptop battery we know how to treat.
  return from ? 'ac' : 'unknown';
}

async function macPowerState(): Promise<PowerState> {
  return new Promise((resolve) =>
    execFile('pmset', ['-g', 'batt'], { timeout: 5_000 }, (err, stdout) =>
      resolve(err ? 'unknown' : parsePmsetBatt(String(stdout))),
    ),
  );
}

/** ACLineStatus from GetSystemPowerStatus: 0 offline (battery), 1 online, 255 unknown. */
export function windowsLineStatus(acLineStatus: number): PowerState {
  return acLineStatus === 0 ? 'battery' : acLineStatus === 1 ? 'ac' : 'unknown';
}

let windowsReader: (() => number) | null = null;
async function windowsPowerState(): Promise<PowerState> {
  try {
    if (!windowsReader) {
      const koffi = createRequire(__filename)('koffi') as typeof import('koffi');
      // Registered by name so that the prototype below can refer to it.
      koffi.struct('SYSTEM_POWER_STATUS', {
        ACLineStatus: 'uint8',
        BatteryFlag: 'uint8',
        BatteryLifePercent: 'uint8',
        SystemStatusFlag: 'uint8',
        BatteryLifeTime: 'uint32',
        BatteryFullLifeTime: 'uint32',
      });
      const kernel32 = koffi.load('kernel32.dll');
      const get = kernel32.func('bool __stdcall GetSystemPowerStatus(_Out_ SYSTEM_POWER_STATUS *status)');
      windowsReader = () => {
        const out: { ACLineStatus?: number } = {};
        return get(out) ? (out.ACLineStatus ?? 255) : 255;
      };
    }
    return windowsLineStatus(windowsReader());
  } catch {
    return 'unknown';
  }
}

/** The OS's power state reader for this platform (used by `serve`). */
export function osPowerReader(platform: NodeJS.Platform = process.platform): () => Promise<PowerState> {
  if (platform === 'linux') return () => linuxPowerState();
  if (platform === 'darwin') return macPowerState;
  if (platform === 'win32') return windowsPowerState;
  return async () => 'unknown';
}

export const POWER_POLL_MS = 30_000;

/** A PowerSource that polls `read` (the OS reader, or a test's). */
export function pollingPowerSource(read: () => Promise<PowerState>, pollMs = POWER_POLL_MS): PowerSource {
  let current: PowerState = 'unknown';
  const listeners = new Set<(state: PowerState) => void>();
  let closed = false;
  const poll = async () => {
    const next = await read().catch((): PowerState => 'unknown');
    if (closed || next === current) return;
    current = next;
    for (const listener of listeners) listener(next);
  };
  void poll();
  const timer = setInterval(() => void poll(), pollMs);
  timer.unref();
  return {
    state: () => current,
    onChange(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    refresh: () => void poll(),
    close() {
      closed = true;
      clearInterval(timer);
      listeners.clear();
    },
  };
}

/** A PowerSource pushed by someone else: the shell feeds Electron's powerMonitor events into it. */
export function pushedPowerSource(initial: PowerState): PowerSource & { set(state: PowerState): void } {
  let current = initial;
  const listeners = new Set<(state: PowerState) => void>();
  return {
    state: () => current,
    set(state) {
      if (state === current) return;
      current = state;
      for (const listener of listeners) listener(state);
    },
    onChange(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    refresh: () => undefined,
    close: () => listeners.clear(),
  };
}
