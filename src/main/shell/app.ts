// Placeholder shell: replaced by the Electron shell issue.
import { app, BrowserWindow } from 'electron';
import path from 'node:path';

export async function startShell(): Promise<void> {
  await app.whenReady();
  const win = new BrowserWindow({
    width: 1200,
    height: 800,
    webPreferences: {
      preload: path.join(__dirname, '../preload/index.js'),
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
    },
  });
  await win.loadFile(path.join(__dirname, '../renderer/index.html'));
}
