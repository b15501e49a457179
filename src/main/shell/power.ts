// Sleep, wake and shutdown reach the scheduler: on suspend it stops its timer; on resume it re-plans and
// applies each task's misfire policy to the slots that passed while asleep; on shutdown the app quits
// gracefully (running executions are given their grace time and recorded as cancelled, not left running).
//
// Linux (logind) and macOS hold a shutdown delay lock for us while a "shutdown" listener exists: the
// returned dispose function releases it, so the shell calls it only once the core has stopped. logind
// waits at most InhibitDelayMaxSec (5 s by default), hence the short SHUTDOWN_GRACE_MS.
import type { PowerMonitor } from 'electron';

/** Grace for running executions when the system shuts down: within logind's default 5 s delay. */
export const SHUTDOWN_GRACE_MS = 3_000;

export interface PowerTargets {
  suspend: () => void;
  resume: () => void;
  /** Quits gracefully; called once. */
  shutdown: () => void;
}

export function watchPower(
  powerMonitor: Pick<PowerMonitor, 'on' | 'removeListener'>,
  targets: PowerTargets,
): () => void {
  const onSuspend = () => targets.suspend();
  const onResume = () => targets.resume();
  let shuttingDown = false;
  // Electron passes an event (its typings omit it): preventDefault asks Linux and macOS to wait while we
  // stop cleanly, and then we quit ourselves.
  const onShutdown = (...args: unknown[]) => {
    (args[0] as { preventDefault?: () => void } | undefined)?.preventDefault?.();
    if (shuttingDown) return;
    shuttingDown = true;
    targets.shutdown();
  };
  powerMonitor.on('suspend', onSuspend);
  powerMonitor.on('resume', onResume);
  powerMonitor.on('shutdown', onShutdown);
  return () => {
    powerMonitor.removeListener('suspend', onSuspend);
    powerMonitor.removeListener('resume', onResume);
    powerMonitor.removeListener('shutdown', onShutdown);
  };
}
