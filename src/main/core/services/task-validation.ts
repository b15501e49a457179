// Everything that makes a task valid beyond its zod shape: the schedule (with the bad field named), the
// time zone, and the working folder. Each failure is a VALIDATION CronkeeperError naming the input field.
import fs from 'node:fs';
import path from 'node:path';
import type { z } from 'zod';
import { quoteInput } from '../../../shared/text-fields';
import { CronkeeperError } from '../errors';
import { DEFAULT_OUTPUT_ENCODING, isKnownEncoding } from '../runner/output-encoding';
import { windowsCommandProblem } from '../runner/windows-command';
import { isValidTimezone, validateCron } from '../schedule/schedule-math';

/** A zod issue's path as `env."MY VAR"`: each segment user input, so quoted and bounded. */
export function issuePath(path: readonly PropertyKey[]): string {
  const plain = (segment: PropertyKey) =>
    typeof segment === 'number' || (typeof segment === 'string' && /^[A-Za-z0-9_]{1,100}$/.test(segment));
  return path
    .map((segment, i) => (i === 0 || plain(segment) ? String(segment) : quoteInput(String(segment))))
    .join('.');
}

/** The first zod issue as a VALIDATION error that names the field (and never repeats the input at length). */
export function zodError(error: z.ZodError, prefix = ''): CronkeeperError {
  const issue = error.issues[0];
  const field = issue.path.length ? String(issue.path[0]) : undefined;
  // A bad record key (an env variable name) carries the useful message one level down.
  const inner = 'issues' in issue && Array.isArray(issue.issues) ? issue.issues[0] : undefined;
  const message =
    inner && typeof inner === 'object' && 'message' in inner
      ? `${String(inner.message)} (${quoteInput(issue.path.slice(1).join('.'))})`
      : issue.message;
  const path = issuePath(issue.path);
  const where = path && !message.toLowerCase().startsWith(path.toLowerCase()) ? `${path}: ` : '';
  return new CronkeeperError('VALIDATION', `${prefix}${where}${message}`, field);
}

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
