// What a triggered run (issue #16) adds to its row: the chain's upstream run (its claim) and the detail of
// what started it. A run that waits in the queue keeps the environment it will start with in its
// trigger_detail, so that whichever scheduler starts it (this one later, or another of the team) gives the
// job the same CRONKEEPER_UPSTREAM_* or CRONKEEPER_CHANGED_* variables.

export interface TriggeredRow {
  upstreamExecutionId: number | null;
  detail: Record<string, unknown>;
  env: Record<string, string>;
}

/** The environment a queued row's trigger_detail carries (none for other rows, or unreadable text). */
export function queuedEnv(detail: string | null | undefined): Record<string, string> | undefined {
  if (!detail) return undefined;
  try {
    const env = (JSON.parse(detail) as { env?: unknown }).env;
    if (typeof env !== 'object' || env === null || Array.isArray(env)) return undefined;
    const out: Record<string, string> = {};
    for (const [key, value] of Object.entries(env)) if (typeof value === 'string') out[key] = value;
    return out;
  } catch {
    return undefined;
  }
}

/**
 * What a retry of a triggered run carries over: the same environment and detail, without the chain claim
 * (the upstream run already has its one downstream run: the retry is that run again). Undefined for a run
 * that no trigger started.
 */
export function retriedTrigger(detail: string | null | undefined): TriggeredRow | undefined {
  const env = queuedEnv(detail);
  if (!env) return undefined;
  const { env: _env, ...shown } = JSON.parse(detail as string) as Record<string, unknown>;
  return { upstreamExecutionId: null, detail: shown, env };
}
