// `cronkeeper serve`: the scheduler without a window (servers, login services). One log line per run start
// and finish, SIGTERM/SIGINT stop gracefully (running jobs get their grace period) and exit 0. With
// --ui-port it also serves the UI in a browser, on 127.0.0.1 only. Its lines are printed and also written
// to the application log (logs/cronkeeper.log in the data folder): a service's stdout is often lost.
// A database fault does not stop it (the scheduler goes degraded and recovers); if scheduling really stops
// without a signal (another scheduler took the data folder, or nothing is left to keep the process alive)
// it exits non-zero and says why, so that a supervisor restarting on failure does restart it.
import fs from 'node:fs';
import path from 'node:path';
import type { Execution } from '../../../shared/types';
import { levelOfLine } from '../../core/app-log';
import type { Core } from '../../core/core';
import type { Command } from '../command';
import { CliError, EXIT_FAILED, EXIT_OK } from '../errors';
import { executionSummary, formatTime } from '../format';
import { describeError } from '../report-error';
import type { Session } from '../session';
import { graceFor, STOP_GRACE_MS, waitForStopSignal } from '../stop-signals';
import { version } from '../version';

/** Prints run lines in event order, even though looking up a task's name is asynchronous. */
class RunLog {
  private chain: Promise<void> = Promise.resolve();
  private readonly names = new Map<number, string>();
  private core: Core | undefined;

  constructor(private readonly print: (line: string) => void) {}

  /** Subscribes to the core's run events; the core also supplies task names the events lack. */
  attach(core: Core): void {
    this.core = core;
    core.events.on('execution.started', ({ execution }) => this.started(execution));
    core.events.on('execution.finished', ({ execution, taskName }) => this.finished(execution, taskName));
  }

  /** Prints a line; `record` also writes it to the application log (the core's own lines are already). */
  line(text: string, record = true): void {
    this.enqueue(async () => {
      this.print(`${formatTime(Date.now())} ${text}`);
      if (record) this.record(text);
    });
  }

  private record(text: string): void {
    this.core?.appLog?.write(levelOfLine(text), text);
  }

  started(execution: Execution): void {
    const at = Date.now();
    this.enqueue(async () => {
      const name = await this.taskName(execution);
      const text = `started  #${execution.id} ${name} (${execution.trigger})`;
      this.print(`${formatTime(at)} ${text}`);
      this.record(text);
    });
  }

  finished(execution: Execution, taskName: string): void {
    const at = Date.now();
    this.names.set(execution.taskId, taskName);
    this.enqueue(async () => {
      const text = `finished ${executionSummary(execution, taskName)}`;
      this.print(`${formatTime(at)} ${text}`);
      this.record(text);
    });
  }

  flush(): Promise<void> {
    return this.chain;
  }

  private enqueue(step: () => Promise<void>): void {
    this.chain = this.chain.then(step).catch(() => {});
  }

  private async taskName(execution: Execution): Promise<string> {
    if (execution.taskName) return execution.taskName;
    const known = this.names.get(execution.taskId);
    if (known) return known;
    const name =
      (await this.core?.tasks
        .get(execution.taskId)
        .then((task) => task.name)
        .catch(() => undefined)) ?? `task ${execution.taskId}`;
    this.names.set(execution.taskId, name);
    return name;
  }
}

/** The core's own log lines, minus its run start/finish lines: the run events print those, with ids. */
function serveLogLine(runLog: RunLog, line: string): void {
  if (/^(Started|Finished) "/.test(line)) return;
  runLog.line(line, false);
}

/**
 * The built renderer, out/renderer: beside out/main, whether the bundler put this code in out/main/cli.js
 * or in a chunk under out/main/chunks (the CLI's entry loads the command line as a chunk).
 */
function builtRendererDir(): string {
  for (let dir = __dirname, i = 0; i < 3; i++, dir = path.dirname(dir)) {
    const candidate = path.join(dir, '..', 'renderer');
    if (fs.existsSync(path.join(candidate, 'index.html'))) return candidate;
  }
  return path.join(__dirname, '..', 'renderer'); // the host then says it is missing
}

/**
 * Resolves if the process is about to exit because nothing keeps it alive: with a healthy scheduler its
 * timer always does, so this is a bug's last line of defence against a silent exit 0.
 */
function emptyEventLoop(): Promise<void> {
  return new Promise((resolve) => process.once('beforeExit', () => resolve()));
}

export const serveCommand: Command = {
  name: 'serve',
  summary: 'Run the scheduler in the foreground, without a window',
  options: [
    {
      name: 'ui-port',
      kind: 'int',
      value: 'N',
      help: 'Also serve the UI on http://127.0.0.1:N (0 = any free port); prints the URL with its token',
    },
    {
      name: 'host-tag',
      kind: 'string',
      value: 'TAGS',
      help: 'Team mode: run the tasks pinned to these comma-separated tags (default: this host name)',
    },
  ],
  details:
    'Stops gracefully on SIGTERM, Ctrl-C, a closed terminal (SIGHUP) and, on Windows, Ctrl-Break or a ' +
    'closed console window: running jobs get 10 s (3 s when the console closes), then are cancelled.',
  async run(session: Session) {
    const uiPort = session.options.int('ui-port');
    if (uiPort !== undefined && (uiPort < 0 || uiPort > 65535)) {
      throw new CliError(`--ui-port must be between 0 and 65535, got ${uiPort}`);
    }
    // Listen before starting, so that a signal during start-up still stops cleanly.
    const signal = waitForStopSignal(() => process.exit(EXIT_FAILED));
    const print = (line: string) => session.io.out(line);
    const runLog = new RunLog(print);
    const { createCore } = await import('../../core/core');
    const { findBuiltHelper, forkHelper } = await import('../../core/runner/spawner/transport');
    const hostTags = session.options.string('host-tag');
    const helperScript = findBuiltHelper(__dirname);
    const core = await createCore({
      dataDir: session.dataDir,
      databaseUrl: session.databaseUrl,
      hostTags: hostTags ? hostTags.split(',').map((t) => t.trim()) : undefined,
      log: (line) => serveLogLine(runLog, line),
      // Runs start in a small helper process (why: core/runner/spawner/protocol.ts).
      runHelper: helperScript ? forkHelper(helperScript) : undefined,
    });
    runLog.attach(core);

    try {
      await core.start();
    } catch (err) {
      // Typically: another scheduler (serve or the app) holds the data dir's lease.
      await core.stop(0).catch(() => {});
      throw err;
    }
    let host: { url: string; close(): Promise<void> } | undefined;
    if (uiPort !== undefined) {
      try {
        // Loaded only here: the one-shot commands never pay for the HTTP and WebSocket servers.
        const { startBrowserHost } = await import('../../host/browser-host');
        host = await startBrowserHost(core, {
          port: uiPort,
          rendererDir: builtRendererDir(),
        });
      } catch (err) {
        await core.stop(0).catch(() => {});
        const code = (err as NodeJS.ErrnoException).code;
        if (code === 'EADDRINUSE')
          throw new CliError(`cannot serve the UI: port ${uiPort} is already in use`);
        throw err;
      }
    }
    runLog.line(
      `Cronkeeper ${version} serving ${session.dataDir} (pid ${process.pid}); stop with Ctrl-C or SIGTERM`,
    );
    // Exactly this line, unprefixed: scripts and the end-to-end tests look for it.
    if (host) print(`Cronkeeper UI: ${host.url}`);

    const outcome = await Promise.race([
      signal.then((received) => ({ received, halted: null })),
      core.scheduler.halted.then((halted) => ({ received: null, halted })),
      emptyEventLoop().then(() => ({
        received: null,
        halted: 'the scheduler stopped without a signal (its event loop emptied)',
      })),
    ]);
    if (outcome.halted !== null) {
      runLog.line(`stopping: ${outcome.halted}`);
      await host?.close().catch(() => {});
      await core.stop(STOP_GRACE_MS).catch(() => {});
      await runLog.flush();
      session.io.err(`cronkeeper: serve stopped: ${outcome.halted}`);
      return EXIT_FAILED;
    }
    const grace = graceFor(outcome.received);
    runLog.line(`${outcome.received}: stopping (running jobs get ${grace / 1000} s)`);
    try {
      await host?.close();
      await core.stop(grace);
    } catch (err) {
      session.io.err(`cronkeeper: ${describeError(err).line}`);
      return EXIT_FAILED;
    }
    runLog.line('stopped');
    await runLog.flush();
    return EXIT_OK;
  },
};
