// "Test run" from the task editor: the command runs once through the executor into a temp log, and is
// never recorded in the history. With `live` hooks its output and progress are pushed as it goes
// (test-run-live.ts) and it can be cancelled. The caller gets the last 64 KB of its output without the
// progress protocol's lines, and, when it could not start, why (start-problem.ts).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { TestRunResult } from '../../../shared/contract';
import { startProcess } from './executor';
import { decodeOutput } from './output-encoding';
import { startProblem } from './start-problem';
import { LiveOutput, withoutProtocolLines, type LiveSink } from './test-run-live';

export const TEST_RUN_OUTPUT_BYTES = 64 * 1024;
const DEFAULT_TIMEOUT_SECONDS = 60;

export interface TestRunLive {
  /** Where output and progress go as they come (none: only the result has them). */
  sink?: LiveSink;
  /** Called once the process is up, with how to stop it. */
  started(cancel: () => void): void;
}

export interface TestRunInput {
  command: string;
  workingDir?: string;
  env?: Record<string, string>;
  timeoutSeconds?: number;
  outputEncoding?: string;
  successExitCodes?: number[];
  live?: TestRunLive;
}

export async function testRun(input: TestRunInput, logCapBytes: number): Promise<TestRunResult> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cronkeeper-test-run-'));
  const logPath = path.join(dir, 'output.log');
  const live = input.live?.sink ? new LiveOutput(input.live.sink, input.outputEncoding) : null;
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
      onOutput: live ? (chunk, stream) => live.push(chunk, stream) : undefined,
      onProgress: live ? (update) => live.onProgress(update) : undefined,
    });
    input.live?.started(() => handle.cancel());
    const outcome = await handle.done;
    live?.finish();
    const problem = startProblem({
      command: input.command,
      cwd: input.workingDir ?? '',
      started: handle.pid !== undefined,
      outcome,
    });
    return {
      status: outcome.status,
      exitCode: outcome.exitCode,
      durationSeconds: Math.max(0, (outcome.endedAt - outcome.startedAt) / 1000),
      output: withoutProtocolLines(
        decodeOutput(readTail(logPath, TEST_RUN_OUTPUT_BYTES), input.outputEncoding),
      ),
      errorMessage: outcome.status === 'success' ? null : (outcome.errorMessage ?? null),
      path: outcome.path ?? '',
      startProblem: problem,
      progressPercent: live?.lastProgress.progressPercent ?? null,
      progressMessage: live?.lastProgress.message ?? null,
    };
  } finally {
    live?.dispose();
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
