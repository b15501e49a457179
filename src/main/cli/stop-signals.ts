// Which signals stop `cronkeeper serve` gracefully, per platform, and how long running jobs get.
//
// POSIX: SIGTERM (service managers), SIGINT (Ctrl-C) and SIGHUP (the terminal closed: without a handler
// serve would die at once and leave its jobs running). Windows never delivers SIGTERM; libuv maps Ctrl-C to
// SIGINT, Ctrl-Break to SIGBREAK and closing the console window to SIGHUP — after which Windows ends the
// process within a few seconds whatever it does, so that stop gives jobs less time (their Job Objects end
// whatever is left when the process goes).

export const STOP_GRACE_MS = 10_000;
/** Windows console closed: it kills the process about 5-10 s later, so the jobs' grace must be shorter. */
export const CONSOLE_CLOSE_GRACE_MS = 3_000;

export function stopSignals(platform: NodeJS.Platform = process.platform): NodeJS.Signals[] {
  const signals: NodeJS.Signals[] = ['SIGTERM', 'SIGINT', 'SIGHUP'];
  if (platform === 'win32') signals.push('SIGBREAK');
  return signals;
}

export function graceFor(signal: NodeJS.Signals, platform: NodeJS.Platform = process.platform): number {
  return platform === 'win32' && signal === 'SIGHUP' ? CONSOLE_CLOSE_GRACE_MS : STOP_GRACE_MS;
}

/** The process-like object signals arrive on (the real `process`, or a test double). */
export interface SignalSource {
  on(signal: NodeJS.Signals, listener: (signal: NodeJS.Signals) => void): unknown;
  off(signal: NodeJS.Signals, listener: (signal: NodeJS.Signals) => void): unknown;
  once(signal: NodeJS.Signals, listener: (signal: NodeJS.Signals) => void): unknown;
}

/**
 * Resolves with the first stop signal. A second one while stopping means "now": `force` runs (the user
 * gave up waiting for the grace period).
 */
export function waitForStopSignal(
  force: () => void,
  source: SignalSource = process,
  platform: NodeJS.Platform = process.platform,
): Promise<NodeJS.Signals> {
  const signals = stopSignals(platform);
  return new Promise((resolve) => {
    const onSignal = (signal: NodeJS.Signals) => {
      for (const s of signals) source.off(s, onSignal);
      for (const s of signals) source.once(s, force);
      resolve(signal);
    };
    for (const s of signals) source.on(s, onSignal);
  });
}
