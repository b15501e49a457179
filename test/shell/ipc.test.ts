// The IPC transport against a real core on a temporary data dir: every contract channel is registered,
// invalid input to any channel is refused with VALIDATION and reaches no handler and writes nothing
// (property-based), the sender check refuses foreign frames, and errors cross as {code, message, field}.
import type { IpcMainInvokeEvent } from 'electron';
import fc from 'fast-check';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { channelNames, channels, IPC_PREFIX, type ChannelName } from '../../src/shared/contract';
import { createCore, type Core } from '../../src/main/core/core';
import { CronkeeperError } from '../../src/main/core/errors';
import type { Envelope } from '../../src/main/shell/envelope';
import { dispatch, registerIpcHandlers, type ShellHandlers } from '../../src/main/shell/ipc';
import { isTrustedSender, isTrustedRendererUrl } from '../../src/main/shell/security';
import { validInputs } from '../fixtures/channel-samples';
import * as fake from './fake-electron';

vi.mock('electron', () => import('./fake-electron'));

const RENDERER_FILE = '/app/out/renderer/index.html';
const OUR_FRAME = 'file:///app/out/renderer/index.html';

let dir: string;
let core: Core;
const calls: ChannelName[] = [];
let unregister: () => void;

const invoke = (name: ChannelName, input: unknown) =>
  fake.ipcRenderer.invoke(IPC_PREFIX + name, input) as Promise<Envelope>;

/** Every table's row count, in one statement (it runs once per generated case). */
async function rowCounts() {
  const [rows] = await core.db.sequelize.query(
    `SELECT (SELECT count(*) FROM scheduled_tasks) AS tasks, (SELECT count(*) FROM task_executions) AS executions,
            (SELECT count(*) FROM settings) AS settings`,
  );
  return rows[0] as { tasks: number; executions: number; settings: number };
}

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ck-'));
  core = await createCore({ dataDir: dir });
  // Rows to lose: a task with one execution, written straight through the models.
  const now = Date.now();
  const task = await core.db.models.ScheduledTask.create({
    name: 'seed',
    command: 'echo seed',
    cron_expression: '0 * * * *',
    timezone: 'UTC',
    created_at: now,
    updated_at: now,
  });
  await core.db.models.TaskExecution.create({
    task_id: task.id,
    status: 'success',
    trigger: 'manual',
    start_time: now,
    created_at: now,
  });
  const handlers = Object.fromEntries(
    channelNames.map((name) => [
      name,
      (input: never) => {
        calls.push(name);
        return (core.handlers[name] as (input: never) => Promise<unknown>)(input);
      },
    ]),
  ) as unknown as ShellHandlers;
  unregister = registerIpcHandlers(fake.ipcMain as never, {
    handlers,
    isTrustedSender: (event) => isTrustedSender(event, { kind: 'file', file: RENDERER_FILE }),
  });
});

afterAll(async () => {
  unregister?.();
  await core?.stop(0);
  fs.rmSync(dir, { recursive: true, force: true });
});

it('registers exactly one handler per contract channel', () => {
  expect([...fake.registeredHandlers.keys()].sort()).toEqual(
    channelNames.map((name) => IPC_PREFIX + name).sort(),
  );
  expect(channelNames.length).toBeGreaterThanOrEqual(28);
});

it('passes valid input through to the handler', async () => {
  const before = calls.length;
  const reply = await invoke('app.ready', {});
  expect(reply).toEqual({ ok: true, value: { ok: true } });
  expect(calls.length).toBe(before + 1);
  const state = await invoke('scheduler.state', {});
  expect(state.ok).toBe(true);
});

/** Inputs that must be refused: anything, an unknown extra key, or a known key set to a random value. */
function invalidInput(name: ChannelName): fc.Arbitrary<unknown> {
  const sample = validInputs[name] as Record<string, unknown>;
  const shape = (channels[name].input as unknown as { shape?: Record<string, unknown> }).shape ?? {};
  const keys = Object.keys(shape);
  const extraKey = fc
    .tuple(fc.string({ minLength: 1, maxLength: 12 }), fc.anything())
    .filter(([key]) => !keys.includes(key) && key !== '__proto__')
    .map(([key, value]) => ({ ...sample, [key]: value }));
  const arbitraries: fc.Arbitrary<unknown>[] = [
    fc.anything(),
    fc.constantFrom(null, undefined, [], '', 0, 'tasks', true),
    extraKey,
  ];
  if (keys.length) {
    const wrongValue = fc
      .tuple(
        fc.constantFrom(...keys),
        fc.oneof(
          fc.anything(),
          fc.integer(),
          fc.double(),
          fc.string(),
          fc.constantFrom(-1, 0, 1e12, '', null),
        ),
      )
      .map(([key, value]) => ({ ...sample, [key]: value }));
    arbitraries.push(wrongValue, wrongValue);
  }
  return fc.oneof(...arbitraries);
}

describe('invalid input to every channel', () => {
  it('is refused with VALIDATION, reaches no handler and writes nothing (1,000+ cases)', async () => {
    const seen = new Set<ChannelName>();
    const before = await rowCounts();
    expect(before.tasks).toBe(1);
    expect(before.executions).toBe(1);
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...channelNames).chain((name) => fc.tuple(fc.constant(name), invalidInput(name))),
        async ([name, input]) => {
          fc.pre(!channels[name].input.safeParse(input).success);
          seen.add(name);
          const callsBefore = calls.length;
          const reply = await invoke(name, input);
          expect(reply.ok).toBe(false);
          if (reply.ok) return;
          expect(reply.error.code).toBe('VALIDATION');
          expect(reply.error.message.length).toBeGreaterThan(0);
          expect(calls.length).toBe(callsBefore);
          expect(await rowCounts()).toEqual(before);
        },
      ),
      { numRuns: 1200, seed: 20261128 },
    );
    // Every channel was exercised.
    expect([...seen].sort()).toEqual([...channelNames].sort());
  });

  it('names the wrong field in a readable message', async () => {
    const created = await invoke('tasks.create', { name: '', command: 'echo', cronExpression: '* * * * *' });
    expect(created).toMatchObject({ ok: false, error: { code: 'VALIDATION', field: 'name' } });
    expect(created.ok || created.error.message).toMatch(/^name: Name is required/);

    const updated = await invoke('tasks.update', { id: 1, patch: { timeoutSeconds: 10 * 24 * 3600 } });
    expect(updated).toMatchObject({
      ok: false,
      error: { code: 'VALIDATION', field: 'patch.timeoutSeconds' },
    });
    expect(updated.ok || updated.error.message).toMatch(/patch\.timeoutSeconds: Timeout is at most 7 days/);

    const extra = await invoke('settings.get', { sneaky: true });
    expect(extra.ok || extra.error.message).toMatch(/sneaky/);
  });
});

describe('sender check', () => {
  const foreign = [
    'https://evil.example/index.html',
    'file:///tmp/index.html',
    'file:///app/out/renderer/other.html',
    'http://localhost:5173/',
    'data:text/html,hi',
    'about:blank',
  ];

  it.each(foreign)('refuses calls from %s and runs nothing', async (url) => {
    const previous = fake.rendererFrame.url;
    fake.rendererFrame.url = url;
    try {
      const callsBefore = calls.length;
      const reply = await invoke('tasks.create', validInputs['tasks.create']);
      expect(reply).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
      expect(calls.length).toBe(callsBefore);
    } finally {
      fake.rendererFrame.url = previous;
    }
  });

  it('refuses a subframe of our own page', async () => {
    fake.rendererFrame.parent = { url: OUR_FRAME };
    try {
      const reply = await invoke('scheduler.state', {});
      expect(reply).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    } finally {
      fake.rendererFrame.parent = null;
    }
  });

  it('accepts our page with a hash or query, and the dev server by origin', () => {
    expect(isTrustedRendererUrl(`${OUR_FRAME}#/history`, { kind: 'file', file: RENDERER_FILE })).toBe(true);
    expect(isTrustedRendererUrl(`${OUR_FRAME}?x=1`, { kind: 'file', file: RENDERER_FILE })).toBe(true);
    const dev = { kind: 'url', url: 'http://localhost:5173' } as const;
    expect(isTrustedRendererUrl('http://localhost:5173/#/tasks', dev)).toBe(true);
    expect(isTrustedRendererUrl('http://localhost:5174/', dev)).toBe(false);
    expect(isTrustedRendererUrl('http://127.0.0.1:5173/', dev)).toBe(false);
    expect(isTrustedSender({ senderFrame: null }, dev)).toBe(false);
  });
});

describe('handler errors', () => {
  const event = { senderFrame: { url: OUR_FRAME, parent: null } } as never;
  const options = (handler: () => Promise<never>) => ({
    handlers: { 'tasks.get': handler } as unknown as ShellHandlers,
    isTrustedSender: (e: IpcMainInvokeEvent) => isTrustedSender(e, { kind: 'file', file: RENDERER_FILE }),
  });

  it('cross as {code, message, field}', async () => {
    const reply = await dispatch(
      'tasks.get',
      { id: 7 },
      event,
      options(async () => {
        throw new CronkeeperError('CONFLICT', 'Name taken', 'name');
      }),
    );
    expect(reply).toEqual({ ok: false, error: { code: 'CONFLICT', message: 'Name taken', field: 'name' } });
  });

  it('reduce unknown errors to INTERNAL with their message', async () => {
    const reply = await dispatch(
      'tasks.get',
      { id: 7 },
      event,
      options(async () => {
        throw new TypeError('boom');
      }),
    );
    expect(reply).toEqual({ ok: false, error: { code: 'INTERNAL', message: 'boom' } });
  });

  it('report a missing task from the real core as NOT_FOUND', async () => {
    const reply = await invoke('tasks.get', { id: 987654 });
    expect(reply).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
  });
});
