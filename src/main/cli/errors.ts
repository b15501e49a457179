// Exit codes and the one-line error every failure is reduced to. Scripts rely on the codes:
// 0 done, 1 the work itself failed (a run that did not succeed, an unexpected error), 2 the request was bad
// (unknown command or option, invalid value, missing task, data dir held by another scheduler).
export const EXIT_OK = 0;
export const EXIT_FAILED = 1;
export const EXIT_USAGE = 2;

/** A problem with what the user asked for, detected by the CLI itself. */
export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode: number = EXIT_USAGE,
  ) {
    super(message);
    this.name = 'CliError';
  }
}
