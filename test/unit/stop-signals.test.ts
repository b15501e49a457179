// Which signals stop `serve` on each platform, with a fake signal source (Windows' SIGBREAK and console
// close cannot be raised here): the first one stops with the platform's grace, a second one forces.
import { EventEmitter } from 'node:events';
import { describe, expect, it, vi } from 'vitest';
import {
  CONSOLE_CLOSE_GRACE_MS,
  graceFor,
  STOP_GRACE_MS,
  stopSignals,
  waitForStopSignal,
  type SignalSource,
} from '../../src/main/cli/stop-signals';

const source = () => new EventEmitter() as EventEmitter & SignalSource;

describe('serve stop signals', () => {
  it('POSIX: SIGTERM, SIGINT and SIGHUP; Windows adds SIGBREAK (Ctrl-Break)', () => {
    expect(stopSignals('linux')).toEqual(['SIGTERM', 'SIGINT', 'SIGHUP']);
    expect(stopSignals('darwin')).toEqual(['SIGTERM', 'SIGINT', 'SIGHUP']);
    expect(stopSignals('win32')).toEqual(['SIGTERM', 'SIGINT', 'SIGHUP', 'SIGBREAK']);
  });

  it.each([
    ['win32', 'SIGBREAK', STOP_GRACE_MS],
    ['win32', 'SIGHUP', CONSOLE_CLOSE_GRACE_MS],
    ['win32', 'SIGINT', STOP_GRACE_MS],
    ['linux', 'SIGHUP', STOP_GRACE_MS],
    ['darwin', 'SIGTERM', STOP_GRACE_MS],
  ] as const)(
    '%s: %s stops with %i ms for the jobs; a second signal forces',
    async (platform, signal, grace) => {
      const events = source();
      const force = vi.fn();
      const stopped = waitForStopSignal(force, events, platform);
      for (const s of stopSignals(platform)) expect(events.listenerCount(s)).toBe(1);
      events.emit(signal, signal);
      expect(await stopped).toBe(signal);
      expect(graceFor(signal, platform)).toBe(grace);
      expect(force).not.toHaveBeenCalled();
      events.emit('SIGINT', 'SIGINT');
      expect(force).toHaveBeenCalledTimes(1);
    },
  );

  it('Windows console close leaves the jobs less time than Windows leaves the process', () => {
    expect(CONSOLE_CLOSE_GRACE_MS).toBeLessThan(5000);
  });
});
