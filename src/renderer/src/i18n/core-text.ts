// What the core wrote (run messages, cron and time-zone errors, daylight-saving notes, wire errors), in the
// UI language: catalog messages are translated (src/shared/messages), anything else (job output, a
// name, an OS error) is shown as it is.
import { useCallback } from 'react';
import type { z } from 'zod';
import type { WireError } from '../../../shared/contract';
import { failureLine } from '../../../shared/failure-text';
import {
  codeOfIssue,
  formatMessage,
  localizeText,
  showError,
  showMessage,
  showReason,
} from '../../../shared/messages';
import { asBridgeError } from '../api/errors';
import type { Lang } from './i18n';
import { useLang } from './i18n';

export function coreText(text: string, lang: Lang): string {
  return localizeText(text, lang);
}

/** A run's failure line with its own message in the UI language (the job's last words stay as they are). */
export function localFailureLine(
  execution: Parameters<typeof failureLine>[0] &
    Partial<{ messageCode: string; messageParams: Record<string, string | number> }>,
  lang: Lang,
): string {
  const own = execution.errorMessage;
  const message =
    own === null
      ? null
      : showMessage(
          { message: own, messageCode: execution.messageCode, params: execution.messageParams },
          lang,
        );
  return failureLine({ ...execution, errorMessage: message }, lang === 'en' ? ': ' : '：');
}

/**
 * A wire error's text in the UI language: its English message, or its code's text (with the field it names,
 * "名称：最多 200 个字符") when the catalog knows it, else the stored-English reading of its message.
 */
export function errorText(
  error: Pick<WireError, 'message' | 'messageCode' | 'params' | 'field'>,
  lang: Lang,
): string {
  return showError(error, lang);
}

/** errorText of anything a bridge call rejected with, in the UI language (for toasts and error lines). */
export function useErrorText(): (error: unknown) => string {
  const lang = useLang();
  return useCallback((error: unknown) => showError(asBridgeError(error), lang), [lang]);
}

/** Like useErrorText, for an error shown under its own field: the reason without the field's name. */
export function useReasonText(): (error: unknown) => string {
  const lang = useLang();
  return useCallback((error: unknown) => showReason(asBridgeError(error), lang), [lang]);
}

/** The reason of a zod issue the renderer found itself (a form checked before sending), in the UI language. */
export function issueText(issue: z.core.$ZodIssue, lang: Lang): string {
  if (lang === 'en') return issue.message;
  const coded = codeOfIssue(issue);
  return formatMessage(coded.code, coded.params, lang);
}

/** coreText bound to the UI language. */
export function useCoreText(): (text: string) => string {
  const lang = useLang();
  return useCallback((text: string) => localizeText(text, lang), [lang]);
}
