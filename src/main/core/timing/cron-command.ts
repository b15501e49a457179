// A crontab command field as cron runs it, turned into one command line for the platform shell.
// Cron (cronie's do_command.c) reads the field so: the text before the first unescaped `%` is the command,
// `\%` there being a plain `%`; the text after it is written to the job's standard input, each further `%`
// becoming a newline (`\%` a plain `%`, any other backslash kept) and a final newline added. With SHELL set,
// cron runs the command through that shell instead of /bin/sh. Cronkeeper runs every task as
// `/bin/sh -c COMMAND` (cmd.exe /d /s /c on Windows), so both become part of the command:
//   POSIX:   printf 'line 1\nline 2\n' | /bin/sh -c 'the command'
//   Windows: powershell ... (writes the input's bytes, carried in base64) | cmd /d /s /c "the command"
// The whole command line runs behind the pipe (through `-c`), so a compound command (`a; b`) reads the
// input as one, as under cron.

export interface CronCommand {
  /** The command, with `\%` turned into `%`. */
  command: string;
  /** The bytes cron writes to its standard input (already with newlines), or null for none. */
  stdin: string | null;
}

/** Splits a crontab command field exactly as cronie does. */
export function splitCronCommand(field: string): CronCommand {
  let command = '';
  let escaped = false;
  let i = 0;
  for (; i < field.length; i++) {
    const ch = field[i];
    if (escaped) {
      // `\%` is a plain %; any other escaped character keeps its backslash (already copied).
      if (ch === '%') command = command.slice(0, -1);
      command += ch;
      escaped = false;
      continue;
    }
    if (ch === '%') break;
    if (ch === '\\') escaped = true;
    command += ch;
  }
  if (i >= field.length) return { command, stdin: null };
  const input = field.slice(i + 1);
  if (input === '') return { command, stdin: null }; // cron writes nothing: the job reads end of file
  let out = '';
  let needNewline = false;
  escaped = false;
  for (let ch of input) {
    if (escaped) {
      if (ch !== '%') out += '\\';
    } else if (ch === '%') {
      ch = '\n';
    }
    escaped = ch === '\\';
    if (!escaped) {
      out += ch;
      needNewline = ch !== '\n';
    }
  }
  if (escaped) out += '\\';
  if (needNewline) out += '\n';
  return { command, stdin: out };
}

/** POSIX single quotes: the text is taken literally. */
export function shellQuote(text: string): string {
  return /^[A-Za-z0-9_./:@%+,-]+$/.test(text) ? text : `'${text.replace(/'/g, `'\\''`)}'`;
}

/** printf's format with no conversions: only `\` and `%` are special, newlines written as `\n`. */
function printfFormat(text: string): string {
  return text.replace(/\\/g, '\\\\').replace(/%/g, '%%').replace(/\n/g, '\\n');
}

const DEFAULT_SHELL = '/bin/sh';

/**
 * The one command line that runs `cron` as cron would, through `shell` (cron's SHELL; null or /bin/sh for
 * the default). On Windows the shell is always cmd.exe (the caller notes an ignored SHELL).
 */
export function platformCommand(
  cron: CronCommand,
  shell: string | null,
  platform: NodeJS.Platform = process.platform,
): string {
  if (platform === 'win32') {
    if (cron.stdin === null) return cron.command;
    // cmd.exe cannot echo arbitrary text safely (%, ^, & and quotes, reparsed again behind a pipe): the
    // input travels as base64, which has none of them, and PowerShell writes its exact bytes.
    const base64 = Buffer.from(cron.stdin, 'utf8').toString('base64');
    const writer =
      'powershell -NoProfile -NonInteractive -Command ' +
      `"$b=[Convert]::FromBase64String('${base64}');$o=[Console]::OpenStandardOutput();$o.Write($b,0,$b.Length)"`;
    return `${writer} | cmd /d /s /c "${cron.command}"`;
  }
  const viaShell = shell !== null && shell !== '' && shell !== DEFAULT_SHELL;
  if (cron.stdin === null) {
    return viaShell ? `${shellQuote(shell)} -c ${shellQuote(cron.command)}` : cron.command;
  }
  const runner = viaShell ? shellQuote(shell) : DEFAULT_SHELL;
  const format = printfFormat(cron.stdin);
  // bash's printf (macOS's /bin/sh is bash) reads a format starting with "-" as an option.
  const endOfOptions = format.startsWith('-') ? '-- ' : '';
  return `printf ${endOfOptions}'${format.replace(/'/g, `'\\''`)}' | ${runner} -c ${shellQuote(cron.command)}`;
}
