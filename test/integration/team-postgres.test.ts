// Team mode on a real PostgreSQL server (runs when CRONKEEPER_TEST_DATABASE_URL is set; .ci/run sets it):
// schedulers in separate processes share one database. A scheduler killed with SIGKILL mid-run has its run
// marked interrupted by another, which retries it; a run on one machine reaches another machine's events
// (the UI) within 2 s, and what was sent while a machine's listener was down is replayed when it
// reconnects; and the overlap policies see the runs of the other schedulers (skip, queue) or, for replace,
// ask their scheduler to cancel them. (Every slot exactly once: team-slots-postgres.test.ts.)
import pg from 'pg';
import { afterEach, describe, expect, it } from 'vitest';
import os from 'node:os';
import { insertExecution, touchHeartbeats } from '../../src/main/core/store/execution-writes';
import { INTERRUPTED_MESSAGE } from '../../src/main/core/scheduler/recovery';
import { remoteSkippedMessage, SKIPPED_MESSAGE } from '../../src/main/core/scheduler/index';
import { isSameProcess } from '../../src/main/core/runner/process-tree';
import { execute, select } from '../../src/main/core/store/sql';
import { TEAM_HEARTBEAT_MS, TEAM_STALE_MS } from '../../src/main/core/scheduler/team';
import {
  addTask,
  closeCores,
  executions,
  openCore,
  recordEvents,
  sleep,
  waitFor,
  createTask,
} from './scheduler-helpers';
import { killLeftovers, orphans, spawnScheduler, startedIds, stop } from './team-processes';
import { createPostgresDatabase, onPostgres } from './test-database';

afterEach(async () => {
  killLeftovers();
  await closeCores();
});

describe.skipIf(!onPostgres)('team mode on PostgreSQL', () => {
  it('after SIGKILL of a scheduler mid-run, another marks the run interrupted and retries it', async () => {
    const databaseUrl = await createPostgresDatabase();
    const admin = await openCore({ databaseUrl, schedule: false });
    const task = await createTask(admin, {
      name: 'long',
      command: 'sleep 60',
      cronExpression: '0 0 1 1 *',
      timezone: 'UTC',
      maxRetries: 1,
      retryDelaySeconds: 0,
    });
    const survivor = await spawnScheduler(databaseUrl);
    const victim = await spawnScheduler(databaseUrl, { runTaskId: task.id });
    const match = await waitFor(
      () => /STARTED (\d+) (\d+)/.exec(victim.out()),
      20_000,
      'the victim to start the run',
    );
    const [executionId, runPid] = [Number(match[1]), Number(match[2])];
    orphans.push(runPid);
    await waitFor(
      async () => (await executions(admin, task.id)).find((r) => r.id === executionId)?.heartbeat_at,
      10_000,
      'the run to heartbeat',
    );
    const killedAt = Date.now();
    victim.child.kill('SIGKILL');

    const interrupted = await waitFor(
      async () =>
        (await executions(admin, task.id)).find((r) => r.id === executionId && r.status === 'interrupted'),
      TEAM_STALE_MS + 4 * TEAM_HEARTBEAT_MS + 5_000,
      'the survivor to mark the run interrupted',
    );
    // Bounded: the heartbeat goes stale, then the next reaper pass (plus a loaded machine's slack).
    expect(Date.now() - killedAt).toBeLessThan(TEAM_STALE_MS + 4 * TEAM_HEARTBEAT_MS + 5_000);
    expect(interrupted.error_message).toBe(INTERRUPTED_MESSAGE);
    // The orphaned `sleep` on this host was the one started, so the survivor killed it.
    await waitFor(() => !isSameProcess(runPid, interrupted.pid_started_at), 5_000, 'the orphan to be killed');

    const retry = await waitFor(
      async () =>
        (await executions(admin, task.id)).find(
          (r) => r.trigger === 'retry' && r.status === 'running' && r.pid !== null,
        ),
      15_000,
      'the survivor to run the retry',
    );
    expect(retry.retry_count).toBe(1);
    expect(startedIds(survivor)).toContain(retry.id);
    await stop(survivor);
  }, 90_000);

  it('a run another scheduler reaped while this one stalled is stopped here and stays interrupted', async () => {
    const core = await openCore({ databaseUrl: await createPostgresDatabase() });
    const task = await createTask(core, {
      name: 'long',
      command: 'sleep 60',
      cronExpression: '0 0 1 1 *',
      timezone: 'UTC',
    });
    await core.start();
    const { executionId } = await core.scheduler.runNow(task.id);
    const row = await waitFor(
      async () => (await executions(core, task.id)).find((r) => r.id === executionId && r.pid !== null),
      10_000,
      'the run to start',
    );
    orphans.push(row.pid!);
    // What reapDeadRuns on another machine does once this scheduler's heartbeats stop (forced here).
    await execute(
      core.db,
      `UPDATE task_executions SET status = 'interrupted', end_time = ?, error_message = ? WHERE id = ?`,
      [Date.now(), INTERRUPTED_MESSAGE, executionId],
    );
    await waitFor(
      () => !isSameProcess(row.pid!, row.pid_started_at),
      3 * TEAM_HEARTBEAT_MS + 5_000,
      'the run to be stopped here',
    );
    await waitFor(() => core.scheduler.state().running === 0, 10_000, 'the run to end here');
    const [after] = await executions(core, task.id);
    expect(after).toMatchObject({
      id: executionId,
      status: 'interrupted',
      error_message: INTERRUPTED_MESSAGE,
    });
  });

  it('a run on another machine reaches this core as events within 2 s', async () => {
    const databaseUrl = await createPostgresDatabase();
    const ui = await openCore({ databaseUrl });
    const task = await createTask(ui, {
      name: 'reports progress',
      command: `for i in 1 2 3 4 5 6; do echo "::progress $((i*15)) step $i"; sleep 0.3; done`,
      cronExpression: '0 0 1 1 *',
      timezone: 'UTC',
      hostTag: 'elsewhere',
    });
    // Pinned to a host tag this core does not carry: the run happens in the other process.
    await ui.start();
    const seen = recordEvents(ui);
    // When each remote run event arrives here, against the other machine's clock (the same host's here).
    let startedLagMs: number | null = null;
    ui.events.on('execution.started', (e) => (startedLagMs = Date.now() - (e.execution.startTime ?? 0)));
    const other = await spawnScheduler(databaseUrl, { hostTags: ['elsewhere'] });
    const before = Date.now();
    await ui.scheduler.runNow(task.id);
    const started = await waitFor(
      () => seen.find((e) => e.event === 'execution.started'),
      10_000,
      'execution.started from the other machine',
    );
    // From the other machine's claim of the run (its start_time) to this core's event: under 2 s.
    expect(startedLagMs).not.toBeNull();
    expect(startedLagMs!).toBeLessThan(2_000);
    console.log(
      `[team] remote run: started event ${startedLagMs} ms after its claim, ${Date.now() - before} ms after runNow`,
    );
    expect(started.payload).toMatchObject({ execution: { taskId: task.id, status: 'running' } });
    await waitFor(
      () => seen.find((e) => e.event === 'execution.progress'),
      5_000,
      'progress from the other machine',
    );
    const finished = await waitFor(
      () => seen.find((e) => e.event === 'execution.finished'),
      15_000,
      'execution.finished from the other machine',
    );
    expect((finished.payload as { execution: { status: string } }).execution.status).toBe('success');
    await stop(other);
  }, 60_000);

  it("a machine whose clock is a minute behind keeps the server's time: its runs are not reaped", async () => {
    const databaseUrl = await createPostgresDatabase();
    const lines: string[] = [];
    const skewed = await openCore({
      databaseUrl,
      hostTags: ['skewed'],
      now: () => Date.now() - 60_000,
      log: (line) => lines.push(line),
    });
    const other = await openCore({ databaseUrl, hostTags: ['other'] });
    await Promise.all([skewed.start(), other.start()]);
    expect(lines.some((l) => /clock is 60\.\d s behind the database server's/.test(l))).toBe(true);
    const task = await createTask(skewed, {
      name: 'on the skewed machine',
      command: 'sleep 30',
      cronExpression: '0 0 1 1 *',
      timezone: 'UTC',
      hostTag: 'skewed',
    });
    const { executionId } = await skewed.scheduler.runNow(task.id);
    // The other scheduler reaps runs whose heartbeat is older than 10 s by ITS clock, every 2 s. Written by
    // the skewed local clock, this run would look a minute old at once.
    await sleep(TEAM_HEARTBEAT_MS * 2 + 1_000);
    const [row] = await executions(other, task.id);
    expect(row).toMatchObject({ id: executionId, status: 'running' });
    expect(Math.abs(row.start_time - Date.now())).toBeLessThan(10_000);
    expect(Math.abs(Number(row.heartbeat_at) - Date.now())).toBeLessThan(TEAM_STALE_MS);
    await other.handlers['executions.cancel']({ id: executionId });
  }, 30_000);

  it("a step of one machine's clock (an hour either way) neither reaps the others' runs nor disturbs its schedule", async () => {
    const databaseUrl = await createPostgresDatabase();
    const runner = await openCore({ databaseUrl, hostTags: ['runner'] });
    let step = 0;
    const lines: string[] = [];
    const stepped = await openCore({
      databaseUrl,
      hostTags: ['stepped'],
      now: () => Date.now() + step,
      log: (line) => lines.push(line),
    });
    await Promise.all([runner.start(), stepped.start()]);
    const long = await createTask(runner, {
      name: 'long, on the runner',
      command: 'sleep 30',
      cronExpression: '0 0 1 1 *',
      timezone: 'UTC',
      hostTag: 'runner',
    });
    const everySecond = await addTask(stepped, {
      command: 'true',
      hostTag: 'stepped',
      misfirePolicy: 'skip',
    });
    const { executionId } = await runner.scheduler.runNow(long.id);
    await waitFor(async () => (await executions(stepped, everySecond)).some((r) => r.status === 'success'));
    // NTP (or the user) moves the stepped machine's clock an hour ahead. Its reaper runs every 2 s: on the
    // stepped clock, the runner's heartbeats would look an hour old; its schedule would see an hour of
    // slots gone by and record them missed.
    step = 3_600_000;
    const steppedAt = Date.now();
    await sleep(TEAM_HEARTBEAT_MS * 2 + 1_000);
    const [run] = await executions(runner, long.id);
    expect(run).toMatchObject({ id: executionId, status: 'running' });
    const rows = await executions(stepped, everySecond);
    expect(rows.filter((r) => r.status === 'missed')).toEqual([]);
    // The schedule went on in the server's time: slots of the last seconds ran, none an hour ahead.
    expect(rows.some((r) => r.status === 'success' && r.scheduled_at! > steppedAt)).toBe(true);
    expect(rows.every((r) => r.scheduled_at! < Date.now() + 5_000)).toBe(true);
    expect(lines.some((l) => /clock stepped/.test(l))).toBe(true);

    // And back, an hour behind the server: the schedule does not stall for an hour either.
    step = -3_600_000;
    const backAt = Date.now();
    await waitFor(
      async () =>
        (await executions(stepped, everySecond)).some(
          (r) => r.status === 'success' && r.scheduled_at! > backAt,
        ),
      5_000,
      'a run after the clock went back',
    );
    expect((await executions(runner, long.id))[0].status).toBe('running');
    await runner.handlers['executions.cancel']({ id: executionId });
  }, 30_000);

  it('a dropped LISTEN connection reconnects and replays what other machines did meanwhile', async () => {
    const databaseUrl = await createPostgresDatabase();
    const lines: string[] = [];
    const ui = await openCore({ databaseUrl, schedule: false, log: (line) => lines.push(line) });
    const taskId = await addTask(ui, { command: 'true', cronExpression: '0 0 1 1 *' });
    await ui.start();
    const dbName = new URL(databaseUrl).pathname.slice(1);
    const serverUrl = new URL(databaseUrl);
    serverUrl.pathname = '/postgres';
    const admin = new pg.Client({ connectionString: serverUrl.toString() });
    // "Another machine": a connection that is already open when new ones are refused.
    const otherMachine = new pg.Client({ connectionString: databaseUrl });
    await Promise.all([admin.connect(), otherMachine.connect()]);
    try {
      const seen = recordEvents(ui);
      // Refuse new connections, then drop this core's listener: it cannot reconnect until we allow it.
      await admin.query(`ALTER DATABASE ${dbName} ALLOW_CONNECTIONS false`);
      const { rowCount } = await admin.query(
        `SELECT pg_terminate_backend(pid) FROM pg_stat_activity
          WHERE datname = $1 AND query = 'LISTEN cronkeeper_events'`,
        [dbName],
      );
      expect(rowCount).toBe(1);
      await waitFor(() => lines.some((l) => l.includes('connection lost')), 5_000, 'the loss to be noticed');
      // What the other machine does now is NOTIFYed to nobody.
      const now = Date.now();
      await otherMachine.query(
        `UPDATE scheduled_tasks SET description = 'edited', updated_at = $1 WHERE id = $2`,
        [now, taskId],
      );
      const inserted = await otherMachine.query<{ id: string }>(
        `INSERT INTO task_executions (task_id, status, "trigger", start_time, end_time, duration_seconds,
           exit_code, retry_count, host, created_at)
         VALUES ($1, 'success', 'manual', $2, $3, 0.1, 0, 0, 'other-machine', $2) RETURNING id`,
        [taskId, now, now + 100],
      );
      const runId = Number(inserted.rows[0].id);
      await sleep(1_500); // a reconnect attempt or two fail meanwhile
      expect(seen.filter((e) => e.event === 'execution.finished')).toHaveLength(0);
      await admin.query(`ALTER DATABASE ${dbName} ALLOW_CONNECTIONS true`);
      const finished = await waitFor(
        () => seen.find((e) => e.event === 'execution.finished'),
        10_000,
        'the missed run to be replayed',
      );
      expect(finished.payload).toMatchObject({ execution: { id: runId, status: 'success' } });
      expect(seen).toContainEqual({ event: 'task.changed', payload: { taskId, deleted: false } });
      expect(lines.some((l) => l.includes('listening again'))).toBe(true);
      // And live NOTIFY works again: a run announced now arrives as it happens.
      const other = await openCore({ databaseUrl, schedule: false });
      await other.start();
      const { executionId } = await other.scheduler.runNow(taskId);
      await waitFor(
        () =>
          seen.find(
            (e) =>
              e.event === 'execution.finished' &&
              (e.payload as { execution: { id: number } }).execution.id === executionId,
          ),
        10_000,
        'a live event after the reconnect',
      );
    } finally {
      await admin.query(`ALTER DATABASE ${dbName} ALLOW_CONNECTIONS true`).catch(() => {});
      await Promise.all([admin.end(), otherMachine.end()]);
    }
  }, 60_000);

  it('overlap skip across two schedulers: never two runs at once, the skipped slots recorded', async () => {
    const databaseUrl = await createPostgresDatabase();
    const admin = await openCore({ databaseUrl, schedule: false });
    const taskId = await addTask(admin, { command: 'sleep 2.5', overlapPolicy: 'skip' });
    const [a, b] = await Promise.all([
      spawnScheduler(databaseUrl, { name: 'A' }),
      spawnScheduler(databaseUrl, { name: 'B' }),
    ]);
    const from = Math.ceil(Date.now() / 1000) * 1000 + 1000;
    const until = from + 10_000;
    await waitFor(
      async () => (await executions(admin, taskId)).some((r) => (r.scheduled_at ?? 0) >= until),
      30_000,
      'ten seconds of slots',
    );
    await Promise.all([stop(a), stop(b)]);
    const rows = (await executions(admin, taskId)).filter(
      (r) => r.scheduled_at !== null && r.scheduled_at >= from && r.scheduled_at < until,
    );
    const runs = rows.filter((r) => r.status !== 'skipped' && r.status !== 'missed');
    const skipped = rows.filter((r) => r.status === 'skipped');
    // Without the cross-scheduler check, the scheduler not running the task starts the next slot at once.
    runs.sort((x, y) => x.start_time - y.start_time);
    for (let i = 1; i < runs.length; i++) {
      expect(runs[i].start_time).toBeGreaterThanOrEqual(runs[i - 1].end_time ?? Infinity);
    }
    expect(runs.length).toBeGreaterThanOrEqual(2);
    expect(runs.length).toBeLessThanOrEqual(4); // 10 s of 2.5 s runs, one at a time
    expect(skipped.length).toBeGreaterThanOrEqual(5);
    for (const row of skipped) expect(row.error_message).toContain(SKIPPED_MESSAGE);
    console.log(
      `[team] overlap skip, 2 schedulers, 10 slots: ${runs.length} runs, ${skipped.length} skipped, ` +
        `${skipped.filter((r) => r.error_message !== SKIPPED_MESSAGE).length} of them by the other scheduler`,
    );
  }, 60_000);

  it('a live run on another machine: skip records its host, queue waits (once), replace asks to cancel it', async () => {
    const core = await openCore({ databaseUrl: await createPostgresDatabase() });
    const skipId = await addTask(core, { command: 'true', overlapPolicy: 'skip' });
    const queueId = await addTask(core, { command: 'true', overlapPolicy: 'queue' });
    const replaceId = await addTask(core, { command: 'true', overlapPolicy: 'replace' });
    // What a scheduler on another machine has in the database while it runs each task.
    const remote: number[] = [];
    for (const taskId of [skipId, queueId, replaceId]) {
      const id = await insertExecution(core.db, {
        taskId,
        status: 'running',
        trigger: 'manual',
        scheduledAt: null,
        startTime: Date.now(),
        host: 'other-machine',
        createdAt: Date.now(),
      });
      remote.push(id!);
    }
    const beat = setInterval(() => void touchHeartbeats(core.db, remote, Date.now()), TEAM_HEARTBEAT_MS);
    try {
      await core.start();
      await sleep(3_500);
      const ours = async (taskId: number) =>
        (await executions(core, taskId)).filter((r) => r.host !== 'other-machine' && r.status !== 'missed');

      const skip = await ours(skipId);
      expect(skip.length).toBeGreaterThanOrEqual(2);
      for (const row of skip) {
        expect(row).toMatchObject({
          status: 'skipped',
          error_message: remoteSkippedMessage('other-machine'),
        });
      }
      expect(remoteSkippedMessage('other-machine')).toContain('still going on host other-machine');

      const queue = await ours(queueId);
      expect(queue.filter((r) => r.status === 'queued')).toHaveLength(1);
      expect(queue.filter((r) => r.status === 'skipped').length).toBeGreaterThanOrEqual(1);
      for (const row of queue.filter((r) => r.status === 'skipped')) {
        expect(row.error_message).toBe(
          remoteSkippedMessage('other-machine') + ' and one run is already waiting',
        );
      }
      expect(queue.filter((r) => r.status === 'running' || r.status === 'success')).toHaveLength(0);

      // replace: the new runs start at once, and the machine running the old one is asked to cancel it
      // (nobody here plays that machine; cancel-elsewhere.test.ts has two real schedulers).
      const replace = await ours(replaceId);
      expect(replace.filter((r) => r.status === 'success').length).toBeGreaterThanOrEqual(2);
      expect(replace.every((r) => r.host === os.hostname())).toBe(true);
      const [request] = await select<{ cancel_request: string | null }>(
        core.db,
        'SELECT cancel_request FROM task_executions WHERE id = ?',
        [remote[2]],
      );
      expect(request.cancel_request).toBe('replace');

      // The remote run of the queue task ends: the waiting run starts here.
      await execute(core.db, `UPDATE task_executions SET status = 'success', end_time = ? WHERE id = ?`, [
        Date.now(),
        remote[1],
      ]);
      const queuedId = queue.find((r) => r.status === 'queued')!.id;
      await waitFor(
        async () => (await ours(queueId)).find((r) => r.id === queuedId && r.status === 'success'),
        5_000,
        'the waiting run to start once the remote one ended',
      );
    } finally {
      clearInterval(beat);
    }
  }, 30_000);
});
