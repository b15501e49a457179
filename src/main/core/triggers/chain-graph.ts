// Chains: which tasks run when another task's run ends. Saving a chain that would make a task (indirectly)
// start itself is refused, and the error names the whole cycle so the user sees which link to remove.

export const CHAIN_CONDITIONS = ['success', 'failure', 'always'] as const;
export type ChainCondition = (typeof CHAIN_CONDITIONS)[number];

export interface ChainLink {
  /** The task that runs. */
  taskId: number;
  /** The task whose run's end fires it. */
  upstreamId: number;
  condition: ChainCondition;
}

/**
 * The cycle that saving `taskId` with `upstreamIds` would create, as task ids from `taskId` back to
 * itself (e.g. [3, 1, 2, 3]: 3 runs after 1, 1 after 2, 2 after 3), or null when there is none.
 * `links` are the chains stored now; the task's own stored links are replaced by the new ones.
 */
export function chainCycle(
  links: readonly ChainLink[],
  taskId: number,
  upstreamIds: readonly number[],
): number[] | null {
  const upstreamsOf = new Map<number, number[]>();
  for (const link of links) {
    if (link.taskId === taskId) continue;
    const list = upstreamsOf.get(link.taskId) ?? [];
    list.push(link.upstreamId);
    upstreamsOf.set(link.taskId, list);
  }
  upstreamsOf.set(taskId, [...upstreamIds]);
  // Depth-first from the task through its upstreams; reaching the task again closes a cycle.
  const path: number[] = [taskId];
  const done = new Set<number>();
  const walk = (id: number): boolean => {
    for (const up of upstreamsOf.get(id) ?? []) {
      if (up === taskId) {
        path.push(up);
        return true;
      }
      if (done.has(up) || path.includes(up)) continue;
      path.push(up);
      if (walk(up)) return true;
      path.pop();
      done.add(up);
    }
    return false;
  };
  return walk(taskId) ? path : null;
}

/** "“Report” → “Import” → “Report”": the cycle in words, with task names where known. */
export function describeCycle(cycle: readonly number[], nameOf: (id: number) => string | undefined): string {
  return cycle.map((id) => `“${nameOf(id) ?? `task ${id}`}”`).join(' → ');
}

/** Whether an upstream run that ended with `succeeded` fires a link with `condition`. */
export const chainFires = (condition: ChainCondition, succeeded: boolean): boolean =>
  condition === 'always' || (condition === 'success') === succeeded;
