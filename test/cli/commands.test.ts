// Every reading and writing command of the `cronkeeper` CLI, in text and --json form, run as a real
// child process against a temporary data dir.
import fs from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import type { Execution, Task, TaskListItem } from '../../src/shared/types';
import { cli, cliJson, ensureBuilt, ROOT, tempDir } from './cli-harness';

beforeAll(() => ensureBuilt(), 180_000);

// Each CLI call opens and migrates the database: about 0.5 s on an idle machine, seconds under load.
vi.setConfig({ testTimeout: 90_000 });

const version = (JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { version: string })
  .version;

describe('help and version', () => {
  it('prints the version and help without touching a data dir', async () => {
    const dir = path.join(tempDir(), 'never-created');
    const v = await cli(dir, ['--version']);
    expect(v).toMatchObject({ code: 0, stdout: `${version}\n`, stderr: '' });

    const help = await cli(dir, ['--help']);
    expect(help.code).toBe(0);
    for (const command of ['serve', 'task add', 'task run', 'history', 'export', 'import']) {
      expect(help.stdout).toContain(command);
    }
    const addHelp = await cli(dir, ['task', 'add', '--help']);
    expect(addHelp.code).toBe(0);
    expect(addHelp.stdout).toContain('--retry-delay S');
    expect(addHelp.stdout).toContain('--overlap skip|queue|parallel|replace');
    const helpTopic = await cli(dir, ['help', 'task']);
    expect(helpTopic.code).toBe(0);
    expect(helpTopic.stdout).toContain('task pause ID');
    expect(helpTopic.stdout).not.toContain('history [options]');
    expect(fs.existsSync(dir)).toBe(false);
  });
});

describe('tasks', () => {
  it('adds a task with every option, and shows and lists it in text and JSON', async () => {
    const dir = tempDir();
    const work = tempDir();
    const added = await cli(dir, [
      'task',
      'add',
      '--name',
      'nightly backup',
      '--cron',
      '30 2 * * *',
      '--command',
      'echo backing up',
      '--cwd',
      work,
      '--tz',
      'Europe/Berlin',
      '--timeout',
      '120',
      '--retries',
      '3',
      '--retry-delay',
      '15',
      '--overlap',
      'queue',
      '--misfire',
      'run-all',
      '--misfire-grace',
      '600',
      '--env',
      'A=1',
      '--env',
      'B=x=y',
      '--disabled',
      '--description',
      'Backs up the home folder',
      '--notify',
      'always',
    ]);
    expect(added.stderr).toBe('');
    expect(added.code).toBe(0);
    expect(added.stdout).toMatch(/^Created task #1 nightly backup$/m);

    const task = await cliJson<Task>(dir, ['task', 'show', '1']);
    expect(task).toMatchObject({
      id: 1,
      name: 'nightly backup',
      cronExpression: '30 2 * * *',
      command: 'echo backing up',
      workingDir: work,
      timezone: 'Europe/Berlin',
      timeoutSeconds: 120,
      maxRetries: 3,
      retryDelaySeconds: 15,
      overlapPolicy: 'queue',
      misfirePolicy: 'run-all',
      misfireGraceSeconds: 600,
      env: { A: '1', B: 'x=y' },
      enabled: false,
      paused: false,
      description: 'Backs up the home folder',
      notifyOn: 'always',
    });

    const shown = await cli(dir, ['task', 'show', '1']);
    expect(shown.code).toBe(0);
    expect(shown.stdout).toMatch(/^Schedule\s+30 2 \* \* \*$/m);
    expect(shown.stdout).toMatch(/^State\s+disabled$/m);
    expect(shown.stdout).toMatch(/^Environment\s+A=1 B=x=y$/m);

    const second = await cli(dir, [
      'task',
      'add',
      '--name',
      'ping',
      '--cron',
      '*/5 * * * *',
      '--command',
      'true',
      '--json',
    ]);
    expect(second.code).toBe(0);
    expect((JSON.parse(second.stdout) as Task).nextRunAt).toBeGreaterThan(Date.now());

    const items = await cliJson<TaskListItem[]>(dir, ['task', 'list']);
    expect(items.map((item) => item.name)).toEqual(['nightly backup', 'ping']);
    const listed = await cli(dir, ['task', 'list']);
    expect(listed.code).toBe(0);
    const lines = listed.stdout.trim().split('\n');
    expect(lines[0]).toMatch(/^ID\s+NAME\s+SCHEDULE\s+TZ\s+STATE\s+NEXT RUN\s+LAST RUN$/);
    expect(lines[1]).toMatch(/^1\s+nightly backup\s+30 2 \* \* \*\s+Europe\/Berlin\s+disabled/);
    expect(lines[2]).toMatch(/^2\s+ping\s+\*\/5 \* \* \* \*\s+\S+\s+enabled\s+\d{4}-\d\d-\d\dT/);
  });

  it('edits only the fields it is given, and merges, removes or clears environment variables', async () => {
    const dir = tempDir();
    await cli(dir, [
      'task',
      'add',
      '--name',
      'job',
      '--cron',
      '0 * * * *',
      '--command',
      'true',
      '--tz',
      'Asia/Shanghai',
      '--retries',
      '2',
      '--description',
      'kept',
      '--env',
      'A=1',
      '--env',
      'B=2',
    ]);
    const before = await cliJson<Task>(dir, ['task', 'show', '1']);

    const edited = await cli(dir, [
      'task',
      'edit',
      '1',
      '--overlap',
      'parallel',
      '--env',
      'C=3',
      '--unset-env',
      'A',
    ]);
    expect(edited).toMatchObject({ code: 0, stderr: '' });
    expect(edited.stdout).toMatch(/^Updated task #1 job$/m);
    const after = await cliJson<Task>(dir, ['task', 'show', '1']);
    expect(after).toEqual({
      ...before,
      overlapPolicy: 'parallel',
      env: { B: '2', C: '3' },
      updatedAt: after.updatedAt,
      nextRunAt: after.nextRunAt,
    });

    const renamed = await cliJson<Task>(dir, [
      'task',
      'edit',
      '1',
      '--name',
      'job 2',
      '--cron',
      '*/10 * * * *',
      '--clear-env',
    ]);
    expect(renamed).toMatchObject({
      name: 'job 2',
      cronExpression: '*/10 * * * *',
      env: {},
      description: 'kept',
      maxRetries: 2,
    });
  });

  it('pauses, resumes, disables, enables and deletes', async () => {
    const dir = tempDir();
    await cli(dir, ['task', 'add', '--name', 'job', '--cron', '0 * * * *', '--command', 'true']);
    const state = (task: Task) => ({
      enabled: task.enabled,
      paused: task.paused,
      scheduled: task.nextRunAt !== null,
    });

    const paused = await cli(dir, ['task', 'pause', '1']);
    expect(paused).toMatchObject({ code: 0, stdout: 'Paused task #1 job\n', stderr: '' });
    expect(state(await cliJson<Task>(dir, ['task', 'show', '1']))).toEqual({
      enabled: true,
      paused: true,
      scheduled: false,
    });
    expect(state(await cliJson<Task>(dir, ['task', 'resume', '1']))).toEqual({
      enabled: true,
      paused: false,
      scheduled: true,
    });
    const disabled = await cli(dir, ['task', 'disable', '1']);
    expect(disabled.stdout).toBe('Disabled task #1 job\n');
    expect(state(await cliJson<Task>(dir, ['task', 'enable', '1']))).toEqual({
      enabled: true,
      paused: false,
      scheduled: true,
    });

    expect((await cli(dir, ['task', 'run', '1', '--wait'])).code).toBe(0);
    const removed = await cli(dir, ['task', 'rm', '1']);
    expect(removed).toMatchObject({ code: 0, stdout: 'Deleted task #1 job and 1 execution\n' });
    const [tasks, history] = await Promise.all([cliJson(dir, ['task', 'list']), cliJson(dir, ['history'])]);
    expect(tasks).toEqual([]);
    expect(history).toEqual([]);
  });

  it('reads the data dir from CRONKEEPER_DATA_DIR when --data-dir is not given', async () => {
    const dir = tempDir();
    const env = { CRONKEEPER_DATA_DIR: dir };
    expect(
      (await cli(null, ['task', 'add', '--name', 'env', '--cron', '0 * * * *', '--command', 'true'], { env }))
        .code,
    ).toBe(0);
    expect(fs.existsSync(path.join(dir, 'cronkeeper.db'))).toBe(true);
    const listed = await cli(null, ['task', 'list', '--json'], { env });
    expect((JSON.parse(listed.stdout) as Task[]).map((t) => t.name)).toEqual(['env']);
    // --data-dir wins over the variable.
    const other = tempDir();
    expect(JSON.parse((await cli(other, ['task', 'list', '--json'], { env })).stdout)).toEqual([]);
  });
});

describe('task run and history', () => {
  it('--encoding and --success-codes: set, shown, used by a run, and refused when wrong', async () => {
    const dir = tempDir();
    const add = await cli(dir, [
      'task',
      'add',
      '--name',
      'copy',
      '--cron',
      '0 0 1 1 *',
      '--command',
      "printf '\\264\\355\\316\\363' >&2; exit 1",
      '--encoding',
      'gbk',
      '--success-codes',
      '0-1',
    ]);
    expect(add.code).toBe(0);
    const shown = await cli(dir, ['task', 'show', '1']);
    expect(shown.stdout).toMatch(/Output encoding\s+gbk/);
    expect(shown.stdout).toMatch(/Success codes\s+0, 1/);
    expect((await cli(dir, ['task', 'run', '1', '--wait'])).code).toBe(0);
    await cli(dir, ['task', 'edit', '1', '--success-codes', '0']);
    const failed = await cli(dir, ['task', 'run', '1', '--wait', '--json']);
    expect(failed.code).toBe(1);
    expect(JSON.parse(failed.stdout).result.error_summary).toBe('错误');

    const badCodes = await cli(dir, ['task', 'edit', '1', '--success-codes', 'one']);
    expect(badCodes.code).not.toBe(0);
    expect(badCodes.stderr).toMatch(/--success-codes: "one" is not an exit code/);
    const badEncoding = await cli(dir, ['task', 'edit', '1', '--encoding', 'klingon-8']);
    expect(badEncoding.code).not.toBe(0);
    expect(badEncoding.stderr).toMatch(/Unknown output encoding "klingon-8"/);
  });

  it('task run --wait exits 0 on success and 1 on failure, and history shows and filters both', async () => {
    const dir = tempDir();
    await cli(dir, ['task', 'add', '--name', 'ok', '--cron', '0 0 1 1 *', '--command', 'echo fine']);
    await cli(dir, [
      'task',
      'add',
      '--name',
      'bad',
      '--cron',
      '0 0 1 1 *',
      '--command',
      'echo oops >&2; exit 3',
    ]);

    const [ok, bad] = await Promise.all([
      cli(dir, ['task', 'run', '1', '--wait']),
      cli(dir, ['task', 'run', '2', '--wait']),
    ]);
    expect(ok.code).toBe(0);
    expect(ok.stdout).toMatch(/^#\d+ ok success in \d/m);
    expect(bad.code).toBe(1);
    expect(bad.stdout).toMatch(/^#\d+ bad failed in \d.*\(.*3.*\)$/m);

    const json = await cli(dir, ['task', 'run', '2', '--wait', '--json']);
    expect(json.code).toBe(1);
    expect(JSON.parse(json.stdout)).toMatchObject({
      taskId: 2,
      status: 'failed',
      exitCode: 3,
      trigger: 'manual',
    });

    // Without --wait: the execution id, exit 0 (this process ran it, as no scheduler is serving).
    const plain = await cli(dir, ['task', 'run', '1']);
    expect(plain.code).toBe(0);
    const executionId = Number(plain.stdout.trim());
    expect(Number.isInteger(executionId) && executionId > 0).toBe(true);

    const all = await cliJson<Execution[]>(dir, ['history']);
    expect(all).toHaveLength(4);
    expect(all[0]).toMatchObject({ id: executionId, status: 'success' });
    const failed = await cliJson<Execution[]>(dir, ['history', '--status', 'failed']);
    expect(failed.map((e) => [e.taskId, e.status])).toEqual([
      [2, 'failed'],
      [2, 'failed'],
    ]);
    const ofTask = await cliJson<Execution[]>(dir, ['history', '--task', '1', '--limit', '1']);
    expect(ofTask).toHaveLength(1);
    expect(ofTask[0]).toMatchObject({ taskId: 1, id: executionId });

    const text = await cli(dir, ['history', '--status', 'failed,success']);
    expect(text.code).toBe(0);
    const lines = text.stdout.trim().split('\n');
    expect(lines[0]).toMatch(/^ID\s+STATUS\s+TASK\s+TRIGGER\s+STARTED\s+DURATION\s+RETRY\s+EXIT\s+MESSAGE$/);
    expect(lines).toHaveLength(5);
    expect(
      lines.filter((line) => /^\d+\s+failed\s+bad\s+manual\s+\S+\s+\S+\s+0\s+3\b/.test(line)),
    ).toHaveLength(2);
  });
});
