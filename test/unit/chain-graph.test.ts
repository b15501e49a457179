// Chain cycles are found through any number of links and named in full; chains without a cycle pass.
import { describe, expect, it } from 'vitest';
import {
  chainCycle,
  chainFires,
  describeCycle,
  type ChainLink,
} from '../../src/main/core/triggers/chain-graph';

const link = (taskId: number, upstreamId: number): ChainLink => ({
  taskId,
  upstreamId,
  condition: 'success',
});

describe('chain cycles', () => {
  it('refuses a task chained to itself', () => {
    expect(chainCycle([], 5, [5])).toEqual([5, 5]);
  });

  it('finds a cycle through several links and names it', () => {
    // 1 runs after 2, 2 runs after 3; saving 3 to run after 1 closes 3 → 1 → 2 → 3.
    const links = [link(1, 2), link(2, 3)];
    const cycle = chainCycle(links, 3, [1]);
    expect(cycle).toEqual([3, 1, 2, 3]);
    const names = new Map([
      [1, 'Report'],
      [2, 'Import'],
      [3, 'Backup'],
    ]);
    expect(describeCycle(cycle!, (id) => names.get(id))).toBe('“Backup” → “Report” → “Import” → “Backup”');
  });

  it('allows a diamond and several upstreams', () => {
    // 4 after 2 and 3, both after 1: no cycle.
    const links = [link(2, 1), link(3, 1)];
    expect(chainCycle(links, 4, [2, 3])).toBeNull();
    expect(chainCycle([...links, link(4, 2), link(4, 3)], 5, [4, 1])).toBeNull();
  });

  it("replaces the saved task's own stored links", () => {
    // 1 runs after 2 and 2 after 1 (as if stored by an older version); editing 1 to run after 3 ends it.
    const links = [link(1, 2), link(2, 1)];
    expect(chainCycle(links, 1, [2])).toEqual([1, 2, 1]);
    expect(chainCycle(links, 1, [3])).toBeNull();
  });

  it('fires on the condition asked for', () => {
    expect(chainFires('success', true)).toBe(true);
    expect(chainFires('success', false)).toBe(false);
    expect(chainFires('failure', false)).toBe(true);
    expect(chainFires('failure', true)).toBe(false);
    expect(chainFires('always', false)).toBe(true);
  });
});
