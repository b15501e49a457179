// "Only on AC power" holds for a queued run too: it is checked again when the run finally starts (it waited
// for its task's previous run, or for room under the concurrency limit), and recorded skipped with the
// reason if the computer went on battery meanwhile. Real processes, a replaced power source, both engines.
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ON_BATTERY_SKIP } from '../../src/main/core/triggers/power-guard';
import { pushedPowerSource } from '../../src/main/core/triggers/power-source';
import type { Core } from '../../src/main/core/core';
import { parseInput } from '../../src/main/core/boundary/dispatcher';
import {
  addTask,
  closeCores,
  EVERY_SECOND,
  executions,
  makeDataDir,
  openCore,
  waitFor,
} from './scheduler-helpers';

afterEach(() => closeCores());

const NEVER = '0 0 1 1 *';
const ended = (status: string) => status !== 'running' && status !== 'queued';
/** Saved through the channel, as the app does: the trigger parts hear of it (task.changed) at once. */
async function saveTask(core: Core, input: Record<string, unknown>): Promise<number> {
  const task = await core.handlers['tasks.create'](
    parseInput('tasks.create', { name: `t-${Math.random().toString(36).slice(2, 8)}`, ...input }),
  );
  return task.id;
}

/** A command that runs until the test creates the gate file (no race with a fixed sleep). */
function gate(): { file: string; command: string } {
  const file = path.join(makeDataDir(), 'open');
  return { file, command: `while [ ! -f '${file}' ]; do sleep 0.1; done` };
}

describe('a queued run of an "only on AC power" task', () => {
  it('waiting for the previous run (overlap queue) is skipped if the power went to battery', async () => {
    const power = pushedPowerSource('ac');
    const core = await openCore({ power });
    await core.start();
    const running = gate();
    const id = await saveTask(core, {
      cronExpression: EVERY_SECOND,
      command: running.command,
      overlapPolicy: 'queue',
      triggers: { onlyOnAc: true } as never,
    });
    const queued = await waitFor(
      async () => (await executions(core, id)).find((r) => r.status === 'queued') ?? null,
      15_000,
      'a queued run',
    );
    power.set('battery');
    fs.writeFileSync(running.file, '');
    const row = await waitFor(
      async () => (await executions(core, id)).find((r) => r.id === queued.id && ended(r.status)) ?? null,
      20_000,
      'the queued run to end',
    );
    await core.handlers['tasks.setEnabled']({ id, enabled: false });
    expect(row).toMatchObject({ status: 'skipped', error_message: ON_BATTERY_SKIP, pid: null });
    // Only the run that started on AC power ran.
    const rows = await executions(core, id);
    expect(rows.filter((r) => r.pid !== null)).toHaveLength(1);
  });

  it('waiting for room under the concurrency limit is skipped, a manual run is not', async () => {
    const power = pushedPowerSource('ac');
    const core = await openCore({ power });
    await core.start();
    await core.settings.update({ concurrencyLimit: 1 });
    await core.scheduler.settingsChanged();
    const running = gate();
    const blocker = await addTask(core, { cronExpression: NEVER, command: running.command });
    const acOnly = await saveTask(core, {
      cronExpression: NEVER,
      command: 'true',
      triggers: { onlyOnAc: true } as never,
    });
    await core.scheduler.runNow(blocker, 'manual');
    await waitFor(async () => (await executions(core, blocker)).find((r) => r.status === 'running'), 10_000);
    const triggered = await core.scheduler.triggerHost.runTriggered(acOnly, {
      trigger: 'file',
      env: {},
      detail: { files: 1 },
    });
    expect(triggered).not.toBeNull();
    const { executionId: manual } = await core.scheduler.runNow(acOnly, 'manual');
    expect((await executions(core, acOnly)).map((r) => r.status)).toEqual(['queued', 'queued']);
    power.set('battery');
    fs.writeFileSync(running.file, '');
    const rows = await waitFor(
      async () => {
        const all = await executions(core, acOnly);
        return all.length === 2 && all.every((r) => ended(r.status)) ? all : null;
      },
      20_000,
      'both queued runs to end',
    );
    expect(rows.find((r) => r.id === triggered)).toMatchObject({
      status: 'skipped',
      trigger: 'file',
      error_message: ON_BATTERY_SKIP,
    });
    expect(rows.find((r) => r.id === manual)).toMatchObject({ status: 'success', trigger: 'manual' });
  });
});
