// The `cronkeeper` command line, loaded by the entry (index.ts) for every command but `--version`. It
// parses the arguments completely before it opens anything, so bad input exits 2 without touching the
// data dir, then runs one command against the core's contract handlers.
import { Options, parseArgs, splitCommandWords, type CommandMatch } from './args';
import type { Command } from './command';
import { COMMANDS, GROUPS } from './commands';
import { CliError, EXIT_OK } from './errors';
import { commandHelp, generalHelp } from './help';
import { checkCommandArgs, dataLocation, parseCommandArgs } from './invocation';
import { describeError, oneLine } from './report-error';
import { Session, type Output } from './session';
import { version } from './version';

function matchCommand(words: string[]): CommandMatch {
  const name = words.join(' ');
  if (name === 'help' || COMMANDS.some((command) => command.name === name)) return 'complete';
  return words.length === 1 && GROUPS.includes(words[0]) ? 'partial' : 'unknown';
}

function findCommand(words: string[]): Command | undefined {
  return COMMANDS.find((command) => command.name === words.join(' '));
}

function unknownCommand(words: string[]): CliError {
  if (words.length === 0) return new CliError('missing command (see cronkeeper --help)');
  if (GROUPS.includes(words[0])) {
    const subcommands = COMMANDS.filter((c) => c.name.startsWith(`${words[0]} `)).map(
      (c) => c.name.split(' ')[1],
    );
    return words.length === 1
      ? new CliError(`${words[0]} needs a subcommand: ${subcommands.join(', ')}`)
      : new CliError(
          `unknown command '${words.join(' ')}' (${words[0]} subcommands: ${subcommands.join(', ')})`,
        );
  }
  return new CliError(`unknown command '${words[0]}' (see cronkeeper --help)`);
}

/** `help`, `help task`, `help task add`. */
function helpFor(topic: string[]): string {
  if (topic.length === 0) return generalHelp(COMMANDS);
  const command = findCommand(topic);
  if (command) return commandHelp(command);
  if (topic.length === 1 && GROUPS.includes(topic[0])) return generalHelp(COMMANDS, topic[0]);
  throw unknownCommand(topic);
}

export async function main(
  argv: readonly string[],
  io: Output,
  env: NodeJS.ProcessEnv = process.env,
): Promise<number> {
  let session: Session | undefined;
  try {
    const { words, rest } = splitCommandWords(argv, matchCommand);
    if (words[0] === 'help') {
      const topic = [...words.slice(1), ...parseArgs(rest, []).positionals];
      io.out(helpFor(topic));
      return EXIT_OK;
    }
    const command = findCommand(words);
    if (!command) {
      const globals = new Options(parseArgs(rest, []));
      if (globals.flag('version') && words.length === 0) {
        io.out(version);
        return EXIT_OK;
      }
      if (globals.flag('help') || words.length === 0) {
        io.out(words.length === 0 ? generalHelp(COMMANDS) : helpFor(words));
        return EXIT_OK;
      }
      throw unknownCommand(words);
    }
    const options = parseCommandArgs(command, rest);
    if (options.flag('help')) {
      io.out(commandHelp(command));
      return EXIT_OK;
    }
    if (options.flag('version')) {
      io.out(version);
      return EXIT_OK;
    }
    checkCommandArgs(command, options.parsed);
    const { dataDir, databaseUrl } = dataLocation(options, env);
    session = new Session(dataDir, options, options.parsed.positionals, io, databaseUrl);
    return await command.run(session);
  } catch (err) {
    const { line, exitCode } = describeError(err);
    io.err(`cronkeeper: ${oneLine(line)}`);
    return exitCode;
  } finally {
    await session?.close().catch(() => {});
  }
}

const stdio: Output = {
  out: (text) => process.stdout.write(`${text}\n`),
  err: (text) => process.stderr.write(`${text}\n`),
};

/** Runs the command line and exits with its code. */
export function runCli(argv: readonly string[]): void {
  void main(argv, stdio).then((code) => {
    // Exit explicitly once the output is flushed: a lingering handle (a pool timer, a stdin listener)
    // must not keep a finished one-shot command alive.
    process.stdout.write('', () => process.exit(code));
  });
}
