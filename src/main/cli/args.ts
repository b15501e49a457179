// A small strict argument parser. Strict on purpose: a typo in an option must not silently create a task
// with a default value, so unknown options, missing values, repeated single options and stray arguments
// are all errors (exit 2).
import { CliError } from './errors';

export type OptionKind = 'string' | 'int' | 'flag' | 'list';

export interface OptionSpec {
  /** The long name without dashes, e.g. "retry-delay". */
  name: string;
  kind: OptionKind;
  /** Placeholder shown in help, e.g. "S" or "K=V". */
  value?: string;
  help: string;
  required?: boolean;
  /** A string option whose value may be left out ("--on-startup" or "--on-startup=30"): '' then. */
  optionalValue?: boolean;
}

export interface PositionalSpec {
  name: string;
  required: boolean;
  help: string;
}

export type OptionValue = string | number | boolean | string[];

export interface ParsedArgs {
  positionals: string[];
  options: Map<string, OptionValue>;
}

/** Options every command accepts, anywhere on the line. */
export const GLOBAL_OPTIONS: OptionSpec[] = [
  {
    name: 'data-dir',
    kind: 'string',
    value: 'DIR',
    help: 'Data folder (default: $CRONKEEPER_DATA_DIR, then the app folder)',
  },
  {
    name: 'database-url',
    kind: 'string',
    value: 'URL',
    help: "Team mode: a shared postgres://... database instead of the data folder's SQLite file (default: $CRONKEEPER_DATABASE_URL)",
  },
  { name: 'json', kind: 'flag', help: 'Print machine-readable JSON' },
  { name: 'help', kind: 'flag', help: 'Show help' },
  { name: 'version', kind: 'flag', help: 'Print the version' },
];

function parseInt10(option: string, raw: string): number {
  if (!/^-?\d+$/.test(raw.trim())) throw new CliError(`--${option} expects a whole number, got '${raw}'`);
  const value = Number(raw);
  if (!Number.isSafeInteger(value)) throw new CliError(`--${option} is out of range: '${raw}'`);
  return value;
}

export type CommandMatch = 'complete' | 'partial' | 'unknown';

/**
 * Splits the words that name the command ("task", "add") from the rest. Only global options may come
 * before or between the command words ("--data-dir X task list", "task --json list"); the first other
 * option ends the command words, so an option value is never mistaken for a subcommand.
 */
export function splitCommandWords(
  argv: readonly string[],
  match: (words: string[]) => CommandMatch,
): { words: string[]; rest: string[] } {
  const words: string[] = [];
  const before: string[] = [];
  let i = 0;
  for (; i < argv.length; i++) {
    const token = argv[i];
    if (token === '--') break;
    if (token.startsWith('-')) {
      const name = token.replace(/^--?/, '').split('=')[0];
      const spec = GLOBAL_OPTIONS.find((option) => option.name === name);
      if (!spec) break;
      before.push(token);
      if (spec.kind !== 'flag' && !token.includes('=') && i + 1 < argv.length) before.push(argv[++i]);
      continue;
    }
    words.push(token);
    if (match(words) !== 'partial') {
      i++;
      break;
    }
  }
  return { words, rest: [...before, ...argv.slice(i)] };
}

/** Parses options and positionals against a command's spec (global options always allowed). */
export function parseArgs(argv: readonly string[], specs: readonly OptionSpec[]): ParsedArgs {
  const all = [...specs, ...GLOBAL_OPTIONS];
  const options = new Map<string, OptionValue>();
  const positionals: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const token = argv[i];
    if (token === '--') {
      positionals.push(...argv.slice(i + 1));
      break;
    }
    if (!token.startsWith('-') || token === '-' || /^-\d/.test(token)) {
      positionals.push(token);
      continue;
    }
    if (!token.startsWith('--')) throw new CliError(`unknown option '${token}' (options are spelled --name)`);
    const eq = token.indexOf('=');
    const name = eq === -1 ? token.slice(2) : token.slice(2, eq);
    const spec = all.find((option) => option.name === name);
    if (!spec) throw new CliError(`unknown option '--${name}'`);
    if (spec.kind === 'flag') {
      if (eq !== -1) throw new CliError(`--${name} takes no value`);
      options.set(name, true);
      continue;
    }
    let raw: string;
    if (eq !== -1) raw = token.slice(eq + 1);
    else if (spec.optionalValue) raw = '';
    else {
      const next = argv[i + 1];
      // "--name --cron x" means the value was forgotten, not that the name is "--cron".
      if (next === undefined || (next.startsWith('--') && next.length > 2)) {
        throw new CliError(`--${name} needs a value${spec.value ? ` (${spec.value})` : ''}`);
      }
      raw = next;
      i++;
    }
    if (spec.kind === 'list') {
      const list = (options.get(name) as string[] | undefined) ?? [];
      list.push(raw);
      options.set(name, list);
      continue;
    }
    if (options.has(name)) throw new CliError(`--${name} was given more than once`);
    options.set(name, spec.kind === 'int' ? parseInt10(name, raw) : raw);
  }
  return { positionals, options };
}

/** Required options, checked after --help had its chance ("task add --help" must not complain). */
export function checkRequired(parsed: ParsedArgs, specs: readonly OptionSpec[]): void {
  for (const spec of specs) {
    if (spec.required && !parsed.options.has(spec.name))
      throw new CliError(`missing required option --${spec.name}`);
  }
}

/** Checks the positional count against the spec: too few or too many is an error. */
export function checkPositionals(
  command: string,
  parsed: ParsedArgs,
  specs: readonly PositionalSpec[],
): void {
  const required = specs.filter((spec) => spec.required);
  if (parsed.positionals.length < required.length) {
    throw new CliError(`${command} needs ${required.map((spec) => spec.name).join(' ')}`);
  }
  if (parsed.positionals.length > specs.length) {
    throw new CliError(`unexpected argument '${parsed.positionals[specs.length]}' for ${command}`);
  }
}

/** A task or execution id: a positive whole number, nothing else ("3abc", "-1" and "1.5" are refused). */
export function parseId(what: string, raw: string): number {
  if (!/^\d+$/.test(raw) || Number(raw) < 1 || !Number.isSafeInteger(Number(raw))) {
    throw new CliError(`${what} must be a positive whole number, got '${raw}'`);
  }
  return Number(raw);
}

/** Typed readers over the parsed options. */
export class Options {
  constructor(readonly parsed: ParsedArgs) {}
  has(name: string): boolean {
    return this.parsed.options.has(name);
  }
  string(name: string): string | undefined {
    const value = this.parsed.options.get(name);
    return typeof value === 'string' ? value : undefined;
  }
  int(name: string): number | undefined {
    const value = this.parsed.options.get(name);
    return typeof value === 'number' ? value : undefined;
  }
  flag(name: string): boolean {
    return this.parsed.options.get(name) === true;
  }
  list(name: string): string[] {
    const value = this.parsed.options.get(name);
    return Array.isArray(value) ? value : [];
  }
}
