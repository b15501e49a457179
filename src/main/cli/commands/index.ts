// Every command, in the order `--help` lists them.
import type { Command } from '../command';
import { cancelCommand } from './cancel';
import { historyCommand } from './history';
import { pauseRunCommand, resumeRunCommand } from './run-pause';
import { scheduleCommand } from './schedule';
import { serveCommand } from './serve';
import { taskCommands } from './task';
import { exportCommand, importCommand } from './transfer';

export const COMMANDS: Command[] = [
  serveCommand,
  ...taskCommands,
  historyCommand,
  cancelCommand,
  pauseRunCommand,
  resumeRunCommand,
  exportCommand,
  importCommand,
  scheduleCommand,
];

/** Command groups ("task") whose subcommand is still to come. */
export const GROUPS = [
  ...new Set(COMMANDS.filter((c) => c.name.includes(' ')).map((c) => c.name.split(' ')[0])),
];
