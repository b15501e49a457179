// The steps every command's arguments go through before the command runs, shared by the command line
// (run.ts) and the quick read path (quick-read.ts) so that both accept and refuse exactly the same input:
// the command's options, its required options and positionals, and where its data lives.
import path from 'node:path';
import { isPostgresUrl } from '../core/db/dialect';
import { defaultDataDirInUse } from '../core/paths';
import { checkPositionals, checkRequired, Options, parseArgs, type ParsedArgs } from './args';
import type { Command } from './command';
import { CliError } from './errors';

type CommandSpec = Pick<Command, 'name' | 'options' | 'positionals'>;

/** The command's arguments, parsed (errors for unknown options or bad values, exit 2). */
export function parseCommandArgs(command: CommandSpec, rest: readonly string[]): Options {
  return new Options(parseArgs(rest, command.options ?? []));
}

/** Required options and the positional count, checked after --help and --version had their chance. */
export function checkCommandArgs(command: CommandSpec, parsed: ParsedArgs): void {
  checkRequired(parsed, command.options ?? []);
  checkPositionals(command.name, parsed, command.positionals ?? []);
}

/** The data folder and the team database URL, from the options, then the environment, then the default. */
export function dataLocation(
  options: Options,
  env: NodeJS.ProcessEnv,
): { dataDir: string; databaseUrl: string | undefined } {
  const dataDirOption = options.string('data-dir');
  if (dataDirOption === '') throw new CliError('--data-dir needs a folder');
  const dataDir = path.resolve(dataDirOption ?? (env.CRONKEEPER_DATA_DIR || defaultDataDirInUse(env)));
  const databaseUrl = options.string('database-url') ?? (env.CRONKEEPER_DATABASE_URL || undefined);
  if (databaseUrl !== undefined && !isPostgresUrl(databaseUrl)) {
    throw new CliError('--database-url must be a postgres:// or postgresql:// URL');
  }
  return { dataDir, databaseUrl };
}
