// The app's side of the power conditions: the power state from Electron's powerMonitor, and "keep the
// computer awake" through powerSaveBlocker. powerMonitor's 'on-battery' event exists only on macOS and
// 'on-ac' only on macOS and Windows (Electron 45 typings), so the state is also read every 30 s with
// isOnBatteryPower(), which every platform has (Linux answers through UPower); the events just make the
// change seen at once where they exist.
import type { PowerMonitor, PowerSaveBlocker } from 'electron';
import type { KeepAwake } from '../core/triggers/keep-awake';
import { pollingPowerSource, POWER_POLL_MS, type PowerSource } from '../core/triggers/power-source';

/** The part of powerMonitor we use (typed loosely on `on`'s return, which the test double also satisfies). */
export interface PowerEvents {
  on(event: 'on-ac' | 'on-battery', listener: () => void): unknown;
  removeListener(event: 'on-ac' | 'on-battery', listener: () => void): unknown;
  isOnBatteryPower: PowerMonitor['isOnBatteryPower'];
}

export function appPowerSource(powerMonitor: PowerEvents, pollMs = POWER_POLL_MS): PowerSource {
  const source = pollingPowerSource(async () => (powerMonitor.isOnBatteryPower() ? 'battery' : 'ac'), pollMs);
  const changed = () => source.refresh();
  powerMonitor.on('on-battery', changed);
  powerMonitor.on('on-ac', changed);
  return {
    ...source,
    close() {
      powerMonitor.removeListener('on-battery', changed);
      powerMonitor.removeListener('on-ac', changed);
      source.close();
    },
  };
}

/** Holds 'prevent-app-suspension' (the system stays up; the display may sleep) for each run that asks. */
export function appKeepAwake(
  powerSaveBlocker: Pick<PowerSaveBlocker, 'start' | 'stop' | 'isStarted'>,
): KeepAwake {
  return async () => {
    const id = powerSaveBlocker.start('prevent-app-suspension');
    let released = false;
    return {
      problem: null,
      release() {
        if (released) return;
        released = true;
        if (powerSaveBlocker.isStarted(id)) powerSaveBlocker.stop(id);
      },
    };
  };
}
