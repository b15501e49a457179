// Windows: Cronkeeper's data moved from %APPDATA% (Roaming) to %LOCALAPPDATA% (Local), once.
//
// Roaming profiles copy %APPDATA% to a server at logoff, and folder redirection may put it on a network
// share, where SQLite's WAL mode does not work; run logs can be gigabytes. So new installs use
// %LOCALAPPDATA%\Cronkeeper, and a folder left by an older version is moved there the first time (a rename:
// both live in the user's profile on the same volume). A note in the old place says where it went. If the
// move cannot happen (another Cronkeeper has the files open, a different volume), the old folder keeps
// being used as it is, and the move is tried again at the next start: nothing is ever split or lost.
import fs from 'node:fs';
import path from 'node:path';

export const MOVED_NOTE = 'MOVED.txt';

export interface MoveResult {
  /** The folder to use now. */
  dataDir: string;
  /** What happened, for the application log; null when there was nothing to do. */
  note: string | null;
}

const hasDatabase = (dir: string, dbFile: string) => fs.existsSync(path.join(dir, dbFile));

/**
 * Moves `oldDir` to `newDir` when only the old one holds a database. Returns the folder to use: the new
 * one, or the old one while it cannot be moved.
 */
export function moveDataDirOnce(oldDir: string, newDir: string, dbFile: string): MoveResult {
  if (!hasDatabase(oldDir, dbFile) || hasDatabase(newDir, dbFile)) return { dataDir: newDir, note: null };
  try {
    fs.mkdirSync(path.dirname(newDir), { recursive: true });
    // An empty new folder (e.g. created by a crash report) is in the way of the rename: remove it.
    if (fs.existsSync(newDir) && fs.readdirSync(newDir).length === 0) fs.rmdirSync(newDir);
    fs.renameSync(oldDir, newDir);
  } catch (error) {
    return {
      dataDir: oldDir,
      note: `Data folder not moved from ${oldDir} to ${newDir} (${(error as Error).message}); using it where it is`,
    };
  }
  const note = `Cronkeeper's data moved from ${oldDir} to ${newDir} (a local folder, not roaming)`;
  try {
    fs.mkdirSync(oldDir, { recursive: true });
    fs.writeFileSync(
      path.join(oldDir, MOVED_NOTE),
      `${note} on ${new Date().toISOString()}.\r\nThis folder is no longer used and may be deleted.\r\n`,
    );
  } catch {
    // The note is a courtesy; the move itself succeeded.
  }
  return { dataDir: newDir, note };
}
