// The editor's test run as it goes, with real processes: output and progress are pushed before the command
// ends (protocol lines shown as progress, never as text), a cancel stops it, and a command that could not
// start says why (missing folder, not a folder, command not found, permission denied).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { EventMap } from '../../src/shared/contract';
import { closeCores, executions, openCore, waitFor } from './scheduler-helpers';

const dirs: string[] = [];
afterEach(async () => {
  await closeCores();
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

function tempDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ck-testrun-'));
  dirs.push(dir);
  return dir;
}

describe.skipIf(process.platform === 'win32')('live test runs', () => {
  it('pushes output and progress before the command ends, without the protocol lines', async () => {
    const core = await openCore({ schedule: false });
    const outputs: EventMap['testRun.output'][] = [];
    const progress: EventMap['testRun.progress'][] = [];
    core.events.on('testRun.output', (p) => outputs.push(p));
    core.events.on('testRun.progress', (p) => progress.push(p));
    const marker = path.join(tempDir(), 'go-on');
    const command = [
      'echo first line',
      'echo "::progress 40 Loading prices"',
      `while [ ! -f '${marker}' ]; do sleep 0.05; done`,
      'echo second line >&2',
      `echo '::result {"insert_count": 3}'`,
    ].join('; ');
    let settled = false;
    const running = core.handlers['tasks.testRun']({
      command,
      runId: 'live-0001',
      timeoutSeconds: 30,
    }).finally(() => (settled = true));
    // Seen while the command still waits for the marker.
    await waitFor(
      () =>
        outputs
          .map((o) => o.text)
          .join('')
          .includes('first line'),
      10_000,
      'live output',
    );
    await waitFor(() => progress.some((p) => p.progressPercent === 40), 10_000, 'live progress');
    expect(settled).toBe(false);
    expect(outputs.every((o) => o.runId === 'live-0001')).toBe(true);
    expect(progress.find((p) => p.progressPercent === 40)?.message).toBe('Loading prices');
    fs.writeFileSync(marker, '');
    const result = await running;
    expect(result.status).toBe('success');
    expect(result.output).toBe('first line\nsecond line\n');
    expect(result.progressPercent).toBe(40);
    const streamed = outputs.map((o) => o.text).join('');
    expect(streamed).toBe('first line\nsecond line\n');
    expect(streamed).not.toContain('::');
    expect(await executions(core)).toHaveLength(0); // still never recorded
  }, 20_000);

  it('is cancelled by its id, even when the cancel comes while it is starting', async () => {
    const core = await openCore({ schedule: false });
    const started = Date.now();
    const running = core.handlers['tasks.testRun']({ command: 'sleep 30', runId: 'cancel-0001' });
    expect(await core.handlers['tasks.testRunCancel']({ runId: 'cancel-0001' })).toEqual({ cancelled: true });
    const result = await running;
    expect(result.status).toBe('cancelled');
    expect(result.startProblem).toBeNull();
    expect(Date.now() - started).toBeLessThan(10_000);
    // Over: nothing left to cancel under that id.
    expect(await core.handlers['tasks.testRunCancel']({ runId: 'cancel-0001' })).toEqual({
      cancelled: false,
    });

    // A cancel once the process has printed something (it is surely running).
    const seen: string[] = [];
    core.events.on('testRun.output', (p) => seen.push(p.text));
    const second = core.handlers['tasks.testRun']({
      command: 'echo up; sleep 30',
      runId: 'cancel-0002',
      timeoutSeconds: 30,
    });
    await waitFor(() => seen.join('').includes('up'), 10_000, 'the second run to print');
    await core.handlers['tasks.testRunCancel']({ runId: 'cancel-0002' });
    expect((await second).status).toBe('cancelled');
  }, 30_000);

  it('refuses a second run under an id that is going', async () => {
    const core = await openCore({ schedule: false });
    const first = core.handlers['tasks.testRun']({ command: 'sleep 30', runId: 'same-0001' });
    await expect(
      core.handlers['tasks.testRun']({ command: 'true', runId: 'same-0001' }),
    ).rejects.toMatchObject({ code: 'CONFLICT' });
    await core.handlers['tasks.testRunCancel']({ runId: 'same-0001' });
    expect((await first).status).toBe('cancelled');
  }, 20_000);

  it('stopping the core ends the test runs going, with an id or without', async () => {
    const core = await openCore({ schedule: false });
    const started = Date.now();
    const withId = core.handlers['tasks.testRun']({ command: 'sleep 30', runId: 'stop-0001' });
    const withoutId = core.handlers['tasks.testRun']({ command: 'sleep 30' });
    await core.stop(0);
    expect((await withId).status).toBe('cancelled');
    expect((await withoutId).status).toBe('cancelled');
    expect(Date.now() - started).toBeLessThan(10_000);
  }, 20_000);

  it('says why a command could not start, with real processes', async () => {
    const core = await openCore({ schedule: false });
    const dir = tempDir();
    const missing = path.join(dir, 'no-such-folder');
    const file = path.join(dir, 'plain.txt');
    fs.writeFileSync(file, 'not a folder');
    const script = path.join(dir, 'job.sh');
    fs.writeFileSync(script, '#!/bin/sh\necho never\n', { mode: 0o644 }); // no execute bit, even for root

    const noFolder = await core.handlers['tasks.testRun']({ command: 'echo hi', workingDir: missing });
    expect(noFolder).toMatchObject({
      status: 'failed',
      startProblem: { reason: 'folderMissing', detail: missing },
    });
    const notFolder = await core.handlers['tasks.testRun']({ command: 'echo hi', workingDir: file });
    expect(notFolder.startProblem).toEqual({ reason: 'notAFolder', detail: file });
    const notFound = await core.handlers['tasks.testRun']({ command: 'ck-no-such-program-xyz --flag' });
    expect(notFound).toMatchObject({
      exitCode: 127,
      startProblem: { reason: 'commandNotFound', detail: 'ck-no-such-program-xyz' },
    });
    const denied = await core.handlers['tasks.testRun']({ command: './job.sh', workingDir: dir });
    expect(denied).toMatchObject({
      exitCode: 126,
      startProblem: { reason: 'permissionDenied', detail: './job.sh' },
    });
    // A command that ran and failed on its own is not a start problem.
    const failed = await core.handlers['tasks.testRun']({ command: 'exit 3' });
    expect(failed).toMatchObject({ status: 'failed', exitCode: 3, startProblem: null });
  }, 30_000);
});
