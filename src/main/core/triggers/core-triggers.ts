// How createCore (core.ts) sets up the trigger parts for a scheduling core (the app, `serve`): the power
// source and keep-awake (the shell passes Electron's; `serve` gets the OS's own), the webhook default
// from Settings (cached, refreshed when Settings change), and the TriggerCoordinator started after the
// scheduler and stopped before it. A one-shot CLI core has none of this.
import type { Settings } from '../../../shared/types';
import type { Database } from '../db/database';
import type { CoreEvents } from '../events';
import { findTask } from '../store/tasks';
import { TriggerCoordinator } from './coordinator';
import { osKeepAwake, type KeepAwake } from './keep-awake';
import { osPowerReader, pollingPowerSource, type PowerSource } from './power-source';
import type { TriggerHost } from './trigger-host';
import type { WebhookTarget } from './webhook-sender';

export interface CoreTriggerOptions {
  db: Database;
  events: CoreEvents;
  host: TriggerHost;
  dataDir: string;
  settings: { get(): Promise<Settings> };
  log: (line: string) => void;
  /** The scheduler's clock (default Date.now). */
  now?: () => number;
  /** Default: the OS's power state, polled (power-source.ts). */
  power?: PowerSource;
  /** Default: the OS's own tool (keep-awake.ts). */
  keepAwake?: KeepAwake;
}

export const webhookDefaultOf = (s: Settings): WebhookTarget | null =>
  s.webhookUrl ? { url: s.webhookUrl, on: s.webhookOn, secret: s.webhookSecret || null } : null;

export class CoreTriggers {
  readonly coordinator: TriggerCoordinator;
  readonly power: PowerSource;
  private fallback: WebhookTarget | null = null;
  private started = false;
  /** Runs recovered before the trigger parts started (the scheduler recovers first): sent at start. */
  private interruptedEarly: number[] = [];

  constructor(private readonly o: CoreTriggerOptions) {
    this.power = o.power ?? pollingPowerSource(osPowerReader());
    this.coordinator = new TriggerCoordinator({
      db: o.db,
      events: o.events,
      host: o.host,
      tasks: {
        taskInfo: async (id) => {
          const task = await findTask(o.db, id);
          return task ? { name: task.name, maxRetries: task.maxRetries, enabled: task.enabled } : null;
        },
      },
      dataDir: o.dataDir,
      power: this.power,
      keepAwake: o.keepAwake ?? osKeepAwake(),
      webhookDefault: () => this.fallback,
      log: o.log,
      now: o.now ?? Date.now,
    });
  }

  skipReason(taskId: number): string | null {
    return this.started ? this.coordinator.skipReason(taskId) : null;
  }

  async start(): Promise<void> {
    await this.settingsChanged();
    await this.coordinator.start();
    this.started = true;
    this.runsInterrupted(this.interruptedEarly.splice(0));
  }

  /** Runs recovery marked interrupted: their webhook, once the trigger parts run. */
  runsInterrupted(executionIds: number[]): void {
    if (!this.started) {
      this.interruptedEarly.push(...executionIds);
      return;
    }
    if (executionIds.length === 0) return;
    this.coordinator
      .runsInterrupted(executionIds)
      .catch((err: unknown) => this.o.log(`Webhooks of interrupted runs: ${String(err)}`));
  }

  async stop(): Promise<void> {
    if (this.started) await this.coordinator.stop();
    this.started = false;
    this.interruptedEarly = [];
    this.power.close();
  }

  async settingsChanged(): Promise<void> {
    this.fallback = webhookDefaultOf(await this.o.settings.get());
  }

  async taskChanged(taskId: number): Promise<void> {
    if (this.started) await this.coordinator.taskChanged(taskId);
  }
}
