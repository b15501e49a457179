// A run's log path comes from its database row, and in team mode anyone who can write the shared
// database writes those rows. So a path is only trusted when its real location (every symlink resolved)
// lies inside this data folder's logs/; anything else is neither read nor deleted. The application log
// (logs/cronkeeper.log and its rotations) lives there too but is never a run's log: run logs sit in a
// task's sub-folder (logs/TASK/EXECUTION.log), so a file directly in logs/ is refused.
import fs from 'node:fs';
import path from 'node:path';

export type LogPathCheck =
  { kind: 'inside'; realPath: string } | { kind: 'missing' } | { kind: 'outside'; reason: string };

function isInside(root: string, candidate: string): boolean {
  const rel = path.relative(root, candidate);
  return rel !== '' && !rel.startsWith('..') && !path.isAbsolute(rel);
}

/**
 * Where `logPath` really is, judged against `logsDir`. A file that does not exist is `missing` (a run
 * that has not written yet, or a log removed by hand) whatever its path says, since there is nothing to
 * read or delete.
 */
export async function checkLogPath(logsDir: string, logPath: string): Promise<LogPathCheck> {
  if (logPath.includes('\0')) return { kind: 'outside', reason: 'the path holds a NUL character' };
  let realLogs: string;
  try {
    realLogs = await fs.promises.realpath(logsDir);
  } catch {
    // No logs/ at all: no run of this machine ever wrote one, so no path can be one of ours.
    return fs.existsSync(logPath)
      ? { kind: 'outside', reason: 'there is no logs folder' }
      : { kind: 'missing' };
  }
  let real: string;
  try {
    real = await fs.promises.realpath(path.resolve(logsDir, logPath));
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return { kind: 'missing' };
    return { kind: 'outside', reason: (err as Error).message };
  }
  if (!isInside(realLogs, real)) return { kind: 'outside', reason: 'it is not inside the logs folder' };
  if (path.dirname(real) === realLogs)
    return {
      kind: 'outside',
      reason: 'it is not in a task folder of the logs folder (the application log is)',
    };
  return { kind: 'inside', realPath: real };
}
