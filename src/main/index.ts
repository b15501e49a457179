// Electron entry point: the shell adapts the core (src/main/core) to a window, a tray and notifications.
import { startShell } from './shell/start';

void startShell();
