// The `cronkeeper` entry point, run with plain Node (bin/cronkeeper.js -> out/main/cli.js). It loads only
// what the command needs: `cronkeeper --version` answers from here, without the argument parser, the
// contract's schemas (zod) or the database stack; `task list` and `history` try the quick read path
// (quick-read.ts) first; every other command loads the command line (run.ts), which loads the core only
// when a command opens the data folder.
import { version } from './version';

// `cronkeeper history | head` closes the pipe early: that is the reader's choice, not an error.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw err;
  });
}

const argv = process.argv.slice(2);
if (argv.length === 1 && argv[0] === '--version') {
  process.stdout.write(`${version}\n`);
} else {
  // `task list` and `history` on an up-to-date SQLite folder answer without the database stack (quick-read.ts).
  void import('./quick-read')
    .then(({ runQuickRead }) => runQuickRead(argv))
    // It prints nothing unless it answers; if it cannot even load, the normal path still answers.
    .catch(() => false)
    .then(async (answered) => {
      if (!answered) (await import('./run')).runCli(argv);
    });
}
