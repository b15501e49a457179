// What the desktop cannot do, found out at start: codesign's verdict on our macOS bundle, and whether a
// StatusNotifierWatcher (the tray host) owns its D-Bus name on Linux. Commands replaced by a fake runner.
import { describe, expect, it, vi } from 'vitest';
import {
  desktopLimits,
  linuxTrayHost,
  macBundleOf,
  macSigning,
  parseCodesign,
  probeDesktop,
  type RunCommand,
} from '../../src/main/shell/desktop-limits';

const runner = (status: number | null, output: string) => vi.fn<RunCommand>(() => ({ status, output }));

describe('macOS signing', () => {
  it('finds the bundle of the executable', () => {
    expect(macBundleOf('/Applications/Cronkeeper.app/Contents/MacOS/Cronkeeper')).toBe(
      '/Applications/Cronkeeper.app',
    );
    expect(macBundleOf('/usr/local/bin/node')).toBeNull();
  });

  it('reads codesign: Developer ID signed, ad-hoc, unsigned, unknown', () => {
    const signed =
      'Executable=/A.app/Contents/MacOS/A\nAuthority=Developer ID Application: X (ABCDE12345)\nAuthority=Developer ID Certification Authority\n';
    expect(parseCodesign(0, signed)).toBe('signed');
    expect(parseCodesign(0, 'Executable=/A.app\nSignature=adhoc\n')).toBe('adhoc');
    expect(parseCodesign(1, '/A.app: code object is not signed at all\n')).toBe('unsigned');
    expect(parseCodesign(1, 'codesign: something else\n')).toBe('unknown');
  });

  it('asks codesign about the bundle; no bundle (a bare binary) is unsigned; no codesign is unknown', () => {
    const run = runner(0, 'Signature=adhoc\n');
    expect(macSigning('/Applications/Cronkeeper.app/Contents/MacOS/Cronkeeper', run)).toBe('adhoc');
    expect(run).toHaveBeenCalledWith('codesign', ['-dv', '--verbose=2', '/Applications/Cronkeeper.app']);
    expect(macSigning('/opt/cronkeeper', run)).toBe('unsigned');
    expect(macSigning('/A.app/Contents/MacOS/A', () => null)).toBe('unknown');
  });
});

describe('Linux tray host', () => {
  it('is there when org.kde.StatusNotifierWatcher has an owner', () => {
    const run = runner(0, '(true,)\n');
    expect(linuxTrayHost(run)).toBe(true);
    expect(run.mock.calls[0][1]).toContain('org.kde.StatusNotifierWatcher');
    expect(linuxTrayHost(runner(0, '(false,)\n'))).toBe(false);
  });

  it('counts "cannot tell" (no gdbus, no session bus) as no tray: the window stays reachable', () => {
    expect(linuxTrayHost(() => null)).toBe(false);
    expect(linuxTrayHost(runner(1, 'Error: Cannot autolaunch D-Bus without X11 $DISPLAY'))).toBe(false);
  });
});

describe('limits', () => {
  it('per platform', () => {
    expect(desktopLimits({ platform: 'darwin', signing: 'unsigned' })).toEqual([
      'unsignedMacNotifications',
      'unsignedMacLoginItem',
    ]);
    expect(desktopLimits({ platform: 'darwin', signing: 'adhoc' })).toHaveLength(2);
    expect(desktopLimits({ platform: 'darwin', signing: 'signed' })).toEqual([]);
    // codesign missing: do not block the user on a guess.
    expect(desktopLimits({ platform: 'darwin', signing: 'unknown' })).toEqual([]);
    expect(desktopLimits({ platform: 'linux', trayHost: false })).toEqual(['noTray']);
    expect(desktopLimits({ platform: 'linux', trayHost: true })).toEqual([]);
    expect(desktopLimits({ platform: 'win32' })).toEqual([]);
  });

  it('probes only what the platform needs', () => {
    const run = runner(0, '(true,)');
    expect(probeDesktop('win32', 'C:\\\\x.exe', run)).toEqual({ platform: 'win32' });
    expect(run).not.toHaveBeenCalled();
    expect(probeDesktop('linux', '/x', run)).toEqual({ platform: 'linux', trayHost: true });
  });
});
