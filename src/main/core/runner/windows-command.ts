// How a task's command reaches the platform shell, and what cmd.exe cannot do (refused in plain words).
//
// Windows: exactly what Node's `shell: true` does: `comspec /d /s /c "<command>"` with
// windowsVerbatimArguments. Without verbatim arguments libuv quotes the last argument itself and escapes
// its inner quotes as \" — which cmd.exe does not understand — so `"C:\Program Files\x.exe" "D:\My Data"`
// arrived as `\"C:\Program…` and was "not recognized". With /s, cmd strips exactly the outer pair we add
// and runs the rest as typed.
//
// cmd.exe cannot use a UNC path (\\server\share) as its current folder (it warns and runs in C:\Windows),
// so such a working folder goes through `pushd`, which maps a temporary drive letter; its command line is
// limited to 8,191 characters, so longer commands are refused before anything starts.
import path from 'node:path';

/** cmd.exe's maximum command-line length (characters), from Microsoft's documentation. */
export const CMD_MAX_CHARS = 8191;

export interface ShellInvocation {
  file: string;
  args: string[];
  /** Passed to spawn: libuv copies the arguments as they are (Windows only). */
  windowsVerbatimArguments: boolean;
  /** The folder the shell starts in (a UNC working folder becomes pushd's job, see above). */
  cwd: string;
}

const isUncPath = (folder: string) => /^[\\/]{2}[^\\/]/.test(folder) && !/^[\\/]{2}[.?][\\/]/.test(folder);

/** The text cmd.exe runs for `command` in `cwd`: a UNC folder is entered with pushd first. */
export function windowsCommandText(command: string, cwd: string): string {
  if (!isUncPath(cwd)) return command;
  // `&` binds loosest in cmd, so the user's own &&, || and | keep their meaning; a pushd that fails
  // (share gone, no rights) ends the run with code 1 and cmd's own message instead of running elsewhere.
  return `pushd "${cwd}" || exit 1 & ${command}`;
}

/** Why cmd.exe cannot run this command, or null. */
export function windowsCommandProblem(command: string, cwd = ''): string | null {
  const text = windowsCommandText(command, cwd);
  if (text.length > CMD_MAX_CHARS) {
    return `The command is ${text.length.toLocaleString('en-US')} characters long; cmd.exe on Windows accepts at most ${CMD_MAX_CHARS.toLocaleString('en-US')}. Put it in a .cmd or .ps1 file and run that.`;
  }
  if (/[\r\n]/.test(command)) {
    return 'The command has several lines; cmd.exe runs only the first. Join them with & or put them in a .cmd file.';
  }
  return null;
}

/** Where Windows starts the shell when the working folder is a UNC path: a local folder that exists. */
function localFolder(env: NodeJS.ProcessEnv): string {
  return env.SystemRoot || env.windir || 'C:\\Windows';
}

export function shellInvocation(
  command: string,
  platform: NodeJS.Platform = process.platform,
  cwd = '',
  env: NodeJS.ProcessEnv = process.env,
): ShellInvocation {
  if (platform === 'win32') {
    const file = env.ComSpec || env.comspec || 'cmd.exe';
    const unc = isUncPath(cwd);
    return {
      file,
      args: ['/d', '/s', '/c', `"${windowsCommandText(command, cwd)}"`],
      windowsVerbatimArguments: true,
      cwd: unc ? localFolder(env) : cwd,
    };
  }
  return { file: '/bin/sh', args: ['-c', command], windowsVerbatimArguments: false, cwd };
}

/** Whether a folder is a Windows UNC path (\\server\share\...). */
export const isWindowsUncPath = (folder: string): boolean =>
  isUncPath(folder) && path.win32.isAbsolute(folder);
