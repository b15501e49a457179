// A task's triggers beyond its cron schedule and its run conditions (issue #16): the shapes and constants,
// free of zod so that the CLI's quick read path can map stored rows without loading it. The schemas are in
// triggers.ts.

export const CHAIN_CONDITIONS = ['success', 'failure', 'always'] as const;
export type ChainCondition = (typeof CHAIN_CONDITIONS)[number];
export const WEBHOOK_MODES = ['default', 'off', 'custom'] as const;
export type WebhookMode = (typeof WEBHOOK_MODES)[number];
export const WEBHOOK_ON = ['failure', 'success', 'always'] as const;
export type WebhookOn = (typeof WEBHOOK_ON)[number];

export const TRIGGER_LIMITS = {
  chains: 20,
  startupDelaySeconds: 86_400,
  folder: 1_024,
  glob: 200,
  debounceMinMs: 100,
  debounceMaxMs: 600_000,
  url: 2_000,
  secret: 200,
} as const;

export interface ChainTrigger {
  upstreamTaskId: number;
  condition: ChainCondition;
}

export interface TaskTriggers {
  /** Run when another task's run ends; any one of them fires it. */
  chains: ChainTrigger[];
  /** Run when the scheduler starts (the app or `serve`), after the delay. */
  onStartup: boolean;
  startupDelaySeconds: number;
  /** Run when files under the folder change (matching the glob, when set). */
  watch: { folder: string; glob: string | null; debounceMs: number } | null;
  /** Skip a slot that comes while on battery. */
  onlyOnAc: boolean;
  /** Cancel the run when the computer switches to battery. */
  stopOnBattery: boolean;
  /** Keep the computer from sleeping while the run lasts. */
  keepAwake: boolean;
  /** `default` uses the webhook in Settings (if any); `off` sends none; `custom` uses the fields below. */
  webhookMode: WebhookMode;
  webhookUrl: string | null;
  webhookOn: WebhookOn;
  webhookSecret: string | null;
}

export const NO_TRIGGERS: TaskTriggers = {
  chains: [],
  onStartup: false,
  startupDelaySeconds: 0,
  watch: null,
  onlyOnAc: false,
  stopOnBattery: false,
  keepAwake: false,
  webhookMode: 'default',
  webhookUrl: null,
  webhookOn: 'failure',
  webhookSecret: null,
};

/** Whether a task has anything besides its cron schedule that can start it. */
export const hasEventTriggers = (t: TaskTriggers): boolean =>
  t.chains.length > 0 || t.onStartup || t.watch !== null;
