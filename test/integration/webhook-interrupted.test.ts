// A run that recovery marks `interrupted` after a crash sends its webhook like a run that ended here: once,
// after the record is written, with the same document (status interrupted). SQLite's recovery at start and
// the team's reaper (PostgreSQL) alike; a real local HTTP server.
import { afterEach, expect, it } from 'vitest';
import { closeHookServers, hookServer } from './fault-helpers';
import { INTERRUPTED_MESSAGE } from '../../src/main/core/scheduler/recovery';
import {
  addTask,
  closeCores,
  insertExecutionRow,
  makeDataDir,
  openCore,
  sleep,
  waitFor,
} from './scheduler-helpers';

afterEach(async () => {
  await closeCores();
  closeHookServers();
});

it('sends the webhook of a run interrupted by a crash once, after recovery wrote it', async () => {
  const { url, bodies } = await hookServer();
  const dataDir = makeDataDir();
  const setup = await openCore({ dataDir, schedule: false });
  await setup.handlers['settings.update']({ webhookUrl: url, webhookOn: 'failure' });
  const NEVER = '0 0 1 1 *';
  const hooked = await addTask(setup, { name: 'nightly backup', cronExpression: NEVER });
  const silent = await addTask(setup, {
    cronExpression: NEVER,
    triggers: { webhookMode: 'off' } as never,
  });
  // What a crashed scheduler leaves: rows still `running`, their heartbeat long gone.
  const lost = await insertExecutionRow(setup, hooked, { start_time: Date.now() - 600_000, host: 'gone' });
  await insertExecutionRow(setup, silent, { start_time: Date.now() - 600_000, host: 'gone' });
  await setup.stop();

  const core = await openCore({ dataDir });
  await core.start();
  await waitFor(() => (bodies.length > 0 ? bodies : null), 20_000, 'the webhook');
  expect(bodies[0]).toMatchObject({
    event: 'run.ended',
    task: { id: hooked, name: 'nightly backup' },
    execution: { id: lost, status: 'interrupted', errorSummary: INTERRUPTED_MESSAGE },
  });
  expect(String(bodies[0].text)).toContain('nightly backup');
  // The outcome is stored on the run, as for any run (the drawer shows it).
  const detail = await waitFor(async () => {
    const e = await core.handlers['executions.get']({ id: lost });
    return e.webhook ? e : null;
  }, 10_000);
  expect(detail).toMatchObject({ status: 'interrupted', webhook: { ok: true, status: 200 } });

  // Once: the next start finds nothing to recover, and the task whose webhook is off sent nothing.
  await core.stop(0);
  const again = await openCore({ dataDir });
  await again.start();
  await sleep(1500);
  expect(bodies).toHaveLength(1);
});
