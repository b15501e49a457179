// A task's triggers beyond its cron schedule, and its run conditions (issue #16): the shape every layer
// shares, and its zod schema with every text bounded. Kept apart from the task's own fields so that the
// task list stays as fast as it is: only the editor, export/import and the trigger parts read these.
import { z } from 'zod';
import { CLEAN_LINE, singleLine } from './text-fields';

import { TRIGGER_LIMITS, CHAIN_CONDITIONS, WEBHOOK_MODES, WEBHOOK_ON } from './trigger-types';
export {
  CHAIN_CONDITIONS,
  WEBHOOK_MODES,
  WEBHOOK_ON,
  TRIGGER_LIMITS,
  NO_TRIGGERS,
  hasEventTriggers,
  type ChainCondition,
  type WebhookMode,
  type WebhookOn,
  type ChainTrigger,
  type TaskTriggers,
} from './trigger-types';

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
