// The shape of one CLI command: its name, help and argument specs, and what it does.
import type { OptionSpec, PositionalSpec } from './args';
import type { Session } from './session';

export interface Command {
  /** The words that invoke it, e.g. "task add". */
  name: string;
  summary: string;
  positionals?: PositionalSpec[];
  options?: OptionSpec[];
  /** Extra paragraphs for `--help`. */
  details?: string;
  /** Returns the exit code. */
  run(session: Session): Promise<number>;
}
