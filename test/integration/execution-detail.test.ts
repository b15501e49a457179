// An execution's detail is read through the models: TaskExecution with its ScheduledTask included (the task's
// name, and the output encoding its log is read with), mapped by the one execution mapper. Each database
// has its own model classes, so a second database opened and closed in the same process (another core, a
// data-folder switch) never takes over the first one's reads.
import { afterEach, describe, expect, it } from 'vitest';
import { getExecution, getExecutionDetail } from '../../src/main/core/store/executions';
import { addTask, closeCores, insertExecutionRow, openCore } from './scheduler-helpers';

afterEach(() => closeCores());

describe('an execution with its task, through the models', () => {
  it('maps the row and its task in one read, paused only while running', async () => {
    const core = await openCore({ schedule: false });
    const taskId = await addTask(core, { name: 'nightly export', outputEncoding: 'cp1252' });
    const id = await insertExecutionRow(core, taskId, { paused_at: 1234, result_json: '{"message":"half"}' });
    const detail = await getExecutionDetail(core.db, id);
    expect(detail?.outputEncoding).toBe('cp1252');
    expect(detail?.execution).toMatchObject({
      id,
      taskId,
      taskName: 'nightly export',
      status: 'running',
      pausedAt: 1234,
      result: { message: 'half' },
    });
    // The same mapper as the hand-written history statement: the two agree field for field.
    const [listed] = (await core.executions.history({ taskId })).items;
    expect(detail?.execution).toEqual(listed);
    expect(await getExecution(core.db, id + 1000)).toBeNull();
  });

  it('reads from its own database while another one is opened and closed in the same process', async () => {
    const first = await openCore({ schedule: false });
    const taskId = await addTask(first, { name: 'first database task' });
    const id = await insertExecutionRow(first, taskId, { status: 'success' });
    const second = await openCore({ schedule: false });
    await second.stop();
    expect((await getExecution(first.db, id))?.taskName).toBe('first database task');
    expect((await first.executions.get(id)).taskName).toBe('first database task');
  });
});
