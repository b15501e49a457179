// Deleting a run's log file when it may be held open for a moment by someone else.
//
// On Windows an antivirus scanner, the search indexer or a backup tool often holds a freshly written file
// open; deleting it then fails with EBUSY or EPERM (EACCES on some file systems) for a few hundred
// milliseconds. Retention used to give up at once and leave the log behind forever. This retries with a
// growing pause (about 4 s in all) before giving up on the file.

const RETRYABLE = new Set(['EBUSY', 'EPERM', 'EACCES', 'ENOTEMPTY', 'EMFILE', 'ENFILE']);
export const REMOVE_DELAYS_MS = [100, 250, 500, 1000, 2000];

type Remove = (file: string) => Promise<void>;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Removes `file` (a missing file counts as removed). True when it is gone; false when it still could not be
 * removed after the retries (the caller says so in its log).
 */
export async function removeWithRetry(
  file: string,
  remove: Remove,
  delays: readonly number[] = REMOVE_DELAYS_MS,
): Promise<boolean> {
  for (let attempt = 0; ; attempt++) {
    try {
      await remove(file);
      return true;
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code ?? '';
      if (code === 'ENOENT') return true;
      if (!RETRYABLE.has(code) || attempt >= delays.length) return false;
      await sleep(delays[attempt]);
    }
  }
}
