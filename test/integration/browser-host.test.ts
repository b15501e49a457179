// The browser host's WebSocket side, in process: a real core on a temp SQLite file, the host on a random
// loopback port, and real WebSocket clients (the `ws` package, and src/shared/ws-client.ts on top of it).
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { channelNames, type EventMap } from '../../src/shared/contract';
import {
  createWsBridge,
  resolveWsUrl,
  wsProtocols,
  type SocketConstructor,
  type WsBridge,
} from '../../src/shared/ws-client';
import type { Core } from '../../src/main/core/core';
import { CronkeeperError } from '../../src/main/core/errors';
import { splitTokenFragment, takePageToken } from '../../src/renderer/src/api/page-token';
import { startBrowserHost, type BrowserHost } from '../../src/main/host/browser-host';
import { validInputs } from '../fixtures/channel-samples';
import { makeCore, makeRendererDir, openWire, waitFor, type Wire } from './host-helpers';

let core: Core;
let host: BrowserHost;
const wires: Wire[] = [];
const bridges: WsBridge[] = [];
/** What each handler received, by channel (the handlers are replaced before the host starts). */
let received: Map<string, unknown>;

async function start(replaceHandlers: boolean): Promise<void> {
  core = await makeCore();
  received = new Map();
  if (replaceHandlers) {
    for (const name of channelNames) {
      (core.handlers as Record<string, (input: unknown) => Promise<unknown>>)[name] = async (input) => {
        received.set(name, input);
        return { channel: name, echoed: input };
      };
    }
  }
  host = await startBrowserHost(core, { port: 0, rendererDir: makeRendererDir().root });
}

async function wire(): Promise<Wire> {
  const w = await openWire(host.port, host.token);
  wires.push(w);
  return w;
}

afterEach(async () => {
  for (const w of wires.splice(0)) w.close();
  for (const b of bridges.splice(0)) b.close();
  await host?.close();
  await core?.stop(0);
});

describe('the WebSocket contract, channel by channel', () => {
  beforeEach(() => start(true));

  it('round-trips every channel: the handler gets the parsed input and the reply carries its value', async () => {
    const w = await wire();
    for (const name of channelNames) {
      const reply = await w.request(name, validInputs[name]);
      if (name === 'dialog.pickFolder') {
        // No native picker over this transport: the host answers itself and never calls the core.
        expect(reply).toEqual({ id: expect.any(Number), ok: true, value: { path: null } });
        expect(received.has(name)).toBe(false);
        continue;
      }
      const parsed = received.get(name);
      expect(parsed, name).toBeDefined();
      expect(reply, name).toEqual({
        id: expect.any(Number),
        ok: true,
        value: { channel: name, echoed: parsed },
      });
    }
    // Zod defaults are applied before the handler sees the input.
    expect(received.get('tasks.create')).toMatchObject({ description: '', timeoutSeconds: 3600, env: {} });
  });

  it('rejects invalid input with VALIDATION naming the field, and never calls the handler', async () => {
    const w = await wire();
    const cases: [string, unknown, string][] = [
      ['tasks.create', { name: '', command: 'x', cronExpression: '* * * * *' }, 'name'],
      ['tasks.get', { id: -1 }, 'id'],
      ['tasks.get', { id: 1, extra: true }, ''],
      ['settings.update', { concurrencyLimit: 1000 }, 'concurrencyLimit'],
      ['executions.list', { status: ['bogus'] }, 'status.0'],
      ['app.ready', 'not an object', ''],
    ];
    for (const [channel, input, field] of cases) {
      const reply = await w.request(channel, input);
      expect(reply.ok, channel).toBe(false);
      const error = reply.error as { code: string; message: string; field?: string };
      expect(error.code).toBe('VALIDATION');
      expect(error.message.length).toBeGreaterThan(0);
      if (field) {
        expect(error.field).toBe(field);
        expect(error.message).toContain(field);
      }
    }
    expect(received.size).toBe(0);
  });

  it('answers malformed messages and unknown channels without dropping the connection', async () => {
    const w = await wire();
    expect(await w.send('not json')).toMatchObject({ id: null, ok: false, error: { code: 'VALIDATION' } });
    expect(await w.send(JSON.stringify({ channel: 'tasks.list' }))).toMatchObject({
      id: null,
      ok: false,
      error: { code: 'VALIDATION' },
    });
    expect(await w.request('tasks.nuke', {})).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    expect(await w.request('tasks.list', {})).toMatchObject({ ok: true });
    expect(received.size).toBe(1);
  });
});

describe('errors and events from a real core', () => {
  beforeEach(() => start(false));

  it('carries a handler error as {code, message}', async () => {
    core.handlers['tasks.get'] = async ({ id }) => {
      throw new CronkeeperError('NOT_FOUND', `Task ${id} does not exist`);
    };
    // The host copied the handlers at start; restart it so it sees the replacement.
    await host.close();
    host = await startBrowserHost(core, { port: 0, rendererDir: makeRendererDir().root });
    const w = await wire();
    expect(await w.request('tasks.get', { id: 7 })).toEqual({
      id: expect.any(Number),
      ok: false,
      error: {
        code: 'NOT_FOUND',
        message: 'Task 7 does not exist',
        // A catalog message: its code and parameters too, for the client's language.
        messageCode: 'valid.taskMissing',
        params: { id: '7' },
      },
    });
  });

  it('runs the real handlers: create, list, a service-level validation error, and task.changed events', async () => {
    const w = await wire();
    await w.request('app.ready', {});
    const created = await w.request('tasks.create', {
      name: 'nightly backup',
      command: 'echo ok',
      cronExpression: '0 2 * * *',
      timezone: 'UTC',
    });
    expect(created).toMatchObject({
      ok: true,
      value: { name: 'nightly backup', cronExpression: '0 2 * * *' },
    });
    const task = created.value as { id: number; nextRunAt: number | null };
    expect(task.nextRunAt).toBeGreaterThan(Date.now());
    await waitFor(() => w.events.some((e) => e.event === 'task.changed'));
    expect(w.events.find((e) => e.event === 'task.changed')?.payload).toEqual({
      taskId: task.id,
      deleted: false,
    });

    // Passes the zod schema, fails the core's cron check: the error still arrives as {code, message}.
    const bad = await w.request('tasks.create', { name: 'bad', command: 'x', cronExpression: '61 * * * *' });
    expect(bad).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
    expect((bad.error as { message: string }).message).toMatch(/minute/i);

    const list = await w.request('tasks.list', {});
    expect(list).toMatchObject({ ok: true, value: { total: 1 } });
    expect(await w.request('tasks.get', { id: 999 })).toMatchObject({
      ok: false,
      error: { code: 'NOT_FOUND' },
    });
    expect(await w.request('dialog.pickFolder', { defaultPath: '/' })).toMatchObject({
      ok: true,
      value: { path: null },
    });
  });

  it('streams a real run: execution.started, progress and finished arrive over the socket', async () => {
    const w = await wire();
    await w.request('app.ready', {});
    const created = await w.request('tasks.create', {
      name: 'counts to three',
      command: `sh -c 'for i in 1 2 3; do echo "::progress $i/3"; sleep 0.05; done'`,
      cronExpression: '0 3 1 1 *',
      timezone: 'UTC',
    });
    const taskId = (created.value as { id: number }).id;
    const run = await w.request('tasks.runNow', { id: taskId });
    expect(run).toMatchObject({ ok: true, value: { executionId: expect.any(Number) } });
    await waitFor(() => w.events.some((e) => e.event === 'execution.finished'), 10_000);
    const names = w.events.map((e) => e.event);
    expect(names).toContain('execution.started');
    expect(names.indexOf('execution.started')).toBeLessThan(names.indexOf('execution.finished'));
    const progress = w.events
      .filter((e) => e.event === 'execution.progress')
      .map((e) => (e.payload as EventMap['execution.progress']).progressPercent);
    expect(progress.length).toBeGreaterThan(0);
    const finished = w.events.find((e) => e.event === 'execution.finished')
      ?.payload as EventMap['execution.finished'];
    expect(finished.execution).toMatchObject({ taskId, status: 'success' });
  });

  it('sends the events of one moment as one message', async () => {
    const w = await wire();
    await w.request('app.ready', {});
    const state = core.scheduler.state();
    for (let i = 0; i < 20; i++) core.events.emit('scheduler.state', { ...state, running: i });
    await waitFor(() => w.events.filter((e) => e.event === 'scheduler.state').length >= 20);
    const running = w.events
      .filter((e) => e.event === 'scheduler.state')
      .map((e) => (e.payload as EventMap['scheduler.state']).running);
    expect(running.slice(-20)).toEqual([...Array(20).keys()]); // in order, none lost
    expect(w.eventMessages()).toBeLessThanOrEqual(2);
  });

  it('holds push events until the client calls app.ready, then delivers them in order', async () => {
    const early = await wire();
    const bystander = await wire();
    const state = core.scheduler.state();
    core.events.emit('scheduler.state', state);
    core.events.emit('task.changed', { taskId: 3, deleted: false });
    await new Promise((r) => setTimeout(r, 100));
    expect(early.events).toEqual([]);

    expect(await early.request('app.ready', {})).toMatchObject({ ok: true, value: { ok: true } });
    await waitFor(() => early.events.length === 2);
    expect(early.events.map((e) => e.event)).toEqual(['scheduler.state', 'task.changed']);
    expect(early.events[1].payload).toEqual({ taskId: 3, deleted: false });

    const progress: EventMap['execution.progress'] = {
      executionId: 1,
      taskId: 3,
      progressPercent: 50,
      message: 'half',
      currentStep: 1,
      totalSteps: 2,
      currentItem: null,
      etaSeconds: 4,
    };
    core.events.emit('execution.progress', progress);
    await waitFor(() => early.events.length === 3);
    expect(early.events[2]).toEqual({ event: 'execution.progress', payload: progress });
    // The client that never said ready got nothing.
    await new Promise((r) => setTimeout(r, 50));
    expect(bystander.events).toEqual([]);
  });
});

describe('the browser-side bridge (src/shared/ws-client.ts)', () => {
  beforeEach(() => start(true));
  const NodeSocket = WebSocket as unknown as SocketConstructor;

  it('calls channels by name, rejects with .code/.message, and delivers events after app.ready', async () => {
    const bridge = createWsBridge(host.url, { WebSocket: NodeSocket, token: host.token });
    bridges.push(bridge);
    expect(await bridge['tasks.get']({ id: 5 })).toEqual({ channel: 'tasks.get', echoed: { id: 5 } });
    const error = await bridge['tasks.get']({ id: 0 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(Error);
    expect(error).toMatchObject({ code: 'VALIDATION', field: 'id' });
    // The reason's catalog code crosses too, for the page's language (issue 18, item 9).
    expect(error).toMatchObject({
      messageCode: expect.stringMatching(/^input\./),
      params: expect.any(Object),
    });

    const seen: EventMap['task.changed'][] = [];
    const off = bridge.on('task.changed', (p) => seen.push(p));
    await bridge['app.ready']({});
    core.events.emit('task.changed', { taskId: 9, deleted: true });
    await waitFor(() => seen.length === 1);
    expect(seen[0]).toEqual({ taskId: 9, deleted: true });
    off();
    core.events.emit('task.changed', { taskId: 10, deleted: false });
    await new Promise((r) => setTimeout(r, 50));
    expect(seen).toHaveLength(1);
  });

  it('reconnects after the host restarts, re-sends app.ready, and queues calls made meanwhile', async () => {
    const token = host.token;
    const port = host.port;
    const rendererDir = makeRendererDir().root;
    await host.close();
    host = await startBrowserHost(core, { port, rendererDir, token });
    const bridge = createWsBridge(`ws://127.0.0.1:${port}/ws?token=${token}`, { WebSocket: NodeSocket });
    bridges.push(bridge);
    const connections: boolean[] = [];
    bridge.onConnectionChange((c) => connections.push(c));
    const seen: number[] = [];
    bridge.on('task.changed', (p) => seen.push(p.taskId));
    await bridge['app.ready']({});

    await host.close();
    await waitFor(() => connections.includes(false));
    const queued = bridge['settings.get']({}); // made while disconnected: waits for the reconnect
    host = await startBrowserHost(core, { port, rendererDir, token });
    expect(await queued).toEqual({ channel: 'settings.get', echoed: {} });
    expect(connections).toEqual([true, false, true]);
    await new Promise((r) => setTimeout(r, 50)); // the automatic app.ready reaches the host
    core.events.emit('task.changed', { taskId: 4, deleted: false });
    await waitFor(() => seen.includes(4));
  });
});

describe('resolveWsUrl and the page token: the token never rides in a URL or a cookie', () => {
  it('makes the WebSocket URL from any form of the page URL, without the token', () => {
    expect(resolveWsUrl('http://127.0.0.1:5000/ui/cap/#token=abc')).toBe('ws://127.0.0.1:5000/ws');
    expect(resolveWsUrl('http://127.0.0.1:5000/?token=abc#/history')).toBe('ws://127.0.0.1:5000/ws');
    expect(resolveWsUrl('https://example.test/app/')).toBe('wss://example.test/ws');
    expect(wsProtocols('abc')).toEqual(['cronkeeper', 'cronkeeper.token.abc']);
    expect(wsProtocols(null)).toEqual(['cronkeeper']);
  });

  /** A window with just what takePageToken touches. */
  function fakeWindow(href: string) {
    const storage = new Map<string, string>();
    const win = {
      location: new URL(href),
      history: {
        state: null,
        replaceState: (_state: unknown, _title: string, url: string) => {
          win.location = new URL(url, win.location.href);
        },
      },
      sessionStorage: {
        getItem: (key: string) => storage.get(key) ?? null,
        setItem: (key: string, value: string) => void storage.set(key, value),
      },
    };
    return win;
  }
  const TOKEN = 'T'.repeat(43);

  it('takes the token out of the fragment at once, keeps the route, and finds it again after a reload', () => {
    const win = fakeWindow(`http://127.0.0.1:5000/ui/cap/#token=${TOKEN}#/history?execution=4`);
    expect(takePageToken(win as never)).toBe(TOKEN);
    expect(win.location.href).toBe('http://127.0.0.1:5000/ui/cap/#/history?execution=4');
    // A reload: the URL has no token any more; the tab's sessionStorage has.
    expect(takePageToken(win as never)).toBe(TOKEN);
    expect(win.location.href).not.toContain(TOKEN);

    const plain = fakeWindow(`http://127.0.0.1:5000/ui/cap/#token=${TOKEN}`);
    expect(takePageToken(plain as never)).toBe(TOKEN);
    expect(plain.location.href).toBe('http://127.0.0.1:5000/ui/cap/');
    const legacy = fakeWindow(`http://127.0.0.1:5000/ui/cap/?token=${TOKEN}#/tasks`);
    expect(takePageToken(legacy as never)).toBe(TOKEN);
    expect(legacy.location.href).toBe('http://127.0.0.1:5000/ui/cap/#/tasks');
    expect(splitTokenFragment('#/tasks')).toEqual({ token: null, rest: '#/tasks' });
    expect(takePageToken(fakeWindow('http://127.0.0.1:5000/ui/cap/#/tasks') as never)).toBeNull();
  });
});
