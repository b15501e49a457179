// What a command's exit code means, per platform, in plain words; and which codes count as success.
//
// POSIX shells report a child killed by signal N as 128 + N. Windows has no signals: an exit code is a
// 32-bit value, cmd.exe says 9009 for "not recognized", a Ctrl-C/Ctrl-Break ending is 0xC000013A, and the
// NTSTATUS crash codes (0xC0000005…) are large unsigned numbers that Node may hand over negative.
import os from 'node:os';

/** Exit codes a task counts as success (robocopy uses 0-7, for instance). Default: only 0. */
export const DEFAULT_SUCCESS_EXIT_CODES: readonly number[] = [0];
export const MAX_SUCCESS_EXIT_CODES = 64;

/** Parses "0, 1, 3-7" into a sorted list of codes; throws with a message on bad input. */
export function parseExitCodeList(text: string): number[] {
  const codes = new Set<number>();
  for (const part of text.split(/[\s,]+/).filter(Boolean)) {
    const range = /^(-?\d+)(?:-(-?\d+))?$/.exec(part);
    if (!range) throw new Error(`"${part}" is not an exit code (use numbers like 0, 1 or 0-7)`);
    const from = Number(range[1]);
    const to = range[2] === undefined ? from : Number(range[2]);
    if (to < from || to - from > MAX_SUCCESS_EXIT_CODES) throw new Error(`"${part}" is not a usable range`);
    for (let code = from; code <= to; code++) codes.add(code);
  }
  if (codes.size === 0) throw new Error('At least one success exit code is needed');
  if (codes.size > MAX_SUCCESS_EXIT_CODES)
    throw new Error(`At most ${MAX_SUCCESS_EXIT_CODES} success exit codes`);
  return [...codes].sort((a, b) => a - b);
}

/** "0, 1, 3" for display and the CLI. */
export const formatExitCodeList = (codes: readonly number[]): string => codes.join(', ');

export function isSuccessExitCode(code: number | null, successCodes: readonly number[] | undefined): boolean {
  if (code === null) return false;
  const list = successCodes && successCodes.length > 0 ? successCodes : DEFAULT_SUCCESS_EXIT_CODES;
  return list.includes(code);
}

const firstWord = (command: string) => command.trim().split(/\s+/)[0] ?? command;

/** The program the shell complained about, from its own message (dash, bash, zsh, busybox, cmd wordings). */
function nameFromShellError(stderr: string, complaint: RegExp): string | null {
  const lines = stderr.split(/\r?\n/).reverse();
  for (const line of lines) {
    const match = complaint.exec(line);
    if (match) return match[1].trim();
  }
  return null;
}

const signalName = (n: number): string | null =>
  Object.entries(os.constants.signals).find(([, value]) => value === n)?.[0] ?? null;

/** Well-known Windows NTSTATUS exit codes (unsigned). */
const WINDOWS_STATUS: Record<number, string> = {
  0xc000013a: 'stopped by Ctrl-C or Ctrl-Break',
  0xc0000005: 'crashed: access violation',
  0xc00000fd: 'crashed: stack overflow',
  0xc0000409: 'crashed: stack buffer overrun',
  0xc0000135: 'a DLL it needs was not found',
  0xc0000142: 'a DLL failed to initialise',
  0xc0000017: 'out of memory',
};

export function exitMessage(
  command: string,
  code: number | null,
  signal: string | null,
  stderr: string,
  platform: NodeJS.Platform = process.platform,
): string {
  if (code === null) return `Killed by signal ${signal ?? 'unknown'}`;
  if (platform === 'win32') {
    if (code === 9009) {
      const name = nameFromShellError(stderr, /^'(.+)' is not recognized/i) ?? firstWord(command);
      return `Command not found: ${name}`;
    }
    const unsigned = code >>> 0;
    const meaning = WINDOWS_STATUS[unsigned];
    if (meaning) return `Exited with code 0x${unsigned.toString(16).toUpperCase()} (${meaning})`;
    return `Exited with code ${code}`;
  }
  if (code === 127) {
    const name =
      nameFromShellError(stderr, /(?:^|:\s)([^:]+):\s*(?:command )?not found\s*$/i) ?? firstWord(command);
    return `Command not found: ${name}`;
  }
  if (code === 126) {
    const name =
      nameFromShellError(stderr, /(?:^|:\s)([^:]+):\s*Permission denied\s*$/i) ?? firstWord(command);
    return `Permission denied: ${name}`;
  }
  // A shell reports a child killed by signal N as 128 + N.
  const bySignal = code > 128 && code < 128 + 65 ? signalName(code - 128) : null;
  return bySignal ? `Exited with code ${code} (${bySignal})` : `Exited with code ${code}`;
}
