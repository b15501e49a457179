// A run that ends while the database is unavailable is recorded `interrupted` once the database answers
// again (its outcome could not be written). It sends its webhook like a run interrupted by a crash
// (webhook-interrupted.test.ts): once, after that record is written, status interrupted. The outage is a
// cut connection (every statement of the core refused, as with a dead server or a cut network); the
// webhook goes to a real local HTTP server. Both engines.
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, expect, it } from 'vitest';
import { closeHookServers, cutOff, hookServer } from './fault-helpers';
import { UNRECORDED_MESSAGE } from '../../src/main/core/scheduler';
import {
  addTask,
  closeCores,
  executions,
  isPidAlive,
  makeDataDir,
  openCore,
  sleep,
  waitFor,
} from './scheduler-helpers';

afterEach(async () => {
  await closeCores();
  closeHookServers();
});

it('sends the webhook of a run that ended during a database outage once, after it is recorded', async () => {
  const { url, bodies } = await hookServer();
  const dataDir = makeDataDir();
  const gate = path.join(dataDir, 'gate');
  const core = await openCore({ dataDir });
  await core.handlers['settings.update']({ webhookUrl: url, webhookOn: 'failure' });
  const taskId = await addTask(core, {
    name: 'nightly export',
    cronExpression: '0 0 1 1 *',
    // Ends when the test says so: after the database is cut off.
    command: `while [ ! -f '${gate}' ]; do sleep 0.1; done`,
  });
  await core.start();
  const { executionId } = await core.handlers['tasks.runNow']({ id: taskId });
  const started = await waitFor(
    async () => (await executions(core, taskId)).find((r) => r.id === executionId && r.pid),
    20_000,
    'the run to start',
  );

  const restore = cutOff(core);
  fs.writeFileSync(gate, '');
  await waitFor(() => !isPidAlive(Number(started.pid)), 20_000, 'the run to end');
  // Its end could not be written (the run is gone from the active runs), and the scheduler is degraded.
  await waitFor(
    () => core.scheduler.state().running === 0 && core.scheduler.state().health === 'degraded',
    20_000,
    'the run to end unrecorded, the scheduler degraded',
  );
  await sleep(300);
  expect(bodies).toHaveLength(0);

  restore();
  await waitFor(() => (bodies.length > 0 ? bodies : null), 30_000, 'the webhook');
  expect(bodies[0]).toMatchObject({
    event: 'run.ended',
    task: { id: taskId, name: 'nightly export' },
    execution: { id: executionId, status: 'interrupted', errorSummary: UNRECORDED_MESSAGE },
  });
  const detail = await waitFor(async () => {
    const e = await core.handlers['executions.get']({ id: executionId });
    return e.webhook ? e : null;
  }, 10_000);
  expect(detail).toMatchObject({ status: 'interrupted', webhook: { ok: true, status: 200 } });
  // Once: nothing sends it again.
  await sleep(1500);
  expect(bodies).toHaveLength(1);
});
