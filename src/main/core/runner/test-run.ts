// "Test run" from the task editor: the command runs once through the executor into a temp log, and is
// never recorded in the history. The caller gets the last 64 KB of its output.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { TestRunResult } from '../../../shared/contract';
import { startProcess } from './executor';
import { decodeOutput } from './output-encoding';

export const TEST_RUN_OUTPUT_BYTES = 64 * 1024;
const DEFAULT_TIMEOUT_SECONDS = 60;

export interface TestRunInput {
  command: string;
  workingDir?: string;
  env?: Record<string, string>;
  timeoutSeconds?: number;
  outputEncoding?: string;
  successExitCodes?: number[];
}

export async function testRun(input: TestRunInput, logCapBytes: number): Promise<TestRunResult> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cronkeeper-test-run-'));
  const logPath = path.join(dir, 'output.log');
  try {
    const handle = startProcess({
      command: input.command,
      cwd: input.workingDir ?? '',
      env: input.env ?? {},
      logPath,
      logCapBytes,
      timeoutMs: (input.timeoutSeconds ?? DEFAULT_TIMEOUT_SECONDS) * 1000,
      encoding: input.outputEncoding,
      successExitCodes: input.successExitCodes,
    });
    const outcome = await handle.done;
    return {
      status: outcome.status === 'success' || outcome.status === 'timed_out' ? outcome.status : 'failed',
      exitCode: outcome.exitCode,
      durationSeconds: Math.max(0, (outcome.endedAt - outcome.startedAt) / 1000),
      output: decodeOutput(readTail(logPath, TEST_RUN_OUTPUT_BYTES), input.outputEncoding),
      errorMessage: outcome.status === 'success' ? null : (outcome.errorMessage ?? null),
      path: outcome.path ?? '',
    };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** The last `maxBytes` of a file, as bytes (none when it does not exist). */
function readTail(file: string, maxBytes: number): Buffer {
  try {
    const size = fs.statSync(file).size;
    const start = Math.max(0, size - maxBytes);
    const fd = fs.openSync(file, 'r');
    try {
      const buffer = Buffer.alloc(size - start);
      fs.readSync(fd, buffer, 0, buffer.length, start);
      return buffer;
    } finally {
      fs.closeSync(fd);
    }
  } catch {
    return Buffer.alloc(0);
  }
}
