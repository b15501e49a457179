// Stored run messages keep their code: a row written before the catalog existed (plain English in
// error_message) reads back through the one execution mapper with its code and parameters, so switching
// the language changes an OLD message too. Text that is not a catalog message (a job's own words) has no
// code and reads the same in every language. Wire errors carry the code of a catalog message as well.
import { afterEach, describe, expect, it } from 'vitest';
import { dispatch } from '../../src/main/core/boundary/dispatcher';
import { getExecution } from '../../src/main/core/store/executions';
import { localFailureLine } from '../../src/renderer/src/i18n/core-text';
import { showMessage } from '../../src/shared/messages';
import { addTask, closeCores, insertExecutionRow, openCore } from './scheduler-helpers';

afterEach(() => closeCores());

describe('stored run messages', () => {
  it('an old row reads back coded, and a change of language changes its text', async () => {
    const core = await openCore({ schedule: false });
    const taskId = await addTask(core, { name: 'nightly export' });
    const old = Date.parse('2025-06-01T02:00:00Z');
    const exited = await insertExecutionRow(core, taskId, {
      status: 'failed',
      start_time: old,
      end_time: old + 1000,
      exit_code: 3,
      error_message: 'Exited with code 3',
      result_json: JSON.stringify({ error_summary: 'Traceback (most recent call last):\nKeyError: id' }),
    });
    const timedOut = await insertExecutionRow(core, taskId, {
      status: 'timed_out',
      start_time: old,
      error_message: 'Timed out after 60 s',
    });
    const own = await insertExecutionRow(core, taskId, {
      status: 'failed',
      start_time: old,
      error_message: 'the export server said no',
    });

    const first = await getExecution(core.db, exited);
    expect(first).toMatchObject({
      errorMessage: 'Exited with code 3',
      messageCode: 'run.exitCode',
      messageParams: { code: '3' },
    });
    // History (the hand-written list statement) maps through the same mapper.
    const listed = (await core.executions.history({ taskId })).items;
    expect(listed.find((e) => e.id === timedOut)).toMatchObject({
      messageCode: 'run.timedOut',
      messageParams: { seconds: '60' },
    });

    // The same stored row, shown in English and then in Chinese.
    expect(localFailureLine(first!, 'en')).toBe('Exited with code 3: KeyError: id');
    expect(localFailureLine(first!, 'zh-CN')).toBe('退出码 3：KeyError: id');
    const second = listed.find((e) => e.id === timedOut)!;
    expect(localFailureLine(second, 'zh-CN')).toBe('运行 60 秒后超时');

    // Not a catalog message: no code, the same text in both languages.
    const mine = await getExecution(core.db, own);
    expect(mine?.messageCode).toBeUndefined();
    expect(localFailureLine(mine!, 'zh-CN')).toBe('the export server said no');
  });

  it('a cron error crosses the wire with its code and reads in Chinese', async () => {
    const core = await openCore({ schedule: false });
    const outcome = await dispatch(
      'tasks.create',
      { name: 'bad schedule', command: 'echo hi', cronExpression: '61 * * * *' },
      (input) => core.tasks.create(input),
    );
    expect(outcome.ok).toBe(false);
    if (outcome.ok) return;
    expect(outcome.error).toMatchObject({
      code: 'VALIDATION',
      field: 'cronExpression',
      messageCode: 'cron.field',
      params: { field: 'Minute', detail: '61 is out of range 0-59' },
    });
    expect(outcome.error.message).toContain('Minute field: 61 is out of range 0-59');
    expect(showMessage(outcome.error, 'zh-CN')).toBe('分钟字段：61 超出范围 0-59');
  });

  it("a service's check (a name taken) crosses with its code", async () => {
    const core = await openCore({ schedule: false });
    const input = { name: 'backup', command: 'true', cronExpression: '0 3 * * *' };
    const create = () => dispatch('tasks.create', input, (i) => core.tasks.create(i));
    expect((await create()).ok).toBe(true);
    const again = await create();
    expect(again.ok).toBe(false);
    if (again.ok) return;
    expect(again.error).toMatchObject({ code: 'CONFLICT', messageCode: 'valid.nameTaken' });
    expect(showMessage(again.error, 'zh-CN')).toBe('名为 "backup" 的任务已存在');
  });
});
