// A run's log is a file on the machine that ran it (team mode: several machines share one database). Asked
// here for a run of another machine whose log is not on this one, executions.log says where it is instead
// of showing an empty log; this machine's runs read as before.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { CronkeeperError } from '../../src/main/core/errors';
import { insertExecution } from '../../src/main/core/store/execution-writes';
import { execute } from '../../src/main/core/store/sql';
import { addTask, closeCores, makeDataDir, openCore } from './scheduler-helpers';

afterEach(() => closeCores());

describe('executions.log and the host that ran the execution', () => {
  it('names the other host when its log is not here; reads this machine’s logs as before', async () => {
    const core = await openCore({ schedule: false });
    const taskId = await addTask(core, { cronExpression: '0 0 1 1 *' });
    const logDir = makeDataDir();
    const run = async (host: string, logPath: string) => {
      const id = await insertExecution(core.db, {
        taskId,
        status: 'success',
        trigger: 'manual',
        scheduledAt: null,
        startTime: Date.now(),
        endTime: Date.now(),
        host,
        createdAt: Date.now(),
      });
      await execute(core.db, 'UPDATE task_executions SET log_path = ? WHERE id = ?', [logPath, id]);
      return id!;
    };

    const remote = await run('build-box-7', path.join(logDir, 'not-here.log'));
    const error = await core.executions.log(remote).then(
      () => null,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(CronkeeperError);
    expect(error).toMatchObject({ code: 'NOT_FOUND' });
    expect((error as Error).message).toContain(`execution ${remote} is on host build-box-7`);

    // A log that is here after all (one disk shared by the machines) is read.
    const sharedLog = path.join(core.dataDir, 'logs', String(taskId), 'shared.log');
    fs.mkdirSync(path.dirname(sharedLog), { recursive: true });
    fs.writeFileSync(sharedLog, 'line one\nline two\n');
    const shared = await run('build-box-7', sharedLog);
    expect(await core.executions.log(shared)).toMatchObject({ text: 'line one\nline two\n', size: 18 });

    // This machine's run whose log is gone (or not written yet): an empty chunk, as before.
    const local = await run(os.hostname(), path.join(logDir, 'gone.log'));
    expect(await core.executions.log(local)).toMatchObject({ text: '', size: 0 });
  });
});
