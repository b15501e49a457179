// A task's output encoding and success exit codes, end to end through the core: a job writing GBK bytes
// (what a console program on Chinese Windows writes to a pipe) shows readable Chinese in its error
// summary, its progress and its log, while the log file keeps the raw bytes; the fields survive
// export/import; an unknown encoding is refused.
import fs from 'node:fs';
import iconv from 'iconv-lite';
import { afterEach, describe, expect, it } from 'vitest';
import type { EventMap } from '../../src/shared/contract';
import { decodeOutput, resolveEncoding } from '../../src/main/core/runner/output-encoding';
import { addTask, closeCores, executions, openCore, recordEvents, waitFor } from './scheduler-helpers';

afterEach(() => closeCores());

/** A printf argument writing these bytes (octal escapes: portable across sh implementations). */
const printfBytes = (bytes: Buffer) => [...bytes].map((b) => `\\${b.toString(8).padStart(3, '0')}`).join('');

const CHINESE = '错误：数据库连接失败';
const GBK = iconv.encode(CHINESE, 'gbk');

describe.skipIf(process.platform === 'win32')('output encoding', () => {
  it('a job writing GBK bytes shows readable Chinese in its error summary, progress and log', async () => {
    const core = await openCore();
    const events = recordEvents(core);
    const progress = iconv.encode('::progress 50 下载价格\n', 'gbk');
    const command = `printf '${printfBytes(progress)}'; printf '${printfBytes(GBK)}\\n' >&2; exit 3`;
    const taskId = await addTask(core, { paused: true, command, outputEncoding: 'gbk' });
    await core.start();
    const { executionId } = await core.handlers['tasks.runNow']({ id: taskId });
    await waitFor(async () => (await executions(core, taskId))[0]?.status === 'failed');

    const execution = await core.handlers['executions.get']({ id: executionId });
    expect(execution.result.error_summary).toBe(CHINESE);
    expect(execution.result.message).toBe('Exited with code 3');
    const moved = events
      .filter((e) => e.event === 'execution.progress')
      .map((e) => (e.payload as EventMap['execution.progress']).message);
    expect(moved).toContain('下载价格');

    const log = await core.handlers['executions.log']({ id: executionId });
    expect(log.text).toContain(CHINESE);
    expect(log.text).toContain('下载价格');
    // The file holds the job's own bytes.
    expect(fs.readFileSync(execution.logPath!).includes(GBK)).toBe(true);
    const found = await core.handlers['executions.log']({ id: executionId, search: '数据库' });
    expect(found.matches).toHaveLength(1);

    // Read as UTF-8 (the former behaviour), the same bytes are replacement characters.
    expect(decodeOutput(GBK, 'utf-8')).toContain('\uFFFD');
  });

  it('a test run decodes with the draft’s encoding and its success codes', async () => {
    const core = await openCore();
    const result = await core.handlers['tasks.testRun']({
      command: `printf '${printfBytes(GBK)}'; exit 1`,
      outputEncoding: 'gbk',
      successExitCodes: [0, 1],
    });
    expect(result).toMatchObject({ status: 'success', exitCode: 1, output: CHINESE });
  });

  it('success exit codes: robocopy-like 1 is success when listed; export/import keeps both fields', async () => {
    const core = await openCore();
    const taskId = await addTask(core, {
      paused: true,
      command: 'exit 1',
      successExitCodes: [0, 1],
      outputEncoding: 'shift_jis',
    });
    await core.start();
    await core.handlers['tasks.runNow']({ id: taskId });
    await waitFor(async () => (await executions(core, taskId))[0]?.status === 'success');
    const task = await core.handlers['tasks.get']({ id: taskId });
    expect(task).toMatchObject({ successExitCodes: [0, 1], outputEncoding: 'shift_jis' });
    const listed = (await core.handlers['tasks.list']({})).items.find((t) => t.id === taskId);
    expect(listed).toMatchObject({ successExitCodes: [0, 1], outputEncoding: 'shift_jis' });

    const { json } = await core.handlers['tasks.export']({});
    const doc = JSON.parse(json);
    expect(doc.tasks[0]).toMatchObject({ successExitCodes: [0, 1], outputEncoding: 'shift_jis' });
    await core.handlers['tasks.delete']({ id: taskId });
    await core.handlers['tasks.import']({ json });
    const [imported] = (await core.handlers['tasks.list']({})).items;
    expect(imported).toMatchObject({ successExitCodes: [0, 1], outputEncoding: 'shift_jis' });

    await expect(
      core.handlers['tasks.update']({ id: imported.id, patch: { outputEncoding: 'klingon-8' } }),
    ).rejects.toMatchObject({ code: 'VALIDATION', field: 'outputEncoding' });
  });

  it('auto: UTF-8 on Linux and macOS; on Windows UTF-8 when valid, else the system code page', () => {
    const utf8 = Buffer.from(CHINESE, 'utf8');
    expect(resolveEncoding('auto', GBK, 'linux')).toBe('utf-8');
    expect(resolveEncoding('auto', GBK, 'darwin')).toBe('utf-8');
    expect(resolveEncoding('auto', utf8, 'win32')).toBe('utf-8');
    // A UTF-8 character cut at the end of a chunk is still UTF-8.
    expect(resolveEncoding('auto', utf8.subarray(0, utf8.length - 1), 'win32')).toBe('utf-8');
    const previous = process.env.CRONKEEPER_CODEPAGE;
    process.env.CRONKEEPER_CODEPAGE = 'gbk';
    try {
      expect(resolveEncoding('auto', GBK, 'win32')).toBe('gbk');
      expect(decodeOutput(GBK, 'auto', 'win32')).toBe(CHINESE);
    } finally {
      if (previous === undefined) delete process.env.CRONKEEPER_CODEPAGE;
      else process.env.CRONKEEPER_CODEPAGE = previous;
    }
  });
});
