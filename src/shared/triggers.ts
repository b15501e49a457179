// A task's triggers beyond its cron schedule, and its run conditions (issue #16): the shape every layer
// shares, and its zod schema with every text bounded. Kept apart from the task's own fields so that the
// task list stays as fast as it is: only the editor, export/import and the trigger parts read these.
import { z } from 'zod';
import { CLEAN_LINE, singleLine } from './text-fields';

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

export const webhookUrlSchema = z
  .string()
  .trim()
  .max(TRIGGER_LIMITS.url, `Webhook URL is at most ${TRIGGER_LIMITS.url} characters`)
  .regex(CLEAN_LINE, 'Webhook URL must not contain control characters')
  .refine(
    (url) => /^https?:\/\/[^/\s]/i.test(url) && URL.canParse(url),
    'Webhook URL must be an http:// or https:// URL',
  );

export const taskTriggersSchema = z
  .object({
    chains: z
      .array(
        z
          .object({ upstreamTaskId: z.number().int().positive(), condition: z.enum(CHAIN_CONDITIONS) })
          .strict(),
      )
      .max(TRIGGER_LIMITS.chains, `At most ${TRIGGER_LIMITS.chains} upstream tasks`)
      .refine(
        (chains) => new Set(chains.map((c) => c.upstreamTaskId)).size === chains.length,
        'Each upstream task may appear once',
      )
      .default([]),
    onStartup: z.boolean().default(false),
    startupDelaySeconds: z
      .number()
      .int()
      .min(0, 'Start-up delay cannot be negative')
      .max(TRIGGER_LIMITS.startupDelaySeconds, 'Start-up delay is at most a day (86400 s)')
      .default(0),
    watch: z
      .object({
        folder: singleLine(TRIGGER_LIMITS.folder).trim().min(1, 'Choose the folder to watch'),
        glob: singleLine(TRIGGER_LIMITS.glob).trim().nullable().default(null),
        debounceMs: z
          .number()
          .int()
          .min(TRIGGER_LIMITS.debounceMinMs, `Quiet period is at least ${TRIGGER_LIMITS.debounceMinMs} ms`)
          .max(TRIGGER_LIMITS.debounceMaxMs, 'Quiet period is at most 10 minutes')
          .default(2_000),
      })
      .strict()
      .nullable()
      .default(null),
    onlyOnAc: z.boolean().default(false),
    stopOnBattery: z.boolean().default(false),
    keepAwake: z.boolean().default(false),
    webhookMode: z.enum(WEBHOOK_MODES).default('default'),
    webhookUrl: webhookUrlSchema.nullable().default(null),
    webhookOn: z.enum(WEBHOOK_ON).default('failure'),
    webhookSecret: singleLine(TRIGGER_LIMITS.secret).nullable().default(null),
  })
  .strict()
  .superRefine((t, ctx) => {
    if (t.webhookMode === 'custom' && !t.webhookUrl) {
      ctx.addIssue({ code: 'custom', path: ['webhookUrl'], message: 'Enter the webhook URL' });
    }
  });
