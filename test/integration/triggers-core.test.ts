// The start-up and file triggers, the power conditions and the webhook through a real core (issue #16), on
// both engines: real processes, real files, a real local HTTP server, a replaced PowerSource.
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { EventMap } from '../../src/shared/contract';
import { ON_BATTERY_SKIP, SWITCHED_TO_BATTERY } from '../../src/main/core/triggers/power-guard';
import { pushedPowerSource } from '../../src/main/core/triggers/power-source';
import {
  addTask,
  closeCores,
  EVERY_SECOND,
  executions,
  makeDataDir,
  openCore,
  sleep,
  waitFor,
} from './scheduler-helpers';
import { onPostgres } from './test-database';
import { parseInput } from '../../src/main/core/boundary/dispatcher';

afterEach(() => closeCores());

const NEVER = '0 0 1 1 *';
const ended = (status: string) => status !== 'running' && status !== 'queued';
/** The rows, or null while there are none (an empty array would end waitFor). */
const some = <T>(rows: T[]): T[] | null => (rows.length > 0 ? rows : null);

describe('start-up trigger', () => {
  it('runs the task once when the scheduler starts, after its delay', async () => {
    const dataDir = makeDataDir();
    const setup = await openCore({ dataDir, schedule: false });
    const id = await addTask(setup, {
      name: 'at start',
      cronExpression: '',
      command: 'true',
      triggers: { onStartup: true, startupDelaySeconds: 1 } as never,
    });
    await setup.stop();
    const core = await openCore({ dataDir });
    const startedAt = Date.now();
    await core.start();
    await sleep(300);
    expect(await executions(core, id)).toHaveLength(0); // the delay holds it back
    const [run] = await waitFor(
      async () => some((await executions(core, id)).filter((r) => ended(r.status))),
      10_000,
    );
    expect(run).toMatchObject({ trigger: 'startup', status: 'success' });
    expect(run.start_time - startedAt).toBeGreaterThanOrEqual(950);
    await sleep(500);
    expect(await executions(core, id)).toHaveLength(1);
  });

  it.skipIf(!onPostgres)('in team mode runs only on a scheduler carrying the host tag', async () => {
    const dataDir = makeDataDir();
    const setup = await openCore({ dataDir, schedule: false });
    const here = await addTask(setup, {
      cronExpression: '',
      hostTag: 'here',
      triggers: { onStartup: true } as never,
    });
    const there = await addTask(setup, {
      cronExpression: '',
      hostTag: 'there',
      triggers: { onStartup: true } as never,
    });
    await setup.stop();
    const core = await openCore({ dataDir, hostTags: ['here'] });
    await core.start();
    await waitFor(async () => (await executions(core, here)).some((r) => ended(r.status)), 10_000);
    await sleep(800);
    expect(await executions(core, there)).toHaveLength(0);
  });
});

describe('file trigger', () => {
  it('waits for a missing folder, then runs on debounced changes with the paths', async () => {
    const base = makeDataDir();
    const folder = path.join(base, 'inbox');
    const out = path.join(base, 'out.txt');
    const core = await openCore();
    const statuses: EventMap['task.watchStatus'][] = [];
    core.events.on('task.watchStatus', (s) => statuses.push(s));
    await core.start();
    const id = await addTask(core, {
      name: 'on files',
      cronExpression: '',
      command: `{ printf '%s\\n' "$CRONKEEPER_CHANGED_FILES_COUNT"; cat "$CRONKEEPER_CHANGED_FILES_LIST"; printf '%s\\n' "$CRONKEEPER_CHANGED_FILES"; } > '${out}'`,
      triggers: { watch: { folder, glob: '*.csv', debounceMs: 300 } } as never,
    });
    await waitFor(() => statuses.find((s) => s.taskId === id && s.state === 'missing'), 10_000, 'missing');
    fs.mkdirSync(folder);
    await waitFor(() => statuses.find((s) => s.taskId === id && s.state === 'watching'), 15_000, 'watching');
    await sleep(300);
    fs.writeFileSync(path.join(folder, 'a.csv'), '1');
    fs.writeFileSync(path.join(folder, 'b.csv'), '2');
    fs.writeFileSync(path.join(folder, 'ignored.txt'), '3');
    const [run] = await waitFor(
      async () => some((await executions(core, id)).filter((r) => ended(r.status))),
      15_000,
    );
    expect(run).toMatchObject({ trigger: 'file', status: 'success' });
    await sleep(800); // one debounced batch: one run
    expect(await executions(core, id)).toHaveLength(1);
    const text = fs.readFileSync(out, 'utf8');
    expect(text.split('\n')[0]).toBe('2');
    // Paths relative to the watched folder, in the list file and in the environment.
    expect(text.split('created\ta.csv')).toHaveLength(3);
    expect(text.split('created\tb.csv')).toHaveLength(3);
    expect(text).not.toContain('ignored.txt');
  });
});

describe('power conditions', () => {
  it('skips a slot on battery with the reason, and stops a run when the power switches', async () => {
    const power = pushedPowerSource('battery');
    const core = await openCore({ power });
    await core.start();
    const acOnly = await addTask(core, {
      cronExpression: EVERY_SECOND,
      command: 'true',
      triggers: { onlyOnAc: true } as never,
    });
    const [skipped] = await waitFor(
      async () => some((await executions(core, acOnly)).filter((r) => r.status === 'skipped')),
      10_000,
    );
    expect(skipped.error_message).toBe(ON_BATTERY_SKIP);
    expect((await executions(core, acOnly)).some((r) => r.status === 'success')).toBe(false);
    await core.handlers['tasks.setEnabled']({ id: acOnly, enabled: false });

    power.set('ac');
    // Saved through the channel, as the app does: the trigger parts hear of it (task.changed) at once.
    const { id: long } = await core.handlers['tasks.create'](
      parseInput('tasks.create', {
        name: 'long',
        cronExpression: NEVER,
        command: 'sleep 30',
        triggers: { stopOnBattery: true } as never,
      }),
    );
    const { executionId } = await core.scheduler.runNow(long, 'manual');
    await waitFor(async () => (await executions(core, long)).find((r) => r.pid !== null), 10_000);
    power.set('battery');
    const [stopped] = await waitFor(
      async () => some((await executions(core, long)).filter((r) => ended(r.status))),
      15_000,
    );
    expect(stopped).toMatchObject({
      id: executionId,
      status: 'cancelled',
      error_message: SWITCHED_TO_BATTERY,
    });
  });
});

describe('webhook', () => {
  it('posts after a real failed run and stores the outcome, shown by executions.get', async () => {
    const bodies: Record<string, unknown>[] = [];
    const server = http.createServer((req, res) => {
      let body = '';
      req.on('data', (c) => (body += c));
      req.on('end', () => {
        bodies.push(JSON.parse(body) as Record<string, unknown>);
        res.writeHead(bodies.length === 1 ? 500 : 200).end();
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    try {
      const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`;
      const core = await openCore();
      await core.start();
      await core.handlers['settings.update']({ webhookUrl: url, webhookOn: 'failure' });
      const id = await addTask(core, { name: 'breaks', cronExpression: NEVER, command: 'exit 4' });
      const { executionId } = await core.scheduler.runNow(id, 'manual');
      const detail = await waitFor(
        async () => {
          const e = await core.handlers['executions.get']({ id: executionId });
          return e.webhook ? e : null;
        },
        20_000,
        'the webhook outcome',
      );
      expect(detail.webhook).toMatchObject({ ok: true, status: 200, attempts: 2 });
      expect(bodies).toHaveLength(2); // the 500 was retried
      expect(bodies[1]).toMatchObject({ task: { id, name: 'breaks' } });
      expect(JSON.stringify(bodies[1])).toContain('failed');
      // A run relayed from another machine of the team (team-events.ts) is that machine's to report.
      core.events.emit('execution.finished', { execution: detail, taskName: 'breaks', previousStatus: null });
      await sleep(1500);
      expect(bodies).toHaveLength(2);
    } finally {
      server.close();
    }
  });
});

describe('keep awake in serve', () => {
  it('uses the OS tool when no KeepAwake is given (Linux: systemd-inhibit)', async () => {
    if (process.platform !== 'linux') return;
    const lines: string[] = [];
    const core = await openCore({ log: (line) => lines.push(line) });
    await core.start();
    const id = await addTask(core, {
      cronExpression: NEVER,
      command: 'sleep 0.5',
      triggers: { keepAwake: true } as never,
    });
    await core.scheduler.runNow(id, 'manual');
    await waitFor(async () => (await executions(core, id)).some((r) => ended(r.status)), 10_000);
    // Either the lock was held, or the run's log says why systemd-inhibit could not take it: never silent.
    const spawned = await waitFor(
      () =>
        lines.find((l) => /Keep awake/.test(l)) ?? (lines.some((l) => /Finished/.test(l)) ? 'held' : null),
      5_000,
    );
    if (spawned !== 'held') expect(spawned).toMatch(/systemd-inhibit/);
  });
});
