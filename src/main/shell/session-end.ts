// Windows shutdown, restart and log-off. Windows has no powerMonitor "shutdown"; it asks every top-level
// window instead (WM_QUERYENDSESSION, then WM_ENDSESSION), which Electron turns into the window events
// "query-session-end" (preventDefault() delays the end) and "session-end" (after it, the process is
// killed unless a quit is already under way). A quit whose before-quit was prevented is not under way.
//
// So the graceful stop must begin at "query-session-end": we delay the end, stop the core with a short
// grace, and let the quit go through; by "session-end" it is under way. Should Windows (or the user,
// "shut down anyway") end the session first, the log says so, synchronously, before the kill.
//
// The events reach windows only, and with --hidden there is no window: a hidden, never-loaded window
// listens for the whole life of the app.
import { BrowserWindow } from 'electron';

export interface SessionEndTargets {
  /** Begin the graceful quit (called once per session end; must not block). */
  quitSoon: () => void;
  /** The session ends now; true when the core has already stopped. */
  ending: () => boolean;
  /** A synchronous log line (the process may be killed right after). */
  log: (line: string) => void;
}

export function watchSessionEnd(targets: SessionEndTargets): () => void {
  const listener = new BrowserWindow({
    show: false,
    width: 1,
    height: 1,
    skipTaskbar: true,
    focusable: false,
    title: 'Cronkeeper session watcher',
    webPreferences: { sandbox: true, contextIsolation: true, nodeIntegration: false },
  });
  let asked = false;
  listener.on('query-session-end', (event) => {
    // "Can delay the system shutdown": running jobs are recorded as cancelled, not left running.
    event.preventDefault();
    if (asked) return;
    asked = true;
    targets.log(`Windows is ending the session (${event.reasons.join(', ')}): stopping`);
    targets.quitSoon();
  });
  listener.on('session-end', (event) => {
    if (targets.ending()) return;
    targets.log(
      `Windows ended the session (${event.reasons.join(', ')}) before the scheduler stopped: ` +
        'runs still going are recorded as interrupted at the next start',
    );
  });
  return () => {
    if (!listener.isDestroyed()) listener.destroy();
  };
}
