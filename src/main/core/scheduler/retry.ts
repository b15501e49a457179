// Retry backoff: retry_delay_seconds * 2^retry_count, capped at one hour.
export const MAX_RETRY_DELAY_MS = 3_600_000;

/** Delay before the retry that follows a run with `retryCount` (0 for the first run). */
export function retryDelayMs(retryDelaySeconds: number, retryCount: number): number {
  const delay = Math.max(0, retryDelaySeconds) * 1000 * 2 ** Math.max(0, retryCount);
  return Math.min(MAX_RETRY_DELAY_MS, delay);
}

/**
 * Whether an outcome may be retried: failures, timeouts and interruptions (a crash, a lost scheduler), never
 * a cancel (user, replace or shutdown).
 */
export function shouldRetry(
  status: string,
  retryCount: number,
  maxRetries: number,
  cancelled: boolean,
): boolean {
  if (cancelled) return false;
  if (status !== 'failed' && status !== 'timed_out' && status !== 'interrupted') return false;
  return retryCount < maxRetries;
}
