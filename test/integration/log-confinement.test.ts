// A run's log path comes from its row, which in team mode anyone with the shared database can write. The
// log is read only when its real path (symlinks resolved) lies in this data folder's logs/; otherwise
// executions.log refuses with a clear error, and nothing outside is ever read. (Retention's side is in
// settings-retention.test.ts.)
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { CronkeeperError } from '../../src/main/core/errors';
import { insertExecution } from '../../src/main/core/store/execution-writes';
import { execute } from '../../src/main/core/store/sql';
import { addTask, closeCores, makeDataDir, openCore } from './scheduler-helpers';

afterEach(() => closeCores());

describe('executions.log reads only inside logs/', () => {
  it('refuses a row pointing outside, a symlink leading outside and the app log; reads its own', async () => {
    const core = await openCore({ schedule: false });
    const taskId = await addTask(core, { cronExpression: '0 0 1 1 *' });
    const run = async (logPath: string) => {
      const id = await insertExecution(core.db, {
        taskId,
        status: 'success',
        trigger: 'manual',
        scheduledAt: null,
        startTime: Date.now(),
        endTime: Date.now(),
        host: os.hostname(),
        createdAt: Date.now(),
      });
      await execute(core.db, 'UPDATE task_executions SET log_path = ? WHERE id = ?', [logPath, id]);
      return id!;
    };
    const refusal = async (id: number) => {
      const error = await core.executions.log(id).then(
        () => null,
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(CronkeeperError);
      expect(error).toMatchObject({ code: 'FORBIDDEN' });
      expect((error as Error).message).toContain(`The log of execution ${id} is not read`);
      return (error as Error).message;
    };

    const secret = path.join(makeDataDir(), 'secret.txt');
    fs.writeFileSync(secret, 'SECRET CONTENT\n');
    const taskLogs = path.join(core.dataDir, 'logs', String(taskId));
    fs.mkdirSync(taskLogs, { recursive: true });

    expect(await refusal(await run(secret))).toContain('outside');
    // The same file reached through `..` from inside logs/.
    expect(
      await refusal(await run(path.join(taskLogs, '..', '..', path.relative(core.dataDir, secret)))),
    ).toBeTruthy();
    // A symlink inside logs/ that leads outside.
    const link = path.join(taskLogs, 'innocent.log');
    fs.symlinkSync(secret, link);
    await refusal(await run(link));
    // A folder symlinked into logs/: every file below it is really outside.
    fs.symlinkSync(path.dirname(secret), path.join(core.dataDir, 'logs', 'elsewhere'));
    await refusal(await run(path.join(core.dataDir, 'logs', 'elsewhere', 'secret.txt')));
    // The application log is in logs/ but is not a run's log.
    fs.writeFileSync(path.join(core.dataDir, 'logs', 'cronkeeper.log'), 'app log\n');
    await refusal(await run(path.join(core.dataDir, 'logs', 'cronkeeper.log')));

    // A run's own log is read as ever, and a missing one is an empty chunk.
    const own = path.join(taskLogs, '1.log');
    fs.writeFileSync(own, 'line one\n');
    expect(await core.executions.log(await run(own))).toMatchObject({ text: 'line one\n', size: 9 });
    expect(await core.executions.log(await run(path.join(taskLogs, 'gone.log')))).toMatchObject({
      text: '',
      size: 0,
    });
  });
});
