// next_run_at has ONE writer: the scheduler's planner (scheduler/slot-times.ts, through store/tasks.ts's
// writeSlotTimes). The task service saves a task without it; the core's save path (create, edit, enable,
// pause, import) has the planner store it, also in a core that does not schedule (the CLI).
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { EXPORT_FORMAT, EXPORT_VERSION } from '../../src/main/core/services/task-service';
import { nextRunAfter } from '../../src/main/core/timing/schedule-math';
import { select } from '../../src/main/core/store/sql';
import type { TaskInput } from '../../src/shared/types';
import { closeCores, openCore } from './scheduler-helpers';

afterEach(() => closeCores());

const input = (name: string, cronExpression = '0 3 * * *'): TaskInput => ({
  name,
  description: '',
  command: 'true',
  workingDir: '',
  env: {},
  cronExpression,
  timezone: 'UTC',
  enabled: true,
  paused: false,
  timeoutSeconds: 60,
  maxRetries: 0,
  retryDelaySeconds: 0,
  overlapPolicy: 'skip',
  misfirePolicy: 'skip',
  misfireGraceSeconds: 60,
  notifyOn: 'never',
});

async function storedNextRun(core: Awaited<ReturnType<typeof openCore>>, id: number) {
  const [row] = await select<{ next_run_at: number | null }>(
    core.db,
    'SELECT next_run_at FROM scheduled_tasks WHERE id = ?',
    [id],
  );
  return row.next_run_at === null ? null : Number(row.next_run_at);
}

describe('the one writer of next_run_at', () => {
  it('the task service alone stores no next run; the core save path has the planner store it', async () => {
    const core = await openCore({ schedule: false });
    const direct = await core.tasks.create(input('direct'));
    expect(await storedNextRun(core, direct.id)).toBeNull();

    const before = Date.now();
    const created = await core.handlers['tasks.create'](input('via core'));
    expect(created.nextRunAt).toBe(nextRunAfter('0 3 * * *', 'UTC', before));
    expect(await storedNextRun(core, created.id)).toBe(created.nextRunAt);

    const edited = await core.handlers['tasks.update']({
      id: created.id,
      patch: { cronExpression: '30 4 * * *' },
    });
    expect(edited.nextRunAt).toBe(nextRunAfter('30 4 * * *', 'UTC', Date.now()));
    expect((await core.handlers['tasks.setPaused']({ id: created.id, paused: true })).nextRunAt).toBeNull();
    expect((await core.handlers['tasks.setPaused']({ id: created.id, paused: false })).nextRunAt).toBe(
      edited.nextRunAt,
    );
    expect(
      (await core.handlers['tasks.setEnabled']({ id: created.id, enabled: false })).nextRunAt,
    ).toBeNull();

    const json = JSON.stringify({
      format: EXPORT_FORMAT,
      version: EXPORT_VERSION,
      tasks: [input('imported 1', '*/5 * * * *'), { ...input('imported 2'), enabled: false }],
    });
    await core.handlers['tasks.import']({ json });
    const rows = await select<{ name: string; next_run_at: number | null }>(
      core.db,
      "SELECT name, next_run_at FROM scheduled_tasks WHERE name LIKE 'imported%' ORDER BY name",
    );
    expect(rows.map((r) => r.next_run_at === null)).toEqual([false, true]);
  });

  it('no source file but the planner calls the writer, and no SQL elsewhere sets next_run_at', () => {
    // SQL lives in the main process only (the renderer and shared/ name the column as a sort key).
    const root = path.join(__dirname, '../../src/main');
    const files = (fs.readdirSync(root, { recursive: true }) as string[])
      .filter((f) => f.endsWith('.ts') && !f.split(path.sep).includes('migrations'))
      .map((f) => f.split(path.sep).join('/'));
    const text = (f: string) => fs.readFileSync(path.join(root, f), 'utf8');
    const callers = files.filter((f) => /\bwriteSlotTimes\(/.test(text(f)));
    expect(callers.sort()).toEqual(['core/scheduler/slot-times.ts', 'core/store/tasks.ts']);
    // An UPDATE ... SET next_run_at, or next_run_at among the columns an INSERT or UPDATE writes (the
    // mapper's field table names it as a column it reads: `column: 'next_run_at'`).
    const writers = files.filter((f) =>
      /SET\s[^`;]*\bnext_run_at\s*=|(?<!column: )'next_run_at'|next_run_at:\s*this\./.test(text(f)),
    );
    expect(writers).toEqual(['core/store/tasks.ts']);
  });
});
