// Chains end to end (issue #16), on both engines: real cores, real processes. A downstream task runs on
// its upstream's success, failure or always, gets the upstream's id and result in its environment, runs
// once per upstream run (also with two cores on one database), and not before the upstream's final
// outcome when the upstream is retried. A cycle is refused with its names.
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { CronkeeperError } from '../../src/main/core/errors';
import { addTask, closeCores, executions, makeDataDir, openCore, sleep, waitFor } from './scheduler-helpers';

afterEach(() => closeCores());

const NEVER = '0 0 1 1 *';
const envLine = (file: string) =>
  `printf '%s|%s|%s' "$CRONKEEPER_UPSTREAM_EXECUTION_ID" "$CRONKEEPER_UPSTREAM_STATUS" "$CRONKEEPER_UPSTREAM_RESULT" > '${file}'`;

async function finished(core: Awaited<ReturnType<typeof openCore>>, taskId: number, count = 1) {
  return waitFor(
    async () => {
      const rows = (await executions(core, taskId)).filter(
        (r) => r.status !== 'running' && r.status !== 'queued',
      );
      return rows.length >= count ? rows : null;
    },
    20_000,
    `${count} finished run(s) of task ${taskId}`,
  );
}

describe('chains', () => {
  it('runs the downstream tasks whose condition matches, with the upstream id and result', async () => {
    const dir = makeDataDir();
    const core = await openCore();
    await core.start();
    const up = await addTask(core, {
      name: 'upstream',
      cronExpression: NEVER,
      command: 'echo working; exit 3',
    });
    const link = (condition: 'success' | 'failure' | 'always', name: string) =>
      addTask(core, {
        name,
        cronExpression: '',
        command: envLine(path.join(dir, `${name}.txt`)),
        triggers: { chains: [{ upstreamTaskId: up, condition }] } as never,
      });
    const onSuccess = await link('success', 'on-success');
    const onFailure = await link('failure', 'on-failure');
    const always = await link('always', 'always');
    // Only a chain starts it: no slot planned.
    expect((await core.tasks.get(onFailure)).nextRunAt).toBeNull();
    expect((await core.tasks.get(onFailure)).triggers?.chains).toEqual([
      { upstreamTaskId: up, condition: 'failure' },
    ]);

    const { executionId } = await core.scheduler.runNow(up, 'manual');
    await finished(core, onFailure);
    await finished(core, always);
    for (const name of ['on-failure', 'always']) {
      const [id, status, result] = fs.readFileSync(path.join(dir, `${name}.txt`), 'utf8').split('|');
      expect(id).toBe(String(executionId));
      expect(status).toBe('failed');
      expect(JSON.parse(result)).toMatchObject({ success: false, exit_code: 3 });
    }
    const [run] = await executions(core, onFailure);
    expect(run).toMatchObject({ trigger: 'chain', status: 'success' });
    expect(Number((run as unknown as { upstream_execution_id: number }).upstream_execution_id)).toBe(
      executionId,
    );
    await sleep(500);
    expect(await executions(core, onSuccess)).toHaveLength(0);

    const detail = await core.handlers['executions.get']({ id: executionId });
    expect(detail.downstream?.map((d) => d.taskName).sort()).toEqual(['always', 'on-failure']);
    const down = await core.handlers['executions.get']({ id: run.id });
    expect(down.upstreamExecutionId).toBe(executionId);
    expect(down.triggerDetail).toMatchObject({ upstreamExecutionId: executionId, condition: 'failure' });
  });

  it('waits for the final outcome of a retried upstream before firing', async () => {
    const dir = makeDataDir();
    const marker = path.join(dir, 'marker');
    const core = await openCore();
    await core.start();
    const up = await addTask(core, {
      name: 'flaky',
      cronExpression: NEVER,
      command: `if [ -f '${marker}' ]; then exit 0; else touch '${marker}'; exit 1; fi`,
      maxRetries: 1,
      retryDelaySeconds: 0,
    });
    const down = await addTask(core, {
      name: 'after flaky',
      cronExpression: '',
      command: 'true',
      triggers: { chains: [{ upstreamTaskId: up, condition: 'always' }] } as never,
    });
    await core.scheduler.runNow(up, 'manual');
    const ups = await finished(core, up, 2);
    const runs = await finished(core, down);
    await sleep(500);
    expect(await executions(core, down)).toHaveLength(1);
    expect(ups.map((r) => r.status)).toEqual(['failed', 'success']);
    // Fired by the retry that ended it, not by the first failure.
    expect(Number((runs[0] as unknown as { upstream_execution_id: number }).upstream_execution_id)).toBe(
      ups[1].id,
    );
  });

  it("gives a retry of a chain run the upstream's environment again", async () => {
    const dir = makeDataDir();
    const marker = path.join(dir, 'first-try');
    const core = await openCore();
    await core.start();
    const up = await addTask(core, { name: 'source', cronExpression: NEVER, command: 'echo ok' });
    const file = path.join(dir, 'env.txt');
    // Fails on its first try, succeeds on the retry; each try appends the upstream id it was given.
    const down = await addTask(core, {
      name: 'flaky consumer',
      cronExpression: '',
      command: `printf '%s\\n' "$CRONKEEPER_UPSTREAM_EXECUTION_ID" >> '${file}'; if [ -f '${marker}' ]; then exit 0; else touch '${marker}'; exit 1; fi`,
      maxRetries: 1,
      retryDelaySeconds: 0,
      triggers: { chains: [{ upstreamTaskId: up, condition: 'success' }] } as never,
    });
    const { executionId } = await core.scheduler.runNow(up, 'manual');
    const runs = await finished(core, down, 2);
    expect(runs.map((r) => [r.trigger, r.status]).sort()).toEqual([
      ['chain', 'failed'],
      ['retry', 'success'],
    ]);
    expect(fs.readFileSync(file, 'utf8')).toBe(`${executionId}\n${executionId}\n`);
  });

  it('starts one downstream run per upstream run, with two cores on one database', async () => {
    const core = await openCore();
    await core.start();
    const other = await openCore({ dataDir: core.dataDir, schedule: false });
    const up = await addTask(core, { name: 'up', cronExpression: NEVER, command: 'true' });
    const down = await addTask(core, { name: 'down', cronExpression: NEVER, command: 'sleep 0.3' });
    const { executionId } = await core.scheduler.runNow(up, 'manual');
    await finished(core, up);
    for (let round = 0; round < 3; round++) {
      const start = { trigger: 'chain' as const, upstreamExecutionId: executionId, env: {}, detail: {} };
      const ids = await Promise.all([
        core.scheduler.triggerHost.runTriggered(down, start),
        other.scheduler.triggerHost.runTriggered(down, start),
      ]);
      expect(ids.filter((id) => id !== null)).toHaveLength(round === 0 ? 1 : 0);
    }
    await finished(core, down);
    expect(await executions(core, down)).toHaveLength(1);
  });

  it('refuses a cycle and names it, and an upstream that does not exist', async () => {
    const core = await openCore();
    const a = await addTask(core, { name: 'Import', cronExpression: NEVER });
    const b = await addTask(core, {
      name: 'Report',
      cronExpression: NEVER,
      triggers: { chains: [{ upstreamTaskId: a, condition: 'success' }] } as never,
    });
    const c = await addTask(core, {
      name: 'Mail',
      cronExpression: NEVER,
      triggers: { chains: [{ upstreamTaskId: b, condition: 'success' }] } as never,
    });
    const err = await core.handlers['tasks.update']({
      id: a,
      patch: { triggers: { chains: [{ upstreamTaskId: c, condition: 'always' }] } as never },
    }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(CronkeeperError);
    expect((err as CronkeeperError).code).toBe('CONFLICT');
    expect((err as CronkeeperError).field).toBe('triggers.chains');
    expect((err as Error).message).toContain('“Import” → “Mail” → “Report” → “Import”');
    expect((await core.tasks.get(a)).triggers?.chains).toEqual([]);
    const missing = await addTask(core, {
      cronExpression: '',
      triggers: { chains: [{ upstreamTaskId: 9999, condition: 'always' }] } as never,
    }).catch((e: unknown) => e);
    expect((missing as CronkeeperError).code).toBe('VALIDATION');
    const noSchedule = await addTask(core, { cronExpression: '' }).catch((e: unknown) => e);
    expect((noSchedule as CronkeeperError).field).toBe('cronExpression');
    const relative = await addTask(core, {
      cronExpression: '',
      triggers: { watch: { folder: 'inbox', glob: null, debounceMs: 500 } } as never,
    }).catch((e: unknown) => e);
    expect((relative as CronkeeperError).field).toBe('triggers.watch.folder');
    // A folder that does not exist yet is accepted (the task shows a warning until it appears).
    const later = await addTask(core, {
      cronExpression: '',
      triggers: { watch: { folder: '/nowhere/yet/inbox', glob: null, debounceMs: 500 } } as never,
    });
    expect((await core.tasks.get(later)).triggers?.watch?.folder).toBe('/nowhere/yet/inbox');
  });
});
