// The preload exposes exactly the contract's methods plus `on`, unwraps envelopes (errors keep their code
// as plain objects, which survive the contextBridge), and `on` delivers one event type until unsubscribed.
import { afterEach, beforeAll, expect, it, vi } from 'vitest';
import {
  channelNames,
  eventNames,
  IPC_EVENT_CHANNEL,
  IPC_PREFIX,
  type CronkeeperBridge,
} from '../../src/shared/contract';
import { EventForwarder } from '../../src/main/shell/event-forwarder';
import { errorEnvelope, okEnvelope } from '../../src/main/shell/envelope';
import * as fake from './fake-electron';

vi.mock('electron', () => import('./fake-electron'));

let bridge: CronkeeperBridge;
const received: { channel: string; input: unknown }[] = [];

beforeAll(async () => {
  await import('../../src/preload/index');
  bridge = fake.exposedInMainWorld.get('cronkeeper') as CronkeeperBridge;
  // A main side that echoes what it got, answers tasks.get with NOT_FOUND, and garbage for stats.get.
  for (const name of channelNames) {
    fake.ipcMain.handle(IPC_PREFIX + name, (_event, input) => {
      received.push({ channel: IPC_PREFIX + name, input });
      if (name === 'tasks.get') return errorEnvelope({ code: 'NOT_FOUND', message: 'Task 9 does not exist' });
      if (name === 'tasks.create')
        return errorEnvelope({ code: 'VALIDATION', message: 'name: required', field: 'name' });
      if (name === 'stats.get') return 'not an envelope';
      return okEnvelope({ echoed: input });
    });
  }
});

afterEach(() => {
  received.length = 0;
});

it('exposes window.cronkeeper and nothing else', () => {
  expect([...fake.exposedInMainWorld.keys()]).toEqual(['cronkeeper']);
});

it('has exactly one function per contract channel, plus on, and is frozen', () => {
  expect(Object.keys(bridge).sort()).toEqual([...channelNames, 'on'].sort());
  for (const key of Object.keys(bridge))
    expect(typeof (bridge as unknown as Record<string, unknown>)[key]).toBe('function');
  expect(Object.isFrozen(bridge)).toBe(true);
  // No raw IPC objects hide in it.
  expect(JSON.stringify(Object.keys(bridge))).not.toMatch(/ipc|invoke|send/i);
});

it('invokes the prefixed channel and unwraps the value', async () => {
  await expect(bridge['tasks.list']({ limit: 3 })).resolves.toEqual({ echoed: { limit: 3 } });
  expect(received).toEqual([{ channel: `${IPC_PREFIX}tasks.list`, input: { limit: 3 } }]);
});

it('sends {} for channels called without an argument', async () => {
  await (bridge['app.ready'] as unknown as () => Promise<unknown>)();
  expect(received[0]).toEqual({ channel: `${IPC_PREFIX}app.ready`, input: {} });
});

it('rejects with the wire code, message and field', async () => {
  await expect(bridge['tasks.get']({ id: 9 })).rejects.toEqual({
    name: 'CronkeeperError',
    code: 'NOT_FOUND',
    message: 'Task 9 does not exist',
  });
  const failure = await bridge['tasks.create']({ name: '', command: 'x', cronExpression: '* * * * *' }).catch(
    (e) => e,
  );
  expect(failure).toMatchObject({ code: 'VALIDATION', field: 'name', message: 'name: required' });
  // A plain object: contextBridge would strip `code` from an Error instance.
  expect(structuredClone(failure)).toEqual(failure);
});

it('treats a malformed reply as INTERNAL', async () => {
  await expect(bridge['stats.get']({})).rejects.toMatchObject({ code: 'INTERNAL' });
});

it('on() delivers only its event, in order, until unsubscribed', () => {
  const contents = new fake.FakeWebContents();
  const forwarder = new EventForwarder();
  forwarder.attach(contents);
  forwarder.markReady(contents);
  const states: unknown[] = [];
  const changes: unknown[] = [];
  const offState = bridge.on('scheduler.state', (payload) => states.push(payload));
  const offChanged = bridge.on('task.changed', (payload) => changes.push(payload));
  const state = {
    running: 1,
    queued: 0,
    nextRunAt: null,
    nextTaskId: null,
    pausedUntil: null,
    pausedAll: false,
    health: 'ok' as const,
    degradedSince: null,
    degradedReason: null,
    lastOutage: null,
  };
  forwarder.send('scheduler.state', state);
  forwarder.send('task.changed', { taskId: 3, deleted: false });
  forwarder.send('scheduler.state', { ...state, running: 2 });
  expect(states).toEqual([state, { ...state, running: 2 }]);
  expect(changes).toEqual([{ taskId: 3, deleted: false }]);

  offState();
  forwarder.send('scheduler.state', state);
  expect(states).toHaveLength(2);
  offChanged();
  expect(fake.ipcRenderer.listenerCount(IPC_EVENT_CHANNEL)).toBe(0);
});

it('on() refuses unknown events and non-function listeners', () => {
  expect(() => bridge.on('nope' as never, () => {})).toThrow();
  expect(() => bridge.on(eventNames[0], 'x' as never)).toThrow();
});

it('on() shares one IPC listener, so 15 subscriptions (the History view) raise no MaxListenersExceededWarning', async () => {
  const warnings: Error[] = [];
  const onWarning = (warning: Error) => warnings.push(warning);
  process.on('warning', onWarning);
  const contents = new fake.FakeWebContents();
  const forwarder = new EventForwarder();
  forwarder.attach(contents);
  forwarder.markReady(contents);
  const seen: number[] = [];
  const offs = Array.from({ length: 15 }, (_, i) =>
    bridge.on(i % 2 ? 'task.changed' : 'execution.started', () => seen.push(i)),
  );
  // The same function twice is two subscriptions; unsubscribing twice is harmless.
  const twice = () => seen.push(-1);
  const offA = bridge.on('task.changed', twice);
  const offB = bridge.on('task.changed', twice);
  expect(fake.ipcRenderer.listenerCount(IPC_EVENT_CHANNEL)).toBe(1);
  forwarder.send('task.changed', { taskId: 1, deleted: false });
  expect(seen).toEqual([1, 3, 5, 7, 9, 11, 13, -1, -1]);
  offA();
  offA();
  forwarder.send('task.changed', { taskId: 1, deleted: false });
  expect(seen.filter((n) => n === -1)).toHaveLength(3);
  offB();
  for (const off of offs) off();
  expect(fake.ipcRenderer.listenerCount(IPC_EVENT_CHANNEL)).toBe(0);
  await new Promise((resolve) => setImmediate(resolve)); // warnings are emitted on the next tick
  process.off('warning', onWarning);
  expect(warnings.filter((w) => w.name === 'MaxListenersExceededWarning')).toEqual([]);
});
