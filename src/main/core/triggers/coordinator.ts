// The trigger parts together: chains, the start-up trigger, file triggers, power conditions and webhooks.
// It listens to the core's run events and asks the scheduler (through TriggerHost) to start or cancel
// runs; the scheduler asks it, at every start, whether a power condition forbids the run. It keeps every
// task's triggers in memory (reloaded when a task changes), so that question costs no statement.
import path from 'node:path';
import type { TaskTriggers } from '../../../shared/triggers';
import type { Database } from '../db/database';
import type { CoreEvents } from '../events';
import { getExecution } from '../store/executions';
import { triggersOf } from '../store/triggers';
import { ChainRunner } from './chain-runner';
import { ChainSweep } from './chain-sweep';
import { FileRunner } from './file-runner';
import type { KeepAwake } from './keep-awake';
import { PowerGuard } from './power-guard';
import type { PowerSource } from './power-source';
import { StartupRunner } from './startup-runner';
import type { TriggerHost, TriggerTasks } from './trigger-host';
import { WebhookSender, type WebhookTarget } from './webhook-sender';

export interface TriggerDeps {
  db: Database;
  events: CoreEvents;
  host: TriggerHost;
  tasks: Pick<TriggerTasks, 'taskInfo'>;
  dataDir: string;
  power: PowerSource;
  keepAwake: KeepAwake;
  /** The default webhook from Settings (null: none). */
  webhookDefault: () => WebhookTarget | null;
  log: (line: string) => void;
  /** The scheduler's clock (the server's time in team mode). */
  now: () => number;
}

export class TriggerCoordinator {
  private triggers = new Map<number, TaskTriggers>();
  private readonly chains: ChainRunner;
  private readonly startup: StartupRunner;
  /** Chain runs a stopped process did not start (chain-sweep.ts). */
  readonly sweep: ChainSweep;
  readonly files: FileRunner;
  readonly power: PowerGuard;
  readonly webhooks: WebhookSender;
  private unsubscribe: (() => void)[] = [];

  constructor(private readonly deps: TriggerDeps) {
    const tasks: TriggerTasks = {
      triggersOf: (ids) => triggersOf(deps.db, ids),
      taskInfo: (id) => deps.tasks.taskInfo(id),
    };
    this.chains = new ChainRunner(deps.db, deps.host, tasks, deps.log);
    this.startup = new StartupRunner(deps.db, deps.host, deps.log);
    this.sweep = new ChainSweep(deps.db, this.chains, deps.now, deps.log);
    this.files = new FileRunner(
      deps.db,
      deps.host,
      path.join(deps.dataDir, 'triggers'),
      deps.log,
      (taskId, status) =>
        deps.events.emit('task.watchStatus', {
          taskId,
          state: status.state,
          message: status.state === 'missing' ? status.message : null,
        }),
    );
    this.power = new PowerGuard(
      deps.power,
      deps.host,
      (id) => this.triggers.get(id),
      deps.keepAwake,
      deps.log,
    );
    this.webhooks = new WebhookSender(deps.db, deps.webhookDefault, deps.log, (executionId, outcome) =>
      deps.events.emit('execution.webhook', {
        executionId,
        ok: outcome.ok,
        error: outcome.error,
        at: outcome.at,
      }),
    );
  }

  /** The scheduler started: load every task's triggers, watch folders, run the start-up tasks. */
  async start(): Promise<void> {
    this.triggers = await triggersOf(this.deps.db);
    const { events } = this.deps;
    // In team mode other machines' run events are relayed here too (team-events.ts): only our own runs
    // are held awake and send their webhook (a relayed run is not among ours; at its `finished` event a
    // run of ours still is). Chains follow every run: their claim makes one machine start each.
    const ours = (id: number) => this.deps.host.runningExecutions().some((r) => r.executionId === id);
    this.unsubscribe.push(
      events.on('execution.started', ({ execution }) => {
        if (!ours(execution.id)) return;
        this.power.runStarted(execution.id, execution.taskId, execution.pid, execution.taskName ?? '');
      }),
      events.on(
        'execution.finished',
        ({ execution, taskName }) => void this.runEnded(execution, taskName, ours(execution.id)),
      ),
    );
    this.power.start();
    await this.files.sync();
    await this.startup.start();
    // Chain runs a stopped process had not started (after recovery: interrupted runs are final by now).
    await this.sweep.start(this.deps.db.dialect.teamMode);
  }

  async stop(): Promise<void> {
    for (const off of this.unsubscribe.splice(0)) off();
    this.startup.stop();
    await this.sweep.stop();
    this.power.stop();
    await this.files.stop();
    await this.webhooks.drain(6_000);
  }

  /** A task was saved or deleted: reload its triggers and re-sync the watchers. */
  async taskChanged(taskId: number): Promise<void> {
    const loaded = await triggersOf(this.deps.db, [taskId]);
    const t = loaded.get(taskId);
    if (t) this.triggers.set(taskId, t);
    else this.triggers.delete(taskId);
    await this.files.sync();
  }

  /**
   * Runs that recovery marked `interrupted` (this process won each one's guarded update, so each is sent
   * once): the same webhook as a run that ended here, after the record is written. Chains follow them
   * through the finished event (team) or the chain sweep at start (chain-sweep.ts).
   */
  async runsInterrupted(executionIds: number[]): Promise<void> {
    for (const id of executionIds) {
      const execution = await getExecution(this.deps.db, id);
      if (!execution || execution.status !== 'interrupted') continue;
      const triggers = this.triggers.get(execution.taskId);
      this.webhooks.runEnded(execution, execution.taskName ?? '', triggers);
    }
  }

  /** Why a run of the task must not start now (a power condition), or null. */
  skipReason(taskId: number): string | null {
    return this.power.skipReason(taskId);
  }

  private async runEnded(
    execution: Parameters<ChainRunner['runEnded']>[0],
    taskName: string,
    ours: boolean,
  ): Promise<void> {
    try {
      const problem = await this.power.runEnded(execution.id);
      if (problem) this.deps.log(`Keep awake, execution ${execution.id}: ${problem}`);
      if (ours) this.webhooks.runEnded(execution, taskName, this.triggers.get(execution.taskId));
      await this.chains.runEnded(execution);
    } catch (err) {
      this.deps.log(`Triggers after execution ${execution.id}: ${String(err)}`);
    }
  }
}
