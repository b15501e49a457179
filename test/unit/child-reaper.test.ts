// child-reaper.ts without relying on SIGCHLD: a signal can be missed (or, in some host process, never
// reach us), so a child's end must still be read by the pipes-closed retries and the once-a-second poll,
// and nothing may keep running once no child is watched. waitpid is a strict double here: it answers
// only for the pids it was told about, and only once (a reaped pid is gone: -1 after that).
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ChildReaper, type LibcWait } from '../../src/main/core/runner/child-reaper';

/** A kernel's waitpid(pid, &status, WNOHANG) for a few children: 0 while running, pid once ended. */
function fakeKernel() {
  const running = new Set<number>();
  const ended = new Map<number, number>(); // pid -> wait status
  const libc: LibcWait = {
    waitpid(pid, status, options) {
      expect(options).toBe(1); // WNOHANG: the reaper never blocks the event loop
      if (running.has(pid)) return 0;
      const code = ended.get(pid);
      if (code === undefined) return -1; // not our child (any more)
      ended.delete(pid);
      status[0] = code;
      return pid;
    },
  };
  return {
    libc,
    start: (pid: number) => running.add(pid),
    exit: (pid: number, status: number) => {
      running.delete(pid);
      ended.set(pid, status);
    },
  };
}

/** A reaper watching one running child `pid`, with the kernel double and the exit listener. */
function watchingOne(pid: number) {
  const kernel = fakeKernel();
  const reaper = new ChildReaper(kernel.libc);
  const onExit = vi.fn();
  kernel.start(pid);
  reaper.watch(pid, onExit);
  return { kernel, reaper, onExit };
}

describe('ChildReaper', () => {
  const listenersBefore = process.listenerCount('SIGCHLD');
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('reads an end that no signal announced, at the latest by the once-a-second poll', () => {
    const { kernel, onExit } = watchingOne(101);
    kernel.exit(101, 3 << 8);
    vi.advanceTimersByTime(999);
    expect(onExit).not.toHaveBeenCalled();
    vi.advanceTimersByTime(1);
    expect(onExit).toHaveBeenCalledExactlyOnceWith(3, null);
  });

  it('looks again within 50 ms once the pipes are closed', () => {
    const { kernel, reaper, onExit } = watchingOne(102);
    reaper.soon(102); // the pipes closed just before the exit
    vi.advanceTimersByTime(5);
    kernel.exit(102, 9); // killed by SIGKILL
    vi.advanceTimersByTime(45);
    expect(onExit).toHaveBeenCalledExactlyOnceWith(null, 'SIGKILL');
  });

  it('on SIGCHLD reads every watched child, and keeps the running ones', () => {
    const kernel = fakeKernel();
    const reaper = new ChildReaper(kernel.libc);
    const ends: [number, number | null][] = [];
    for (const pid of [201, 202, 203]) {
      kernel.start(pid);
      reaper.watch(pid, (code) => ends.push([pid, code]));
    }
    kernel.exit(201, 0);
    kernel.exit(203, 1 << 8);
    process.emit('SIGCHLD', 'SIGCHLD');
    expect(ends).toEqual([
      [201, 0],
      [203, 1],
    ]);
    expect(reaper.size).toBe(1);
    kernel.exit(202, 0);
    process.emit('SIGCHLD', 'SIGCHLD');
    expect(reaper.size).toBe(0);
  });

  it('a child something else reaped ends with its outcome unknown, not never', () => {
    const kernel = fakeKernel();
    const reaper = new ChildReaper(kernel.libc);
    const onExit = vi.fn();
    reaper.watch(301, onExit); // the kernel never heard of it: waitpid says -1
    vi.advanceTimersByTime(1000);
    expect(onExit).toHaveBeenCalledExactlyOnceWith(null, null);
  });

  it('leaves no timer and no signal listener behind once no child is watched', () => {
    const { kernel } = watchingOne(401);
    expect(process.listenerCount('SIGCHLD')).toBe(listenersBefore + 1);
    expect(vi.getTimerCount()).toBe(1);
    kernel.exit(401, 0);
    vi.advanceTimersByTime(1000);
    expect(process.listenerCount('SIGCHLD')).toBe(listenersBefore);
    expect(vi.getTimerCount()).toBe(0);
  });
});
