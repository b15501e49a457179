// The chain sweep at start (triggers/chain-sweep.ts): a chain run the process died before starting is
// started by the next scheduler, once, by its condition; not for a run a retry follows or may still follow,
// not after a day, not for a link removed since, nor for a downstream task saved since the upstream ended.
// Real cores on both engines; two schedulers at once on PostgreSQL, one after another on both.
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, expect, it } from 'vitest';
import { parseInput } from '../../src/main/core/boundary/dispatcher';
import { CANCEL_MESSAGES } from '../../src/main/core/runner/process-run';
import { execute } from '../../src/main/core/store/sql';
import {
  addTask,
  closeCores,
  executions,
  insertExecutionRow,
  makeDataDir,
  openCore,
  sleep,
  waitFor,
} from './scheduler-helpers';
import { onPostgres } from './test-database';
import type { Core } from '../../src/main/core/core';

afterEach(() => closeCores());

const NEVER = '0 0 1 1 *';
const HOUR = 3_600_000;

/** A run that ended `endAgo` ms ago, as a scheduler records it. */
function endedRun(core: Core, taskId: number, status: string, endAgo: number, more: object = {}) {
  const now = Date.now();
  return insertExecutionRow(core, taskId, {
    status,
    start_time: now - endAgo - 1_000,
    end_time: now - endAgo,
    host: 'gone',
    ...more,
  });
}

it('starts the chain runs a dead process left, once, after the final outcome only', async () => {
  const dataDir = makeDataDir();
  const setup = await openCore({ dataDir, schedule: false });
  const now = Date.now();
  const task = (name: string, fields: object = {}) =>
    addTask(setup, { name, cronExpression: NEVER, command: 'true', ...fields });
  const after = (upstreamTaskId: number, condition: string) =>
    ({ chains: [{ upstreamTaskId, condition }] }) as never;
  const a = await task('A');
  const r = await task('R', { maxRetries: 1 });
  const b = await task('B on success', { triggers: after(a, 'success') });
  const c = await task('C on failure', { triggers: after(a, 'failure') });
  const d = await task('D after R', { triggers: after(r, 'always') });
  const e = await task('E unlinked', { triggers: after(a, 'always') });
  const f = await task('F saved since', { triggers: after(a, 'always') });
  const g = await task('G pruned', { triggers: after(a, 'success') });
  // Q's retry limit was lowered after its run was retried: the retry link still says which run is final.
  const q = await task('Q', { maxRetries: 0 });
  const h = await task('H after Q', { triggers: after(q, 'failure') });
  await setup.handlers['tasks.update'](
    parseInput('tasks.update', { id: e, patch: { triggers: { chains: [] } as never } }),
  );
  // Every task was saved two days ago, except F (saved after the upstream runs ended).
  await execute(setup.db, 'UPDATE scheduled_tasks SET updated_at = ?', [now - 48 * HOUR]);
  await execute(setup.db, 'UPDATE scheduled_tasks SET updated_at = ? WHERE id = ?', [now - 5_000, f]);

  const ended = (taskId: number, status: string, endAgo: number, more: object = {}) =>
    insertExecutionRow(setup, taskId, {
      status,
      start_time: now - endAgo - 1_000,
      end_time: now - endAgo,
      host: 'gone',
      ...more,
    });
  // History older than the upstream runs (B, D and F have some; G's only run is newer: retention may have
  // deleted older ones, so G is left alone).
  for (const id of [b, d, f, h]) await ended(id, 'success', 3 * HOUR, { trigger: 'manual' });
  await ended(g, 'success', 10_000, { trigger: 'manual' });
  const a1 = await ended(a, 'success', 60_000);
  // Cancelled because Cronkeeper was shutting down: a stopping scheduler starts no chain run (C, on failure).
  await ended(a, 'cancelled', 55_000, { error_message: CANCEL_MESSAGES.shutdown });
  await ended(a, 'success', 25 * HOUR); // too old
  const a2 = await ended(a, 'success', 30_000);
  await ended(b, 'success', 29_000, { trigger: 'chain', upstream_execution_id: a2 }); // already ran
  const r1 = await ended(r, 'failed', 50_000);
  const r2 = await ended(r, 'failed', 40_000, { retry_count: 1, retry_of: r1 });
  await ended(r, 'failed', 20_000); // its retry is still due (not queued when the process died)
  const q1 = await ended(q, 'failed', 45_000);
  const q2 = await ended(q, 'failed', 35_000, { retry_count: 1, retry_of: q1 });
  const before = (await executions(setup)).length;
  await setup.stop();

  // Two schedulers at once on PostgreSQL (team mode); SQLite has one per data folder.
  const cores = await Promise.all((onPostgres ? [1, 2] : [1]).map(() => openCore({ dataDir })));
  await Promise.all(cores.map((core) => core.start()));
  const core = cores[0];
  const chainRuns = async () =>
    (await executions(core)).filter((x) => x.trigger === 'chain' && x.start_time > now);
  await waitFor(
    async () => {
      const rows = await chainRuns();
      return rows.length >= 3 && rows.every((x) => x.status === 'success') ? rows : null;
    },
    20_000,
    'the missing chain runs',
  );
  await sleep(1_000); // nothing else comes
  const fresh = await chainRuns();
  expect(fresh).toHaveLength(3);
  const upstreamOf = async (id: number) =>
    (await core.handlers['executions.get']({ id })).upstreamExecutionId ?? null;
  const byTask = new Map(fresh.map((x) => [x.task_id, x]));
  // Not C (its condition), E (its link was removed), F (saved since), G (its older runs may be pruned).
  expect([...byTask.keys()].sort()).toEqual([b, d, h].sort());
  expect([c, e, f, g].some((id) => byTask.has(id))).toBe(false);
  expect(await upstreamOf(byTask.get(b)!.id)).toBe(a1);
  expect(await upstreamOf(byTask.get(d)!.id)).toBe(r2);
  expect(await upstreamOf(byTask.get(h)!.id)).toBe(q2);

  // The next start finds nothing left to start.
  await closeCores();
  const again = await openCore({ dataDir });
  await again.start();
  await sleep(1_500);
  expect((await executions(again)).length).toBe(before + 3);
});

it('a second start of a claimed chain run does nothing, even under the replace policy', async () => {
  const core = await openCore();
  await core.start();
  const up = await addTask(core, { cronExpression: NEVER });
  // It runs until the test opens the gate: the second start surely finds it running.
  const gate = path.join(makeDataDir(), 'open');
  const down = await addTask(core, {
    cronExpression: NEVER,
    command: `while [ ! -f '${gate}' ]; do sleep 0.1; done`,
    overlapPolicy: 'replace',
  });
  const upstream = await insertExecutionRow(core, up, { status: 'success', end_time: Date.now() });
  const start = () =>
    core.scheduler.triggerHost.runTriggered(down, {
      trigger: 'chain',
      upstreamExecutionId: upstream,
      env: {},
      detail: { upstreamExecutionId: upstream },
    });
  const first = await start();
  expect(first).not.toBeNull();
  await waitFor(async () => (await executions(core, down)).find((x) => x.pid !== null), 10_000);
  // The live path and the sweep (or two machines) may both ask: the second finds the claim taken.
  expect(await start()).toBeNull();
  fs.writeFileSync(gate, '');
  const [run] = await waitFor(async () => {
    const rows = await executions(core, down);
    return rows.every((x) => x.status !== 'running') ? rows : null;
  }, 15_000);
  expect(run).toMatchObject({ id: first, status: 'success' });
  expect(await executions(core, down)).toHaveLength(1);
});

it.skipIf(!onPostgres)('team mode: a live scheduler sweeps the recent past for a dead machine', async () => {
  const core = await openCore();
  await core.start();
  const a = await addTask(core, { name: 'A', cronExpression: NEVER });
  const b = await addTask(core, {
    name: 'B',
    cronExpression: NEVER,
    triggers: { chains: [{ upstreamTaskId: a, condition: 'success' }] } as never,
  });
  const now = Date.now();
  await execute(core.db, 'UPDATE scheduled_tasks SET updated_at = ?', [now - HOUR]);
  await endedRun(core, b, 'success', 2 * HOUR, { trigger: 'manual' });
  // Recorded by a machine that died before it started the chain; and one that just ended elsewhere (its
  // machine starts the chain itself).
  const lost = await endedRun(core, a, 'success', 40_000);
  const fresh = await endedRun(core, a, 'success', 2_000);
  const started = await core.triggers!.coordinator.sweep.recent();
  expect(started).toHaveLength(1);
  expect((await core.handlers['executions.get']({ id: started[0] })).upstreamExecutionId).toBe(lost);
  expect((await core.handlers['executions.get']({ id: fresh })).downstream).toEqual([]);
  expect(await core.triggers!.coordinator.sweep.recent()).toEqual([]);
});
