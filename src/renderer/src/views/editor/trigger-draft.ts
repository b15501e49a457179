// The editor's checks of a task's triggers (shared/triggers.ts), in the user's language; the core checks
// them again on save (and refuses a chain cycle, which only it can see).
import { taskTriggersSchema, TRIGGER_LIMITS, type TaskTriggers } from '../../../../shared/triggers';
import { issueText } from '../../i18n/core-text';
import type { Lang, T } from '../../i18n/i18n';

export interface TriggerError {
  /** The path under the task, e.g. "triggers.chains" or "triggers.webhookUrl". */
  field: string;
  message: string;
}

const HTTP_URL = /^https?:\/\/[^/\s]/i;

/** Whether the text is a URL a webhook may use (http or https only). */
export function isWebhookUrl(url: string): boolean {
  return HTTP_URL.test(url.trim()) && URL.canParse(url.trim());
}

export function checkTriggerDetail(
  triggers: TaskTriggers,
  t: T,
  lang: Lang = 'en',
): TriggerError | undefined {
  if (triggers.chains.some((c) => !(c.upstreamTaskId > 0)))
    return { field: 'triggers.chains', message: t('triggers.chain.pick') };
  if (triggers.chains.length > TRIGGER_LIMITS.chains)
    return { field: 'triggers.chains', message: t('triggers.chain.tooMany', { max: TRIGGER_LIMITS.chains }) };
  if (new Set(triggers.chains.map((c) => c.upstreamTaskId)).size !== triggers.chains.length)
    return { field: 'triggers.chains', message: t('triggers.chain.duplicate') };
  if (triggers.watch && !triggers.watch.folder.trim())
    return { field: 'triggers.watch', message: t('triggers.watch.folderRequired') };
  if (triggers.webhookMode === 'custom') {
    const url = triggers.webhookUrl?.trim() ?? '';
    if (!url) return { field: 'triggers.webhookUrl', message: t('triggers.webhook.urlRequired') };
    if (!isWebhookUrl(url))
      return { field: 'triggers.webhookUrl', message: t('triggers.webhook.urlInvalid') };
  }
  const parsed = taskTriggersSchema.safeParse(triggers);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return { field: ['triggers', ...issue.path.map(String)].join('.'), message: issueText(issue, lang) };
  }
  return undefined;
}

export function checkTriggers(triggers: TaskTriggers, t: T, lang: Lang = 'en'): string | undefined {
  return checkTriggerDetail(triggers, t, lang)?.message;
}

/** The triggers as sent: blank texts become null, a custom webhook's fields are kept only when custom. */
export function triggersToInput(triggers: TaskTriggers): TaskTriggers {
  const custom = triggers.webhookMode === 'custom';
  return {
    ...triggers,
    chains: triggers.chains.map((c) => ({ ...c })),
    watch: triggers.watch
      ? {
          folder: triggers.watch.folder.trim(),
          glob: triggers.watch.glob?.trim() || null,
          debounceMs: triggers.watch.debounceMs,
        }
      : null,
    webhookUrl: custom ? triggers.webhookUrl?.trim() || null : null,
    webhookSecret: custom ? triggers.webhookSecret || null : null,
  };
}
