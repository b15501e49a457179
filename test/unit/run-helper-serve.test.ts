// The run helper's side (runner/spawner/helper-runs.ts), in this process with a recording port: what it
// answers to the messages the scheduler sends, and to ones it must not trust.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { serveRuns } from '../../src/main/core/runner/spawner/helper-runs';
import type { FromHelper } from '../../src/main/core/runner/spawner/protocol';

function fakePort() {
  // What the helper says of each run (its first message, how it starts commands, is checked on its own).
  const sent: FromHelper[] = [];
  const all: FromHelper[] = [];
  let deliver: (message: unknown) => void = () => {};
  return {
    sent,
    all,
    port: {
      send: (m: FromHelper) => {
        all.push(m);
        if (m.t !== 'ready') sent.push(m);
      },
      onMessage: (l: (m: unknown) => void) => (deliver = l),
    },
    receive: (message: unknown) => deliver(message),
  };
}

const until = async (check: () => boolean) => {
  for (let i = 0; i < 200 && !check(); i++) await new Promise((r) => setTimeout(r, 25));
  expect(check()).toBe(true);
};

describe('the run helper serving starts', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ck-helper-'));
  const opts = (over: Record<string, unknown> = {}) => ({
    command: process.platform === 'win32' ? 'echo hi' : 'echo hi',
    cwd: '',
    env: {},
    logPath: path.join(dir, `${Math.random()}.log`),
    logCapBytes: 1 << 20,
    timeoutMs: 0,
    memoryFallback: false,
    ...over,
  });

  it('says first how it starts commands: posix_spawn on Linux', () => {
    const { all, port } = fakePort();
    serveRuns(port);
    expect(all).toEqual([{ t: 'ready', spawner: process.platform === 'linux' ? 'posix_spawn' : 'node' }]);
  });

  it('answers the starts of one turn with started once they are all spawned, then done', async () => {
    const { sent, port, receive } = fakePort();
    serveRuns(port);
    for (const id of [7, 8, 9]) receive({ t: 'start', id, opts: opts({ memoryFallback: true }) });
    expect(sent).toEqual([]); // the scheduler is not answered between the spawns of a burst
    // The log file does not hold the answer up: it is created on the first output.
    await new Promise((resolve) => setImmediate(resolve));
    const started = (id: number) => ({
      t: 'started',
      id,
      pid: expect.any(Number),
      pidStartedAt: expect.any(Number),
    });
    expect(sent.slice(0, 3)).toEqual([started(7), started(8), started(9)]);
    await until(() => sent.filter((m) => m.t === 'done').length === 3);
    expect(sent.findIndex((m) => m.t === 'done')).toBeGreaterThan(2);
    expect(sent.find((m) => m.t === 'done' && m.id === 7)).toMatchObject({
      t: 'done',
      id: 7,
      outcome: { status: 'success', exitCode: 0 },
      memoryReason: null,
      memoryTail: null,
    });
  });

  it('says in done why a log could not be created on the first output, with the output', async () => {
    const { sent, port, receive } = fakePort();
    serveRuns(port);
    const blocker = path.join(dir, `blocker-${Math.random()}`);
    fs.writeFileSync(blocker, 'a file where the log folder should be');
    receive({
      t: 'start',
      id: 8,
      opts: opts({ memoryFallback: true, logPath: path.join(blocker, 'run.log') }),
    });
    await until(() => sent.some((m) => m.t === 'done'));
    const done = sent.at(-1);
    expect(done).toMatchObject({ t: 'done', id: 8, outcome: { status: 'success' } });
    expect(done?.t === 'done' && done.memoryReason).toMatch(/ENOTDIR/);
    expect(done?.t === 'done' && done.memoryTail).toContain('hi');
  });

  it('ends a start it cannot even begin as failed, and goes on serving', async () => {
    const { sent, port, receive } = fakePort();
    serveRuns(port);
    // Options it cannot read (a property that throws stands for any unforeseen failure inside the start).
    const unreadable = Object.defineProperty(opts(), 'command', {
      enumerable: true,
      get: () => {
        throw new Error('unreadable command');
      },
    });
    expect(() => receive({ t: 'start', id: 1, opts: unreadable })).not.toThrow();
    expect(sent[0]).toMatchObject({ t: 'started', id: 1, pid: null });
    await until(() => sent.some((m) => m.t === 'done' && m.id === 1));
    const done = sent.find((m) => m.t === 'done' && m.id === 1);
    expect(done).toMatchObject({ outcome: { status: 'failed' } });
    expect((done as { outcome: { errorMessage: string } }).outcome.errorMessage).toBe(
      'Could not start the command: unreadable command',
    );
    receive({ t: 'start', id: 2, opts: opts() });
    await until(() => sent.some((m) => m.t === 'done' && m.id === 2));
  });

  it('ignores messages that are not its own', () => {
    const { sent, port, receive } = fakePort();
    serveRuns(port);
    for (const message of [
      null,
      'start',
      { t: 'start', id: 1 },
      { t: 'start', id: 'x', opts: opts() },
      { t: 'rm', id: 1 },
    ])
      receive(message);
    receive({ t: 'cancel', id: 99 });
    expect(sent).toEqual([]);
  });
});
