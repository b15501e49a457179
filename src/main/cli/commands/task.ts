// `cronkeeper task ...`: create, read, change, delete and run tasks, all through the contract's handlers.
import type { ChannelInput } from '../../../shared/contract';
import { FINAL_STATUSES, type Execution, type Task } from '../../../shared/types';
import { parseId, type PositionalSpec } from '../args';
import type { Command } from '../command';
import { CliError, EXIT_FAILED, EXIT_OK } from '../errors';
import { executionSummary, taskDetails, toJson } from '../format';
import type { Session } from '../session';
import { editTags } from '../../../shared/task-tags';
import { taskListCommand } from './task-list';
import {
  addOptions,
  checkSchedule,
  editOptions,
  parseEnvPairs,
  taskFieldsFromOptions,
} from '../task-options';
import { hasTriggerOptions, triggerLines, triggersFromOptions, type TaskResolver } from '../trigger-options';

/** Finds an upstream task for --after by id (digits) or exact name. */
function taskResolver(session: Session): TaskResolver {
  return async (ref) => {
    const { items } = await session.call('tasks.list', { limit: 10_000, sort: 'name', order: 'asc' });
    const byName = items.find((task) => task.name === ref);
    const byId = /^\d+$/.test(ref) ? items.find((task) => task.id === Number(ref)) : undefined;
    const found = byName ?? byId;
    if (!found) throw new CliError(`--after: no task named or numbered '${ref}'`);
    return { id: found.id, name: found.name };
  };
}

const ID: PositionalSpec[] = [{ name: 'ID', required: true, help: 'Task id (see `task list`)' }];

const taskId = (session: Session) => parseId('task id', session.positionals[0]);

function printTask(session: Session, task: Task, line: string): number {
  session.io.out(session.json ? toJson(task) : line);
  return EXIT_OK;
}

const add: Command = {
  name: 'task add',
  summary: 'Create a task',
  options: addOptions(),
  async run(session) {
    checkSchedule(session.options, true);
    const fields: Record<string, unknown> = { ...taskFieldsFromOptions(session.options) };
    const triggers = await triggersFromOptions(session.options, taskResolver(session));
    if (triggers) fields.triggers = triggers;
    // The contract's schema checks the required fields at run time (taskInputSchema).
    const task = await session.call('tasks.create', fields as ChannelInput<'tasks.create'>);
    return printTask(session, task, `Created task #${task.id} ${task.name}`);
  },
};

const show: Command = {
  name: 'task show',
  summary: 'Show every field of a task',
  positionals: ID,
  async run(session) {
    const task = await session.call('tasks.get', { id: taskId(session) });
    if (session.json) return printTask(session, task, '');
    const names = new Map<number, string>();
    if (task.triggers?.chains.length) {
      const { items } = await session.call('tasks.list', { limit: 10_000, sort: 'name', order: 'asc' });
      for (const item of items) names.set(item.id, item.name);
    }
    const nameOf = (id: number) => (names.has(id) ? `${names.get(id)} (#${id})` : `#${id}`);
    return printTask(session, task, taskDetails(task, triggerLines(task.triggers, nameOf)));
  },
};

const edit: Command = {
  name: 'task edit',
  summary: 'Change some fields of a task',
  positionals: ID,
  options: editOptions(),
  details: '--env adds or replaces variables and keeps the others; --unset-env and --clear-env remove them.',
  async run(session) {
    const id = taskId(session);
    const { options } = session;
    if (options.flag('enabled') && options.flag('disabled'))
      throw new CliError('--enabled and --disabled conflict');
    checkSchedule(options, false);
    const patch: Record<string, unknown> = { ...taskFieldsFromOptions(options) };
    if (hasTriggerOptions(options)) {
      const before = await session.call('tasks.get', { id });
      const triggers = await triggersFromOptions(options, taskResolver(session), before.triggers);
      if (triggers) patch.triggers = triggers;
    }
    if (options.flag('enabled')) patch.enabled = true;
    const envChange = options.has('env') || options.has('unset-env') || options.flag('clear-env');
    const tagChange = options.has('tag') || options.has('untag') || options.flag('clear-tags');
    if (Object.keys(patch).length === 0 && !envChange && !tagChange) {
      throw new CliError('task edit needs at least one option to change (see cronkeeper task edit --help)');
    }
    const current = envChange || tagChange ? await session.call('tasks.get', { id }) : null;
    if (current && tagChange) {
      // --tag adds to the task's tags (as --env adds variables); --untag and --clear-tags remove.
      const kept = options.flag('clear-tags') ? [] : (current.tags ?? []);
      patch.tags = editTags(kept, options.list('tag'), options.list('untag'));
    }
    if (current && envChange) {
      const env: Record<string, string> = options.flag('clear-env') ? {} : { ...current.env };
      for (const key of options.list('unset-env')) delete env[key];
      Object.assign(env, parseEnvPairs(options.list('env')));
      patch.env = env;
    }
    const task = await session.call('tasks.update', { id, patch });
    return printTask(session, task, `Updated task #${task.id} ${task.name}`);
  },
};

const rm: Command = {
  name: 'task rm',
  summary: 'Delete a task and its history',
  positionals: ID,
  async run(session) {
    const id = taskId(session);
    const task = await session.call('tasks.get', { id });
    const { deletedExecutions } = await session.call('tasks.delete', { id });
    session.io.out(
      session.json
        ? toJson({ id, deletedExecutions })
        : `Deleted task #${id} ${task.name} and ${deletedExecutions} execution${deletedExecutions === 1 ? '' : 's'}`,
    );
    return EXIT_OK;
  },
};

function toggle(
  name: string,
  summary: string,
  verb: string,
  patch: { paused: boolean } | { enabled: boolean },
): Command {
  return {
    name,
    summary,
    positionals: ID,
    async run(session) {
      const id = taskId(session);
      const task =
        'paused' in patch
          ? await session.call('tasks.setPaused', { id, paused: patch.paused })
          : await session.call('tasks.setEnabled', { id, enabled: patch.enabled });
      return printTask(session, task, `${verb} task #${task.id} ${task.name}`);
    },
  };
}

/** Resolves when the execution reaches a final status: by event when this process runs it, else by polling. */
function waitForFinal(session: Session, executionId: number): Promise<Execution> {
  return new Promise((resolve, reject) => {
    let finished = false;
    let unsubscribe = () => {};
    const finish = (execution: Execution) => {
      if (finished) return;
      finished = true;
      clearInterval(poll);
      unsubscribe();
      resolve(execution);
    };
    const check = () =>
      session
        .call('executions.get', { id: executionId })
        .then((execution) => FINAL_STATUSES.includes(execution.status) && finish(execution))
        .catch((err: unknown) => {
          if (finished) return;
          finished = true;
          clearInterval(poll);
          unsubscribe();
          reject(err);
        });
    const poll = setInterval(check, 500);
    void session.open().then((core) => {
      unsubscribe = core.events.on('execution.finished', ({ execution }) => {
        if (execution.id === executionId) finish(execution);
      });
      void check();
    });
  });
}

const run: Command = {
  name: 'task run',
  summary: 'Run a task now',
  positionals: ID,
  options: [
    { name: 'wait', kind: 'flag', help: 'Wait for the run, print its final status, exit 0 only on success' },
  ],
  details:
    'Without --wait, prints the execution id. When `serve` or the app is running, the run is handed to it and\n' +
    'this command returns at once; otherwise this process runs the job and returns when it ends.\n' +
    'With --wait, prints the final status and exits 0 only on success (1 otherwise); Ctrl-C cancels the run.',
  async run(session) {
    const id = taskId(session);
    const { executionId } = await session.call('tasks.runNow', { id });
    const wait = session.options.flag('wait');
    // A one-shot core runs the job itself only when no live scheduler holds the data dir.
    const runsHere = (await session.call('scheduler.state', {})).running > 0;
    if (!wait) {
      session.io.out(session.json ? toJson({ executionId }) : String(executionId));
      if (!runsHere) return EXIT_OK;
    }
    const cancelOnInterrupt = () =>
      void session.call('executions.cancel', { id: executionId }).catch(() => {});
    process.on('SIGINT', cancelOnInterrupt);
    process.on('SIGTERM', cancelOnInterrupt);
    try {
      const execution = await waitForFinal(session, executionId);
      if (!wait) return EXIT_OK;
      const task = await session.call('tasks.get', { id }).catch(() => undefined);
      session.io.out(session.json ? toJson(execution) : executionSummary(execution, task?.name));
      return execution.status === 'success' ? EXIT_OK : EXIT_FAILED;
    } finally {
      process.off('SIGINT', cancelOnInterrupt);
      process.off('SIGTERM', cancelOnInterrupt);
    }
  },
};

export const taskCommands: Command[] = [
  add,
  taskListCommand,
  show,
  edit,
  rm,
  toggle('task pause', 'Pause a task (it stays enabled but does not run)', 'Paused', { paused: true }),
  toggle('task resume', 'Resume a paused task', 'Resumed', { paused: false }),
  toggle('task enable', 'Enable a task', 'Enabled', { enabled: true }),
  toggle('task disable', 'Disable a task', 'Disabled', { enabled: false }),
  run,
];
