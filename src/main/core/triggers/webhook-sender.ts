// Sends a run's webhook after its record is written, in the background: the run's path never waits for
// it. The task's own webhook, or the default from Settings, or none ("off"). The outcome of the delivery
// (after its retries) is stored on the execution, so the drawer shows whether the hook got through.
import type { TaskTriggers } from '../../../shared/triggers';
import type { Execution } from '../../../shared/types';
import type { Database } from '../db/database';
import { recordWebhookOutcome } from '../store/triggers';
import {
  deliverWebhook,
  webhookDocument,
  webhookWanted,
  type DeliveryOutcome,
  type WebhookEvent,
} from './webhook';

export interface WebhookTarget {
  url: string;
  on: WebhookEvent;
  secret: string | null;
}

/** The hook a run of a task with `triggers` uses, given the Settings default. */
export function webhookTarget(
  triggers: TaskTriggers | undefined,
  fallback: WebhookTarget | null,
): WebhookTarget | null {
  const mode = triggers?.webhookMode ?? 'default';
  if (mode === 'off') return null;
  if (mode === 'custom' && triggers?.webhookUrl) {
    return { url: triggers.webhookUrl, on: triggers.webhookOn, secret: triggers.webhookSecret };
  }
  return fallback;
}

export class WebhookSender {
  private pending = new Set<Promise<void>>();

  constructor(
    private readonly db: Database,
    private readonly fallback: () => WebhookTarget | null,
    private readonly log: (line: string) => void,
    private readonly onDelivered: (executionId: number, outcome: DeliveryOutcome) => void = () => {},
    private readonly deliver: typeof deliverWebhook = deliverWebhook,
  ) {}

  runEnded(execution: Execution, taskName: string, triggers: TaskTriggers | undefined): void {
    const target = webhookTarget(triggers, this.fallback());
    if (!target || !webhookWanted(target.on, execution.status)) return;
    const document = webhookDocument({
      task: { id: execution.taskId, name: taskName },
      execution: {
        id: execution.id,
        status: execution.status,
        trigger: execution.trigger,
        scheduledAt: execution.scheduledAt,
        startTime: execution.startTime,
        endTime: execution.endTime,
        exitCode: execution.exitCode,
        errorSummary: execution.errorMessage,
        result: execution.result,
      },
    });
    const job = this.deliver({ url: target.url, secret: target.secret, document })
      .then(async (outcome) => {
        if (!outcome.ok) this.log(`Webhook for execution ${execution.id} failed: ${outcome.error}`);
        await recordWebhookOutcome(this.db, execution.id, outcome);
        this.onDelivered(execution.id, outcome);
      })
      .catch((err) => this.log(`Webhook for execution ${execution.id}: ${String(err)}`))
      .finally(() => this.pending.delete(job));
    this.pending.add(job);
  }

  /** Waits for deliveries under way (shutdown gives them a moment; each attempt times out in 5 s). */
  async drain(maxMs: number): Promise<void> {
    await Promise.race([
      Promise.allSettled([...this.pending]),
      new Promise((r) => setTimeout(r, maxMs).unref()),
    ]);
  }
}
