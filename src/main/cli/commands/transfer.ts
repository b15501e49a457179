// `cronkeeper export [FILE]` and `cronkeeper import FILE | --crontab FILE`. Both imports are all or
// nothing: they go through tasks.import, which validates every task before it inserts any, in one
// transaction.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { TaskInput } from '../../../shared/types';
import type { Command } from '../command';
import { cliText } from '../cli-lang';
import { CliError, EXIT_OK } from '../errors';
import { toJson } from '../format';
import { readUtf8File } from '../read-text';
import type { Session } from '../session';

/** Strict UTF-8: a bad byte is refused with its offset (read-text.ts), never replaced. */
const readInput = readUtf8File;

/** Writes through a temporary file and a rename, so an interrupted export never leaves half a file. */
function writeAtomically(file: string, text: string): void {
  const temp = path.join(path.dirname(path.resolve(file)), `.${path.basename(file)}.${process.pid}.tmp`);
  try {
    fs.writeFileSync(temp, text);
    fs.renameSync(temp, file);
  } catch (err) {
    fs.rmSync(temp, { force: true });
    throw new CliError(`cannot write ${file}: ${(err as Error).message}`);
  }
}

export const exportCommand: Command = {
  name: 'export',
  summary: 'Write every task as JSON (to FILE, or to stdout)',
  positionals: [{ name: 'FILE', required: false, help: 'Output file (default: stdout)' }],
  options: [
    {
      name: 'include-secrets',
      kind: 'flag',
      help: "Include each task's own webhook secret (left out by default; keep such a file private)",
    },
  ],
  async run(session) {
    const includeSecrets = session.options.flag('include-secrets');
    const { json } = await session.call('tasks.export', includeSecrets ? { includeSecrets } : {});
    const file = session.positionals[0];
    if (!file) {
      session.io.out(json);
      return EXIT_OK;
    }
    writeAtomically(file, json.endsWith('\n') ? json : `${json}\n`);
    const count = (JSON.parse(json) as { tasks?: unknown[] }).tasks?.length ?? 0;
    session.io.out(
      session.json
        ? toJson({ file, tasks: count })
        : `Exported ${count} task${count === 1 ? '' : 's'} to ${file}`,
    );
    return EXIT_OK;
  },
};

function reportImport(
  session: Session,
  result: { created: number; names: string[]; unsupported: string[]; notes?: string[] },
  lineNotes: string[],
) {
  const notes = [...lineNotes, ...(result.notes ?? [])];
  if (session.json) {
    session.io.out(toJson({ ...result, notes }));
    return;
  }
  // A core message (the import's notes) in the CLI's language; the crontab's line notes stay as they are.
  for (const note of notes) session.io.err(`cronkeeper: ${cliText(note)}`);
  const list = result.names.length ? `: ${result.names.join(', ')}` : '';
  session.io.out(`Imported ${result.created} task${result.created === 1 ? '' : 's'}${list}`);
  if (result.unsupported.length)
    session.io.err(`cronkeeper: ignored unknown fields: ${result.unsupported.join(', ')}`);
}

/** /etc/crontab and the files in /etc/cron.d/ have a user column (the system format). */
function isSystemCrontab(file: string): boolean {
  const resolved = path.resolve(file);
  return resolved === '/etc/crontab' || path.dirname(resolved) === '/etc/cron.d';
}

function currentUser(): string | undefined {
  try {
    return os.userInfo().username;
  } catch {
    return undefined;
  }
}

/**
 * Crontab lines Cronkeeper cannot schedule fall in two kinds. Known cron features without an equivalent
 * (an unknown @nickname) are reported and skipped; @reboot becomes a start-up task. Anything else (a garbled
 * line, a bad schedule) means the file is not what we think it is: nothing is imported.
 */
async function importCrontab(session: Session, file: string): Promise<number> {
  const { crontabEntryInput, parseCrontab } = await import('../../core/timing/crontab');
  const { EXPORT_FORMAT, EXPORT_VERSION } = await import('../../core/services/task-service');
  const system = session.options.flag('system') || isSystemCrontab(file);
  const { entries, unsupported, notes } = parseCrontab(readInput(file), {
    system,
    currentUser: currentUser(),
  });
  const fatal = unsupported.filter((line) => line.invalid);
  if (fatal.length) {
    const first = fatal[0];
    const more = fatal.length > 1 ? ` (and ${fatal.length - 1} more line${fatal.length > 2 ? 's' : ''})` : '';
    throw new CliError(
      `${file} line ${first.line}: "${first.text.trim()}": ${first.reason}${more}; nothing imported`,
    );
  }
  const lines = [
    ...unsupported.map((line) => ({
      line: line.line,
      text: `skipped "${line.text.trim()}": ${line.reason}`,
    })),
    ...notes.map((line) => ({ line: line.line, text: `"${line.text.trim()}": ${line.reason}` })),
  ].sort((a, b) => a.line - b.line);
  const messages = lines.map((line) => `${file} line ${line.line}: ${line.text}`);
  if (entries.length === 0) throw new CliError(`${file} has no schedule lines to import`);
  const tasks: Partial<TaskInput>[] = entries.map(crontabEntryInput);
  const json = JSON.stringify({ format: EXPORT_FORMAT, version: EXPORT_VERSION, tasks });
  const result = await session.call('tasks.import', { json });
  reportImport(session, result, messages);
  return EXIT_OK;
}

export const importCommand: Command = {
  name: 'import',
  summary: 'Create tasks from an export file, or from a crontab with --crontab',
  positionals: [{ name: 'FILE', required: false, help: 'A file written by `cronkeeper export`' }],
  options: [
    { name: 'crontab', kind: 'string', value: 'FILE', help: 'Import a crontab (crontab -l > FILE)' },
    {
      name: 'system',
      kind: 'flag',
      help: 'The crontab has a user column (as /etc/crontab and /etc/cron.d/* have; those are read so anyway)',
    },
  ],
  details:
    'All or nothing: if any task is invalid or its name is taken, nothing is imported.\n' +
    'With --crontab, comments just above a line become its description; CRON_TZ/TZ, SHELL and other ' +
    'variable lines apply to the jobs below them; % keeps its cron meaning (standard input); @reboot is ' +
    'reported and skipped, MAILTO noted.',
  async run(session) {
    const crontab = session.options.string('crontab');
    const file = session.positionals[0];
    if (crontab !== undefined && file !== undefined)
      throw new CliError('give either FILE or --crontab FILE, not both');
    if (session.options.flag('system') && crontab === undefined)
      throw new CliError('--system goes with --crontab FILE');
    if (crontab !== undefined) return importCrontab(session, crontab);
    if (file === undefined) throw new CliError('import needs FILE (or --crontab FILE)');
    const text = readInput(file);
    try {
      JSON.parse(text);
    } catch (err) {
      throw new CliError(`${file} is not valid JSON: ${(err as Error).message}`);
    }
    const result = await session.call('tasks.import', { json: text });
    reportImport(session, result, []);
    return EXIT_OK;
  },
};
