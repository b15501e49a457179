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

  it('answers a start with started, then done', async () => {
    const { sent, port, receive } = fakePort();
    serveRuns(port);
    receive({ t: 'start', id: 7, opts: opts() });
    await until(() => sent.length > 0);
    expect(sent[0]).toMatchObject({ t: 'started', id: 7, memoryReason: null });
    await until(() => sent.some((m) => m.t === 'done'));
    expect(sent.at(-1)).toMatchObject({ t: 'done', id: 7, outcome: { status: 'success', exitCode: 0 } });
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
