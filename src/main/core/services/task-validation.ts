// Everything that makes a task valid beyond its zod shape (which the dispatcher, core/boundary, checks
// before a service sees the input): the schedule (with the bad field named), the time zone, and the
// working folder. Each failure is a VALIDATION CronkeeperError naming the input field.
import fs from 'node:fs';
import path from 'node:path';
import { quoteInput } from '../../../shared/text-fields';
import { CronkeeperError } from '../errors';
import { DEFAULT_OUTPUT_ENCODING, isKnownEncoding } from '../runner/output-encoding';
import { windowsCommandProblem } from '../runner/windows-command';
import { isValidTimezone, validateCron } from '../timing/schedule-math';

export function checkCron(expression: string, prefix = ''): string {
  const trimmed = expression.trim();
  const check = validateCron(trimmed);
  if (!check.valid) {
    throw new CronkeeperError(
      'VALIDATION',
      `${prefix}${check.message ?? 'Invalid schedule'}`,
      'cronExpression',
    );
  }
  return trimmed;
}

/** An empty zone means the default one. */
export function checkTimezone(zone: string, defaultZone: string, prefix = ''): string {
  const trimmed = zone.trim();
  if (!trimmed) return defaultZone;
  if (!isValidTimezone(trimmed)) {
    throw new CronkeeperError('VALIDATION', `${prefix}Unknown time zone ${quoteInput(trimmed)}`, 'timezone');
  }
  return trimmed;
}

/** Empty is allowed (the user's home folder at run time); otherwise an existing folder, stored absolute. */
export function checkWorkingDir(dir: string, prefix = ''): string {
  const trimmed = dir.trim();
  if (!trimmed) return '';
  const absolute = path.resolve(trimmed);
  let stat: fs.Stats;
  try {
    stat = fs.statSync(absolute);
  } catch {
    throw new CronkeeperError(
      'VALIDATION',
      `${prefix}Working folder ${quoteInput(trimmed)} does not exist`,
      'workingDir',
    );
  }
  if (!stat.isDirectory()) {
    throw new CronkeeperError(
      'VALIDATION',
      `${prefix}Working folder ${quoteInput(trimmed)} is not a folder`,
      'workingDir',
    );
  }
  return absolute;
}

/** The output encoding, lower-cased; refused when no decoder knows it. */
export function checkEncoding(encoding: string | undefined, prefix = ''): string {
  const name = (encoding ?? DEFAULT_OUTPUT_ENCODING).trim().toLowerCase() || DEFAULT_OUTPUT_ENCODING;
  if (!isKnownEncoding(name)) {
    throw new CronkeeperError('VALIDATION', `${prefix}Unknown output encoding "${name}"`, 'outputEncoding');
  }
  return name;
}

/** What cmd.exe cannot run is refused when the task is saved on Windows, not at its first run. */
export function checkCommandForPlatform(
  command: string,
  workingDir: string,
  prefix = '',
  platform: NodeJS.Platform = process.platform,
): void {
  if (platform !== 'win32') return;
  const problem = windowsCommandProblem(command, workingDir);
  if (problem) throw new CronkeeperError('VALIDATION', `${prefix}${problem}`, 'command');
}
