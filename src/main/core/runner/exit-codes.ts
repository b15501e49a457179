// What a command's exit code means, per platform, in plain words; and which codes count as success.
//
// POSIX shells report a child killed by signal N as 128 + N. Windows has no signals: an exit code is a
// 32-bit value, cmd.exe says 9009 for "not recognized", a Ctrl-C/Ctrl-Break ending is 0xC000013A, and the
// NTSTATUS crash codes (0xC0000005…) are large unsigned numbers that Node may hand over negative.
import os from 'node:os';

/** Exit codes a task counts as success (robocopy uses 0-7, for instance). Default: only 0. */
export const DEFAULT_SUCCESS_EXIT_CODES: readonly number[] = [0];

export function isSuccessExitCode(code: number | null, successCodes: readonly number[] | undefined): boolean {
  if (code === null) return false;
  const list = successCodes && successCodes.length > 0 ? successCodes : DEFAULT_SUCCESS_EXIT_CODES;
  return list.includes(code);
}

const firstWord = (command: string) => command.trim().split(/\s+/)[0] ?? command;

/** The program the shell complained about, from its own message (dash, bash, zsh, busybox, cmd wordings). */
export function nameFromShellError(stderr: string, complaint: RegExp): string | null {
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
  return bySignal ? `Killed by ${bySignal} (exit code ${code})` : `Exited with code ${code}`;
}
