// Why a command could not start, as a reason the UI can put in the user's language: the working folder is
// missing, is not a folder or cannot be entered; the program was not found (the shell's 127, Windows'
// 9009, or ENOENT when even the shell is missing); or it may not be run (126, EACCES). A process that
// started and failed for its own reasons is not a start problem.
import fs from 'node:fs';
import os from 'node:os';
import type { StartProblem } from '../../../shared/contract';
import { nameFromShellError } from './exit-codes';
import type { ProcessOutcome } from './executor';

const NOT_FOUND = /(?:^|:\s)([^:]+):\s*(?:command )?not found\s*$/i;
const DENIED = /(?:^|:\s)([^:]+):\s*Permission denied\s*$/i;
const WINDOWS_NOT_FOUND = /^'(.+)' is not recognized/i;

const firstWord = (command: string) => command.trim().split(/\s+/)[0] ?? command;

/** What is wrong with the working folder ('' = the home folder), or null when a process can start there. */
export function folderProblem(cwd: string, platform = process.platform): StartProblem | null {
  const folder = cwd === '' ? os.homedir() : cwd;
  let stat: fs.Stats;
  try {
    stat = fs.statSync(folder);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    return { reason: code === 'EACCES' ? 'folderDenied' : 'folderMissing', detail: folder };
  }
  if (!stat.isDirectory()) return { reason: 'notAFolder', detail: folder };
  if (platform === 'win32') return null; // no execute bit on folders there
  try {
    fs.accessSync(folder, fs.constants.X_OK);
  } catch {
    return { reason: 'folderDenied', detail: folder };
  }
  return null;
}

export interface StartAttempt {
  command: string;
  cwd: string;
  /** Whether a process was spawned (it had a pid). */
  started: boolean;
  outcome: Pick<ProcessOutcome, 'status' | 'exitCode' | 'errorMessage' | 'stderrTail'>;
  platform?: NodeJS.Platform;
}

export function startProblem(attempt: StartAttempt): StartProblem | null {
  const { command, outcome } = attempt;
  const platform = attempt.platform ?? process.platform;
  if (!attempt.started) {
    const folder = folderProblem(attempt.cwd, platform);
    if (folder) return folder;
    const message = outcome.errorMessage ?? '';
    // The shell itself could not be spawned (spawn's errno is in its message).
    if (/\bENOENT\b/.test(message)) return { reason: 'commandNotFound', detail: message };
    if (/\bEACCES\b/.test(message)) return { reason: 'permissionDenied', detail: message };
    return { reason: 'spawnFailed', detail: message };
  }
  // A cancelled or timed-out run may carry any code; only a plain failure is read as the shell's verdict.
  if (outcome.status !== 'failed') return null;
  const stderr = outcome.stderrTail;
  if (platform === 'win32') {
    if (outcome.exitCode !== 9009) return null;
    return {
      reason: 'commandNotFound',
      detail: nameFromShellError(stderr, WINDOWS_NOT_FOUND) ?? firstWord(command),
    };
  }
  if (outcome.exitCode === 127) {
    return { reason: 'commandNotFound', detail: nameFromShellError(stderr, NOT_FOUND) ?? firstWord(command) };
  }
  if (outcome.exitCode === 126) {
    return { reason: 'permissionDenied', detail: nameFromShellError(stderr, DENIED) ?? firstWord(command) };
  }
  return null;
}
