// "Open log folder" (tray and Settings): opens the data folder's logs/ (cronkeeper.log and the per-run
// logs) in the file manager. The folder is created first: a fresh data folder may not have it yet.
import type { Shell } from 'electron';
import type { AppLog } from '../core/app-log';
import { logsDir } from '../core/paths';
import fs from 'node:fs';

export async function openLogFolder(
  dataDir: string,
  shell: Pick<Shell, 'openPath'>,
  appLog: AppLog | null,
): Promise<{ opened: boolean; path: string }> {
  const folder = logsDir(dataDir);
  try {
    fs.mkdirSync(folder, { recursive: true });
  } catch {
    // openPath says what is wrong
  }
  // Resolves with an error message, or '' when the folder was opened.
  const error = await shell.openPath(folder);
  if (error) appLog?.warn(`Could not open the log folder ${folder}: ${error}`);
  return { opened: !error, path: folder };
}
