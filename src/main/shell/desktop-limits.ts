// What this desktop cannot do, found out once at start so the app can say so instead of failing silently:
// - macOS: notifications (UNUserNotificationCenter) and login items (SMAppService) need an app signed with
//   a Developer ID (login items also notarized). An unsigned or ad-hoc signed build gets neither, and
//   Electron reports no error. We ask `codesign` about our own bundle.
// - Linux: Electron's tray is a StatusNotifierItem; it shows only where a watcher
//   (org.kde.StatusNotifierWatcher on the session bus) hosts it. KDE, Xfce, Cinnamon, Ubuntu's GNOME have
//   one; stock GNOME does not without the AppIndicator extension. We ask D-Bus whether the name has an
//   owner. Unknown (no gdbus, no bus) counts as "no tray": the safe side keeps the window reachable.
import { spawnSync } from 'node:child_process';
import type { DesktopLimit } from '../../shared/contract';

export type SigningState = 'signed' | 'adhoc' | 'unsigned' | 'unknown';

/** Runs a command briefly; null when it could not run. Replaced in tests. */
export type RunCommand = (cmd: string, args: string[]) => { status: number | null; output: string } | null;

export const runCommand: RunCommand = (cmd, args) => {
  const result = spawnSync(cmd, args, { encoding: 'utf8', timeout: 2_000 });
  if (result.error) return null;
  return { status: result.status, output: `${result.stdout ?? ''}${result.stderr ?? ''}` };
};

/** The .app bundle an executable lives in (…/Cronkeeper.app/Contents/MacOS/Cronkeeper), or null. */
export function macBundleOf(executable: string): string | null {
  const match = /^(.*?\.app)\/Contents\/MacOS\//.exec(executable);
  return match ? match[1] : null;
}

/** Reads `codesign -dv --verbose=2 BUNDLE` (it prints to stderr). */
export function parseCodesign(status: number | null, output: string): SigningState {
  if (/not signed at all/i.test(output)) return 'unsigned';
  if (status !== 0) return 'unknown';
  if (/Signature=adhoc/i.test(output)) return 'adhoc';
  if (/^Authority=(Developer ID Application|Apple Development|Apple Distribution)/m.test(output))
    return 'signed';
  return 'unsigned';
}

export function macSigning(executable: string, run: RunCommand = runCommand): SigningState {
  const bundle = macBundleOf(executable);
  if (!bundle) return 'unsigned';
  const result = run('codesign', ['-dv', '--verbose=2', bundle]);
  return result ? parseCodesign(result.status, result.output) : 'unknown';
}

/** True when a StatusNotifierWatcher owns its bus name, false when none does or we cannot tell. */
export function linuxTrayHost(run: RunCommand = runCommand): boolean {
  const result = run('gdbus', [
    'call',
    '--session',
    '--dest',
    'org.freedesktop.DBus',
    '--object-path',
    '/org/freedesktop/DBus',
    '--method',
    'org.freedesktop.DBus.NameHasOwner',
    'org.kde.StatusNotifierWatcher',
  ]);
  return !!result && result.status === 0 && /\(true,?\)/.test(result.output);
}

export interface DesktopFacts {
  platform: NodeJS.Platform;
  /** macOS only. */
  signing?: SigningState;
  /** Linux only. */
  trayHost?: boolean;
}

export function desktopLimits(facts: DesktopFacts): DesktopLimit[] {
  const limits: DesktopLimit[] = [];
  // An unknown answer on macOS (codesign missing) does not block the user: only a known-unsigned build.
  if (facts.platform === 'darwin' && (facts.signing === 'unsigned' || facts.signing === 'adhoc')) {
    limits.push('unsignedMacNotifications', 'unsignedMacLoginItem');
  }
  if (facts.platform === 'linux' && !facts.trayHost) limits.push('noTray');
  return limits;
}

/** Looks at the running app (once, at start): a couple of short commands at most. */
export function probeDesktop(
  platform: NodeJS.Platform,
  executable: string,
  run: RunCommand = runCommand,
): DesktopFacts {
  if (platform === 'darwin') return { platform, signing: macSigning(executable, run) };
  if (platform === 'linux') return { platform, trayHost: linuxTrayHost(run) };
  return { platform };
}
