// Help text, generated from the command specs so that it cannot drift from what the parser accepts.
import { GLOBAL_OPTIONS, type OptionSpec } from './args';
import type { Command } from './command';

function optionLines(options: readonly OptionSpec[]): string[] {
  const labels = options.map((option) => {
    const value = option.value ? (option.optionalValue ? `[=${option.value}]` : ` ${option.value}`) : '';
    const repeat = option.kind === 'list' ? '...' : '';
    return `  --${option.name}${value}${repeat}`;
  });
  const width = Math.max(...labels.map((label) => label.length)) + 2;
  return options.map(
    (option, i) => `${labels[i].padEnd(width)}${option.help}${option.required ? ' (required)' : ''}`,
  );
}

export function usageLine(command: Command): string {
  const positionals = (command.positionals ?? []).map((p) => (p.required ? p.name : `[${p.name}]`));
  const options = command.options?.length ? ['[options]'] : [];
  return ['cronkeeper', command.name, ...positionals, ...options].join(' ');
}

export function commandHelp(command: Command): string {
  const lines = [`Usage: ${usageLine(command)}`, '', command.summary + '.'];
  if (command.details) lines.push('', command.details);
  if (command.options?.length) lines.push('', 'Options:', ...optionLines(command.options));
  lines.push('', 'Global options:', ...optionLines(GLOBAL_OPTIONS));
  return lines.join('\n');
}

export function generalHelp(commands: readonly Command[], filter?: string): string {
  const shown = filter ? commands.filter((c) => c.name.split(' ')[0] === filter) : commands;
  const names = shown.map((command) => usageLine(command).replace(/^cronkeeper /, ''));
  const width = Math.max(...names.map((name) => name.length)) + 2;
  return [
    'Cronkeeper: a task scheduler with a trustworthy run history.',
    '',
    'Usage: cronkeeper COMMAND [options]',
    '',
    'Commands:',
    ...shown.map((command, i) => `  ${names[i].padEnd(width)}${command.summary}`),
    `  ${'help [COMMAND]'.padEnd(width)}Show help for a command`,
    '',
    'Global options:',
    ...optionLines(GLOBAL_OPTIONS),
    '',
    'Exit codes: 0 done, 1 the run or the work failed, 2 bad input (unknown command or option, invalid',
    'value, unknown task, data dir held by another scheduler). Errors are one line on stderr.',
    'Run `cronkeeper COMMAND --help` for the options of a command.',
  ].join('\n');
}
